using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>The member's volunteering: open calls of their area (apply with a motivation), their applications (withdraw), their status.</summary>
public sealed class VolunteeringModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public MyVolunteering.View? View { get; private set; }
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    [BindProperty] public int CallId { get; set; }
    [BindProperty] public int ApplicationId { get; set; }
    [BindProperty] public string? Motivation { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Motivation))
        {
            // The form's own check first: a form sent empty names no call yet, and "not found" would hide what is missing.
            Errors.Add("Motivation", L["Validation.Required", L["Volunteering.Motivation"]]);
            return await LoadAsync(ct);
        }
        return await AfterAsync(await MyVolunteering.ApplyAsync(db, clock, await current.GetAsync(ct), CallId, new MyVolunteering.ApplyRequest(Motivation), L,
            Features.Join.PublicUrl.Of(HttpContext), ct),
            L["Volunteering.AppliedDone"], ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        await AfterAsync(await MyVolunteering.WithdrawAsync(db, clock, await current.GetAsync(ct), ApplicationId, L, ct), L["Volunteering.WithdrawnDone"], ct);

    private async Task<IActionResult> AfterAsync(Outcome<MyVolunteering.Applied> outcome, string message, CancellationToken ct)
    {
        if (outcome is Outcome<MyVolunteering.Applied>.Ok)
        {
            Message = message;
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (await MyVolunteering.GetAsync(db, clock, await current.GetAsync(ct), ct) is not Outcome<MyVolunteering.View>.Ok ok) return NotFound();
        View = ok.Value;
        Names = await AreaNames.ForAsync(db, View.Statuses.Select(s => s.MunicipalityNis), Languages.Current, ct);
        return Page();
    }
}
