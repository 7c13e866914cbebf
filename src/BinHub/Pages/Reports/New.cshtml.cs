using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Members;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Reports;

/// <summary>A member's report to the police of the BIN's zone, with the emergency numbers first.</summary>
[RequestFormLimits(MultipartBodyLengthLimit = 3 * ReportPhotos.MaxBytes + 1024 * 1024)]
[RequestSizeLimit(3 * ReportPhotos.MaxBytes + 1024 * 1024)]
public sealed class NewModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, ILiveNotifier<PoliceHub> live) : ReportPage
{
    public List<string> Streets { get; private set; } = [];
    [BindProperty] public ReportCategory? Category { get; set; }
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Street { get; set; }
    [BindProperty] public string? HouseNumber { get; set; }
    [BindProperty] public double? Lat { get; set; }
    [BindProperty] public double? Lon { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public SubmitReport.Suspect? Suspect { get; set; }
    [BindProperty] public List<IFormFile> Photos { get; set; } = [];
    public string Now { get; private set; } = "";
    public string Earliest { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        OccurredAt = Now;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Forbid();
        if (!TryParseLocal(OccurredAt, out var when))
        {
            Errors.Add(L["Report.WhenInvalid"]);
            return Page();
        }
        var uploads = new List<ReportPhotos.Upload>();
        foreach (var file in Photos.Where(f => f.Length > 0))
        {
            await using var stream = file.OpenReadStream();
            uploads.Add(await ReportPhotos.ReadAsync(stream, file.FileName, ct));
        }
        var outcome = await SubmitReport.HandleAsync(db, clock, await current.GetAsync(ct),
            new SubmitReport.Request(Category, when, Street, HouseNumber, Lat, Lon, Text, Suspect), uploads, L, live, ct);
        if (outcome is Outcome<SubmitReport.Result>.Ok ok)
        {
            Message = L["Report.Submitted", ok.Value.Reference];
            return RedirectToPage("Index");
        }
        if (!Collect(outcome)) return NotFound();
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, await current.GetAsync(ct), ct);
        if (member is null) return false;
        var bin = await db.Bins.AsNoTracking().FirstAsync(b => b.Id == member.BinId, ct);
        Streets = SubmitReport.AreaStreets(bin);
        var now = clock.GetUtcNow();
        Now = LocalInput(now);
        Earliest = LocalInput(now - SubmitReport.MaxAge);
        Street ??= Streets.Contains(member.Street, StringComparer.OrdinalIgnoreCase) || Streets.Count == 0 ? member.Street : null;
        return true;
    }
}
