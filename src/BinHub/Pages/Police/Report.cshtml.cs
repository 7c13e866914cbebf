using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using BinHub.Pages.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Police;

/// <summary>One report for the zone's officer: read (audited), claim, notes, incident, decision.</summary>
public sealed class ReportModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : ReportPage
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public ReportViews.Full? Report { get; private set; }
    public List<ReportViews.IncidentView> OpenIncidents { get; private set; } = [];
    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public int? IncidentId { get; set; }
    [BindProperty] public string? NewTitle { get; set; }
    [BindProperty] public ReportDecision? Decision { get; set; }
    [BindProperty] public string? DecisionNote { get; set; }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostClaimAsync(CancellationToken ct) =>
        await Done(await WorkReport.ClaimAsync(db, clock, await current.GetAsync(ct), Id, L, ct), "Report.Claimed", ct);

    public async Task<IActionResult> OnPostNoteAsync(CancellationToken ct) =>
        await Done(await WorkReport.NoteAsync(db, clock, await current.GetAsync(ct), Id, new WorkReport.NoteRequest(NoteText), L, ct), "Report.NoteAdded", ct);

    public async Task<IActionResult> OnPostIncidentAsync(CancellationToken ct) =>
        await Done(await WorkReport.LinkIncidentAsync(db, clock, await current.GetAsync(ct), Id,
            new WorkReport.IncidentRequest(IncidentId, IncidentId is null ? NewTitle : null), L, ct), "Report.Linked", ct);

    [BindProperty] public bool ConfirmClose { get; set; }

    public async Task<IActionResult> OnPostCloseIncidentAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await ReportViews.ForOfficerAsync(db, actor, Id, ct) is not { IncidentId: { } incident }) return NotFound();
        var outcome = await CloseIncident.HandleAsync(db, clock, actor, incident, new CloseIncident.Request(ConfirmClose), L, ct);
        if (outcome is Outcome<CloseIncident.Result>.Ok)
        {
            Message = L["Incident.Closed"];
            return RedirectToPage(new { Id });
        }
        if (!Collect(Keyed(outcome))) return NotFound();
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken ct)
    {
        var outcome = await WorkReport.DecideAsync(db, clock, await current.GetAsync(ct), Id, new WorkReport.DecisionRequest(Decision, DecisionNote), L, ct);
        // An alarm is written on the message composer, with this report's facts filled in.
        if (outcome is Outcome<WorkReport.Result>.Ok { Value.Decision: ReportDecision.Alarm })
            return Redirect($"/Messages/Compose?reportId={Id}");
        return await Done(outcome, "Report.DecisionSaved", ct);
    }

    /// <summary>The slices' keys for this page's fields, named otherwise here ("note" is the decision's note, "text" the note added).</summary>
    private Outcome<T> Keyed<T>(Outcome<T> outcome)
    {
        Errors.Alias("note", "DecisionNote").Alias("text", "NoteText").Alias("confirmed", "ConfirmClose");
        return outcome;
    }

    private async Task<IActionResult> Done(Outcome<WorkReport.Result> outcome, string okKey, CancellationToken ct)
    {
        if (outcome is Outcome<WorkReport.Result>.Ok)
        {
            Message = L[okKey];
            return RedirectToPage(new { Id });
        }
        if (!Collect(Keyed(outcome))) return NotFound();
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await GetReport.HandleAsync(db, clock, actor, Id, ct) is not Outcome<GetReport.View>.Ok { Value.Police: { } full }) return NotFound();
        Report = full;
        OpenIncidents = await WorkReport.OpenIncidentsAsync(db, full.ZoneNumber, ct);
        return Page();
    }
}
