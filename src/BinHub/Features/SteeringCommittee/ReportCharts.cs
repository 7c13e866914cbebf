using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// The report's charts, where a look says more than the table: each names the table (id) it draws. One model for the page
/// (<see cref="Chart.Svg"/>) and the PDF (<see cref="ChartDrawing"/>), so the paper shows what the screen shows.
/// </summary>
public static class ReportCharts
{
    public sealed record Chart(BarChart.Model Model, string TableId)
    {
        public string Svg => BarChart.Render(Model);
    }

    public static IReadOnlyList<Chart> Build(AnnualReport.Result r, IStringLocalizer L)
    {
        var charts = new List<Chart>();
        if (r.Bins.Regions.Count > 0)
            charts.Add(new(new BarChart.Model("chart-regions", L["Steering.ChartRegions", r.Year, r.Year - 1], [r.Year.ToString(), (r.Year - 1).ToString()],
                r.Bins.Regions.Select(c => new BarChart.Group(c.Name, [c.Total, c.PreviousTotal])).ToList()), "regions"));
        var channels = r.Messages.GroupBy(m => m.Channel).OrderBy(g => g.Key).ToList();
        if (channels.Count > 0)
        {
            charts.Add(new(new BarChart.Model("chart-channels", L["Steering.ChartChannels"], [L["Steering.Deliveries"], L["Steering.Delivered"]],
                channels.Select(g => new BarChart.Group(L[$"Channel.{g.Key}"], [g.Sum(m => m.Deliveries), g.Sum(m => m.Delivered)])).ToList()), "messages"));
            charts.Add(new(new BarChart.Model("chart-share", L["Steering.ChartShare"], [L["Steering.DeliveredShare"]],
                channels.Select(g => new BarChart.Group(L[$"Channel.{g.Key}"],
                    [g.Sum(m => m.Deliveries) == 0 ? 0 : Math.Round(100.0 * g.Sum(m => m.Delivered) / g.Sum(m => m.Deliveries), 1)])).ToList(), " %"), "messages"));
        }
        return charts;
    }
}
