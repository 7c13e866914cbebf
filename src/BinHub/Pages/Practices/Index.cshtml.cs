using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Practices;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Practices;

/// <summary>The library: search and filters over published practices (public ones for anonymous visitors), or the reader's own proposals.</summary>
public sealed class IndexModel(BinHubDb db, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public PracticeTheme? Theme { get; set; }
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public SearchPractices.Page Result { get; private set; } = new([], 0, 1, 20);
    public IReadOnlyList<PracticeForm.Choice> Regions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> RegionNames { get; private set; } = new Dictionary<string, string>();
    public bool MayPropose { get; private set; }
    public bool MayReview { get; private set; }
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var lang = Languages.Current;
        Regions = await PracticeForm.RegionChoicesAsync(db, lang, ct);
        RegionNames = Regions.ToDictionary(r => r.Value, r => r.Text);
        MayPropose = PracticeRules.MayPropose(actor);
        MayReview = actor.IsNational;
        Result = await SearchPractices.HandleAsync(db, actor, new SearchPractices.Query(Q, Theme, Region, Language, Mine && !PracticeRules.IsAnonymous(actor), PageNumber), ct);
    }

    /// <summary>The same search on another page.</summary>
    public string PageLink(int page) =>
        "?" + string.Join("&", new[] { ("q", Q), ("theme", Theme?.ToString()), ("region", Region), ("language", Language), ("mine", Mine ? "true" : null), ("p", page.ToString()) }
            .Where(x => !string.IsNullOrEmpty(x.Item2)).Select(x => $"{x.Item1}={Uri.EscapeDataString(x.Item2!)}"));
}
