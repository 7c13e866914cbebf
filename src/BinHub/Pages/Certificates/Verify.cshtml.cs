using BinHub.Data;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace BinHub.Pages.Certificates;

/// <summary>
/// Anyone checks a training certificate's code (typed in the form, or from the link in the certificate: ?code=). Shows the holder's
/// name, the session, the curriculum version and the date, or that it was revoked — nothing else. Rate-limited like the other code checks.
/// </summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class VerifyModel(BinHubDb db, TimeProvider clock, CurrentActor current, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    public Features.Training.Certificates.Verification? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Code)) await CheckAsync(ct);
    }

    public async Task OnPostAsync(CancellationToken ct) => await CheckAsync(ct);

    private async Task CheckAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code)) { Errors.Add("Code", L["Training.CodeRequired"]); return; }
        Result = await Features.Training.Certificates.VerifyAsync(db, clock, await current.GetAsync(ct), Code, ct);
        // An unknown code is most often a typo: a refusal of the field (in the summary, linked to it), not a result to show.
        if (!Result.Found) Errors.Add("Code", L["Training.CodeUnknown"]);
    }
}
