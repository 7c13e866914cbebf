using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Volunteering;

/// <summary>
/// Volunteers per municipality (municipality official: their own; Kenniscentrum: all, by region), ending a status (with a
/// confirmation), and for the Kenniscentrum the counts per region of a year (the figures of the annual report).
/// </summary>
public sealed class VolunteersModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty(SupportsGet = true)] public string? Region { get; set; }
    [BindProperty(SupportsGet = true)] public bool Ended { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty] public int StatusId { get; set; }
    [BindProperty] public DateOnly? EndedOn { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    public ListVolunteerStatuses.Page? Result { get; private set; }
    public IReadOnlyList<VolunteerFigures.Region>? Figures { get; private set; }
    public List<Region> Regions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public bool IsNational { get; private set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostEndAsync(CancellationToken ct)
    {
        if (!Confirmed)
        {
            Errors.Add(RowField("Confirmed"), L["Volunteering.ConfirmEnd"]); // an ended status cannot be reopened
            return await LoadAsync(ct);
        }
        var outcome = await EndVolunteerStatus.HandleAsync(db, clock, await current.GetAsync(ct), StatusId, new EndVolunteerStatus.Request(EndedOn, Reason), L, ct);
        if (outcome is Outcome<EndVolunteerStatus.Result>.Ok)
        {
            Message = L["Volunteering.EndedDone"];
            return RedirectToPage(new { Region });
        }
        if (!Collect(outcome, RowField)) return NotFound();
        return await LoadAsync(ct);
    }

    /// <summary>Each volunteer's row has its own end form: a message links to the field of the row sent, not the first row's.</summary>
    private string? RowField(string key) => key switch
    {
        "EndedOn" => $"end-on-{StatusId}",
        "Reason" => $"end-reason-{StatusId}",
        "Confirmed" => $"end-confirm-{StatusId}",
        _ => null,
    };

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var outcome = await ListVolunteerStatuses.HandleAsync(db, clock, actor, new ListVolunteerStatuses.Query(Region, null, Ended, PageNumber), ct);
        if (outcome is not Outcome<ListVolunteerStatuses.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        Names = await AreaNames.ForAsync(db, Result.Items.Select(v => v.MunicipalityNis), Languages.Current, ct);
        IsNational = actor.IsNational;
        if (IsNational)
        {
            Regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
            Year ??= BrusselsTime.ToBrussels(clock.GetUtcNow()).Year;
            Figures = await VolunteerFigures.ForYearAsync(db, Year.Value, ct);
        }
        return Page();
    }
}
