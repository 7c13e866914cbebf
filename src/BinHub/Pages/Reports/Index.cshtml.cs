using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Reports;

/// <summary>The household's reports, with their reference and state.</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : ReportPage
{
    public ListReports.MinePage? Result { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!actor.Is(Roles.Member)) return Forbid();
        if (await ListReports.MineAsync(db, clock, actor, new ListReports.Query(null, PageNumber, 25), ct) is not Outcome<ListReports.MinePage>.Ok ok)
            return NotFound();
        Result = ok.Value;
        return Page();
    }
}
