using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using BinHub.Pages.Reports;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Police;

/// <summary>The zone's report inbox: most urgent first, then newest; new reports appear live (SignalR, see wwwroot/js/police-inbox.js).</summary>
public sealed class InboxModel(BinHubDb db, TimeProvider clock, CurrentActor current) : ReportPage
{
    [BindProperty(SupportsGet = true)] public ReportState? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public ListReports.Page? Result { get; private set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await ListReports.InboxAsync(db, clock, await current.GetAsync(ct), new ListReports.Query(State, PageNumber, 25), ct);
        if (outcome is not Outcome<ListReports.Page>.Ok ok) return Forbid();
        Result = ok.Value;
        return Page();
    }

    public string PageLink(int page) => $"?p={page}" + (State is { } s ? $"&State={s}" : "");
}
