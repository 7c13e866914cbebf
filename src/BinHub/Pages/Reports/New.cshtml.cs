using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Geography;
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
    /// <summary>The member's BIN's municipality to click the point on; its SVG is served by AreaMaps.</summary>
    public AreaMap? Map { get; private set; }
    public const string MapPath = "/Maps/Report.svg";
    [BindProperty(Name = "map.x")] public int? MapX { get; set; }
    [BindProperty(Name = "map.y")] public int? MapY { get; set; }

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
            Errors.Add(nameof(OccurredAt), L["Report.WhenInvalid"]); // about the time field: the summary links to it
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

    /// <summary>A click on the map (without JavaScript): the point under it fills the inputs and the form comes back, nothing is sent.</summary>
    public async Task<IActionResult> OnPostMapAsync(CancellationToken ct)
    {
        // No pixel (0,0) is the Enter key in a field, which the map as the first submit button receives: it sends the report, as before.
        if (MapX is null or 0 && MapY is null or 0) return await OnPostAsync(ct);
        if (!await LoadAsync(ct)) return Forbid();
        if (Map!.Contains(MapX ?? -1, MapY ?? -1)) (Lat, Lon) = Map.ToPoint(MapX!.Value, MapY!.Value);
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
        Map = await AreaMaps.ForMemberAsync(db, await current.GetAsync(ct), ct);
        Street ??= Streets.Contains(member.Street, StringComparer.OrdinalIgnoreCase) || Streets.Count == 0 ? member.Street : null;
        return true;
    }
}
