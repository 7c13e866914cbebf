using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Reports;

/// <summary>A coordinator reports for a member who phoned (or an unknown caller): the reduced form.</summary>
public sealed class OnBehalfModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, ILiveNotifier<PoliceHub> live)
    : ReportPage
{
    public sealed record Choice(int Id, string Name);

    public List<Choice> Bins { get; private set; } = [];
    public List<Choice> Members { get; private set; } = [];
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

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.IsCoordinator || actor.CoordinatedBinIds.Count == 0) return false;
        var ids = actor.CoordinatedBinIds.ToArray();
        Bins = await db.Bins.Where(b => ids.Contains(b.Id)).OrderBy(b => b.Name).Select(b => new Choice(b.Id, b.Name)).ToListAsync(ct);
        if (BinId is null && Bins.Count == 1) BinId = Bins[0].Id;
        if (BinId is { } binId && ids.Contains(binId))
        {
            Members = await db.Members.Where(m => m.BinId == binId && m.State == MemberState.Active && m.ErasedAt == null)
                .OrderBy(m => m.Name).Select(m => new Choice(m.Id, m.Name + " · " + m.Street + " " + m.HouseNumber)).ToListAsync(ct);
            // The form lists the BIN's members with their addresses: a read of personal data like the member list's.
            AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), null, $"bin={binId}; on-behalf report form, {Members.Count} names and addresses");
            await db.SaveChangesAsync(ct);
            Streets = SubmitReport.AreaStreets(await db.Bins.AsNoTracking().FirstAsync(b => b.Id == binId, ct));
        }
        Now = LocalInput(clock.GetUtcNow());
        return true;
    }
}
