using BinHub.Domain;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// The annual report as titled tables with headers in the reader's language: what the page, the PDF, the CSV and the XLSX
/// all render, so they cannot disagree. Cells are numbers (int, double) or text.
/// </summary>
public static class ReportTables
{
    public sealed record Table(string Id, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object>> Rows);

    public static IReadOnlyList<Table> Build(AnnualReport.Result r, IStringLocalizer L)
    {
        string[] countHeaders(string first) => [L[first], L["Steering.Bin"], L["Steering.BinZ"], L["Steering.Total"], L["Steering.PreviousYear", r.Year - 1], L["Steering.Change"]];
        static IReadOnlyList<object>[] Counts(IEnumerable<AnnualReport.Count> rows, Func<AnnualReport.Count, string> name) =>
            rows.Select(c => (IReadOnlyList<object>)[name(c), c.Bin, c.BinZ, c.Total, c.PreviousTotal, c.Change]).ToArray();
        var total = r.Bins.Total;
        IReadOnlyList<object> totalRow = [L["Steering.Belgium"].Value, total.Bin, total.BinZ, total.Total, total.PreviousTotal, total.Change];
        var v = r.Vacancies;
        IReadOnlyList<object> Figure(string key, object value) => [L[key].Value, value];
        return
        [
            new("regions", L["Steering.BinsPerRegion"], countHeaders("Steering.Region"), [.. Counts(r.Bins.Regions, c => c.Name), totalRow]),
            new("provinces", L["Steering.BinsPerProvince"], countHeaders("Steering.Province"), Counts(r.Bins.Provinces, c => c.Name)),
            new("zones", L["Steering.BinsPerZone"], countHeaders("Steering.Zone"), Counts(r.Bins.Zones, c => $"{c.Code} {c.Name}".Trim())),
            new("figures", L["Steering.Figures"], [L["Steering.Figure"], L["Steering.Value"]],
            [
                Figure("Steering.HouseholdsAtYearEnd", r.Households.AtYearEnd),
                Figure("Steering.HouseholdsPreviousYearEnd", r.Households.PreviousYearEnd),
                Figure("Steering.NewBins", r.Lifecycle.New),
                Figure("Steering.StoppedBins", r.Lifecycle.Stopped),
                Figure("Steering.SuspendedBins", r.Lifecycle.Suspended),
                Figure("Steering.ChartersSigned", r.Charters.Signed),
                Figure("Steering.ChartersRenewed", r.Charters.Renewed),
                Figure("Steering.ChartersLapsed", r.Charters.Lapsed),
                Figure("Steering.VacanciesOpened", v.Opened),
                Figure("Steering.VacanciesFilled", v.Filled),
                Figure("Steering.VacanciesStillOpen", v.StillOpen),
                Figure("Steering.VacancyMedianDays", v.MedianDays is { } m ? m : "–"),
                Figure("Steering.VacancyLongestDays", v.LongestDays is { } l ? l : "–"),
                Figure("Steering.ReportsReceived", r.Reports.Received),
                Figure("Steering.ReportsHandled", r.Reports.Handled),
                Figure("Steering.TrainingSessions", r.Training.Sessions),
                Figure("Steering.PeopleTrained", r.Training.PeopleTrained),
                Figure("Steering.OfficersTrained", r.Training.OfficersTrained),
            ]),
            new("messages", L["Steering.MessagesSent"],
                [L["Steering.MessageType"], L["Steering.Channel"], L["Steering.Messages"], L["Steering.Deliveries"], L["Steering.Delivered"], L["Steering.DeliveredShare"]],
                r.Messages.Select(m => (IReadOnlyList<object>)[L[$"Steering.Kind.{m.Type}"].Value, L[$"Channel.{m.Channel}"].Value, m.Messages, m.Deliveries, m.Delivered,
                    Math.Round(m.DeliveredShare * 100, 1)]).ToList()),
            new("volunteers", L["Steering.VolunteersRecruited"], [L["Steering.Region"], L["Steering.Volunteers"], L["Steering.Cpas"]],
                r.Volunteers.Select(x => (IReadOnlyList<object>)[x.Name, x.Volunteers, x.Cpas]).ToList()),
        ];
    }
}
