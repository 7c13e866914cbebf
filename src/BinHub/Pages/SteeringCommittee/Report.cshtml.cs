using BinHub.Data;
using BinHub.Features;
using BinHub.Features.SteeringCommittee;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.SteeringCommittee;

/// <summary>The annual report for the steering committee (Kenniscentrum only, by the folder's convention): tables, charts, downloads.</summary>
public sealed class ReportModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    public int Year { get; private set; }
    public AnnualReport.Result? Result { get; private set; }
    public IReadOnlyList<ReportTables.Table> Tables { get; private set; } = [];
    public IReadOnlyList<ReportCharts.Chart> Charts { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public GetMeeting.Page Meetings { get; private set; } = new([], 0, 1, GetMeeting.PageSize);

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken ct)
    {
        Year = year ?? AnnualReport.DefaultYear(clock);
        var thisYear = BrusselsTime.ToBrussels(clock.GetUtcNow()).Year;
        Years = Enumerable.Range(Math.Max(Features.Statistics.GetStatistics.FirstYear + 1, thisYear - 15), Math.Min(16, thisYear - Features.Statistics.GetStatistics.FirstYear))
            .Reverse().ToList();
        var outcome = await AnnualReport.HandleAsync(db, clock, Year, Languages.Current, L, ct);
        if (!Collect(outcome)) return NotFound();
        if (outcome is Outcome<AnnualReport.Result>.Ok ok)
        {
            Result = ok.Value;
            Tables = ReportTables.Build(Result, L);
            Charts = ReportCharts.Build(Result, L);
            Meetings = await GetMeeting.ListAsync(db, await current.GetAsync(ct), Year, 1, ct);
        }
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(int year, ExportReport.Format format, CancellationToken ct)
    {
        var outcome = await ExportReport.HandleAsync(db, clock, await current.GetAsync(ct), year, format, Languages.Current, L, ct);
        if (outcome is Outcome<ExportReport.File>.Ok { Value: var file }) return File(file.Content, file.ContentType, file.FileName);
        return Collect(outcome) ? await OnGetAsync(year, ct) : NotFound();
    }
}
