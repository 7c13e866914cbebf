using System.Globalization;
using System.Text.RegularExpressions;
using BinHub.Features;
using BinHub.Features.SteeringCommittee;
using BinHub.Infrastructure;
using SkiaSharp;
using static BinHub.Tests.Support.SteeringWorld;

namespace BinHub.Tests.SteeringCommittee;

/// <summary>The PDF carries the page's charts, drawn by <see cref="ChartDrawing"/> from the same model as the page's SVG.</summary>
public class ReportPdfChartTests
{
    private static readonly SKColor Blue = SKColor.Parse(BarChart.Fill(0)), Orange = SKColor.Parse(BarChart.Fill(1));

    [Fact]
    public void A_chart_drawn_for_the_pdf_has_its_title_legend_bars_as_long_as_their_values_in_the_series_colours_and_each_value_written()
    {
        var chart = new BarChart.Model("c", "Active BINs per region", ["2025", "2024"], [new("Flanders", [40, 20]), new("Wallonia", [10, 0])]);
        using var bitmap = new SKBitmap(700, 300);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            ChartDrawing.Draw(canvas, chart, 0, 0, 640, 300, CultureInfo.InvariantCulture); // the call ReportPdf makes per chart
        }

        // Per pixel row: how many pixels have each series' colour; runs of equal rows collapsed, blank rows dropped.
        var rows = Enumerable.Range(0, bitmap.Height).Select(y => (Y: y, Blue: Count(bitmap, y, Blue), Orange: Count(bitmap, y, Orange))).ToList();
        var runs = rows.Where(r => r.Blue + r.Orange > 0).Select(r => (r.Blue, r.Orange)).Aggregate(new List<(int, int)>(),
            (list, r) => { if (list.Count == 0 || list[^1] != r) list.Add(r); return list; });
        // The legend's two swatches, then the bars at full (40), half (20) and a quarter (10) of the 380-unit bar area; 0 draws no bar.
        Assert.Equal([(12, 12), (380, 0), (0, 190), (95, 0)], runs);

        Assert.True(Ink(bitmap, 0, 0, 640, (int)ChartDrawing.TitleHeight)); // the title above it all
        var bars = rows.Where(r => r.Blue >= 95 || r.Orange >= 190).Select(r => r.Y).ToList();
        foreach (var (y, end) in new[] { (bars.First(), 190 + 380), (rows.First(r => r.Orange == 190).Y, 190 + 190), (rows.First(r => r.Blue == 95).Y, 190 + 95) })
            Assert.True(Ink(bitmap, end + 2, y - 2, 30, 14), $"a value written after the bar ending at {end}"); // the value at the bar's end
        var zeroRow = rows.First(r => r.Blue == 95).Y + 16; // Wallonia's 2024: no bar, but its "0" is written
        Assert.True(Ink(bitmap, 192, zeroRow - 2, 20, 14));
        Assert.True(Ink(bitmap, 0, bars.First() - 2, 185, 30)); // the group names left of the bars
    }

    [Fact]
    public async Task The_report_pdf_draws_the_charts_of_a_year_with_data_and_none_without_them()
    {
        var db = TestDatabase.Open(await TestDatabase.CreateMigratedAsync());
        await using var _ = db;
        var world = new SteeringWorld(db);
        var flanders = await world.PlaceAsync("02000");
        var bin = await world.BinAsync(flanders, On(2023, 5, 1));
        await world.BinAsync(await world.PlaceAsync("03000"), On(2024, 6, 1));
        await world.MessageAsync(bin, MessageKind.Alarm, On(2024, 4, 1), deliveries: [(Channels.Sms, DeliveryState.Delivered), (Channels.Sms, DeliveryState.Failed)]);
        var centre = new Actor("u", "centre", new HashSet<string> { Roles.KenniscentrumAdmin }, null, null, [], null);
        var L = Voice.CallScriptTests.L;

        var file = Assert.IsType<Outcome<ExportReport.File>.Ok>(await ExportReport.HandleAsync(db, new TestClock(On(2026, 3, 2)), centre, 2024,
            ExportReport.Format.Pdf, "en", L, default)).Value;

        // Three charts (regions; deliveries per channel; delivered share): both series' fills in the regions and channels charts.
        var fills = Fills(file.Content);
        Assert.True(fills.Count(c => c == Blue) >= 3 + 1, $"bars and swatches in {BarChart.Fill(0)}: {string.Join(" ", fills)}");
        Assert.Contains(Orange, fills);
        // The same tables drawn without charts carry neither colour: the test sees the charts, not something else blue.
        var report = ((Outcome<AnnualReport.Result>.Ok)await AnnualReport.HandleAsync(db, new TestClock(On(2026, 3, 2)), 2024, "en", L, default)).Value;
        var bare = ReportPdf.Render(2024, new("T", "M", "A", "P", "D"), ReportTables.Build(report, L), [], []);
        Assert.DoesNotContain(Blue, Fills(bare));
    }

    /// <summary>The fill colours set in the PDF's page content (the <c>r g b rg</c> operator).</summary>
    private static List<SKColor> Fills(byte[] pdf) =>
        SteeringFiles.Streams(pdf).SelectMany(s => Regex.Matches(s, @"([\d.]+) ([\d.]+) ([\d.]+) rg\b").Select(m => new SKColor(
            Byte(m.Groups[1].Value), Byte(m.Groups[2].Value), Byte(m.Groups[3].Value)))).ToList();

    private static byte Byte(string component) => (byte)Math.Round(double.Parse(component, CultureInfo.InvariantCulture) * 255);

    private static int Count(SKBitmap bitmap, int y, SKColor colour) => Enumerable.Range(0, bitmap.Width).Count(x => bitmap.GetPixel(x, y) == colour);

    /// <summary>Something dark (text) inside the rectangle.</summary>
    private static bool Ink(SKBitmap bitmap, int x, int y, int width, int height) =>
        Enumerable.Range(Math.Max(0, y), height).Any(row => Enumerable.Range(Math.Max(0, x), width).Any(col =>
            col < bitmap.Width && row < bitmap.Height && bitmap.GetPixel(col, row) is var p && p.Red < 128 && p.Green < 128 && p.Blue < 128));
}
