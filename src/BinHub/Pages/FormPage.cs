using BinHub.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages;

/// <summary>What form pages share: a notice after the redirect that follows a change, and the messages of a refused form.</summary>
public abstract class FormPage : PageModel
{
    [Microsoft.AspNetCore.Mvc.TempData] public string? Message { get; set; }
    public FormErrors Errors { get; } = new();

    /// <summary>Collects the refusal's messages; answers false for "not found", which the page turns into 404.</summary>
    protected bool Collect<T>(Outcome<T> outcome) => Collect(outcome, k => k);

    /// <summary>
    /// As <see cref="Collect{T}(Outcome{T})"/>, with the slice's keys turned into the page's (<paramref name="key"/>): where a field
    /// repeats per row (one select per event, one box per applicant), the key names the row's field by its id, so the summary
    /// links to the field the user just sent and not to the first of its name on the page.
    /// </summary>
    protected bool Collect<T>(Outcome<T> outcome, Func<string, string?> key)
    {
        switch (outcome)
        {
            case Outcome<T>.Invalid bad: Errors.AddRange(bad.Errors, key); return true; // keyed: the summary links each to its field
            case Outcome<T>.Forbidden f: Errors.Add(f.Message); return true;
            case Outcome<T>.NotFound: return false;
            default: return true;
        }
    }
}
