using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Reports;

/// <summary>A coordinator reports for a member who phoned (or an unknown caller): the reduced form.</summary>
public sealed class OnBehalfModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, ILiveNotifier<PoliceHub> live)
    : ReportPage
{
    public List<OnBehalfForm.Choice> Bins { get; private set; } = [];
    public List<OnBehalfForm.Choice> Members { get; private set; } = [];
    public List<string> Streets { get; private set; } = [];
    [BindProperty(SupportsGet = true)] public int? BinId { get; set; }
    [BindProperty] public int? MemberId { get; set; }
    [BindProperty] public ReportCategory? Category { get; set; }
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Street { get; set; }
    [BindProperty] public string? HouseNumber { get; set; }
    [BindProperty] public string? Text { get; set; }
    public string Now { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        OccurredAt = Now;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        if (BinId is null) return NotFound();
        if (!TryParseLocal(OccurredAt, out var when))
        {
            Errors.Add(nameof(OccurredAt), L["Report.WhenInvalid"]); // about the time field: the summary links to it
            return Page();
        }
        var outcome = await SubmitReport.OnBehalfAsync(db, clock, await current.GetAsync(ct),
            new SubmitReport.OnBehalfRequest(BinId.Value, MemberId, Category, when, Street, HouseNumber, null, null, Text), L, live, ct);
        if (outcome is Outcome<SubmitReport.Result>.Ok ok)
        {
            Message = L["Report.Submitted", ok.Value.Reference];
            return RedirectToPage(new { BinId });
        }
        if (!Collect(outcome)) return NotFound();
        return Page();
    }

    /// <summary>The form from its slice (which BINs and members are listed is OnBehalfForm's rule); false for someone who coordinates no BIN.</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await OnBehalfForm.LoadAsync(db, clock, await current.GetAsync(ct), BinId, ct) is not { } form) return false;
        (Bins, BinId, Members, Streets) = (form.Bins, form.BinId, form.Members, form.Streets);
        Now = LocalInput(clock.GetUtcNow());
        return true;
    }
}
