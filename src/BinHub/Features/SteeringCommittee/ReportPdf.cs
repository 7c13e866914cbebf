using System.Globalization;
using SkiaSharp;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// The printable report, drawn on the server with SkiaSharp's PDF backend: the tables, each under the charts the page shows
/// above it (<see cref="ChartDrawing"/>, same model), then the year's meetings (agenda, attendees, decisions). Text needs a real font file: DejaVu Sans or Liberation Sans, which every Debian machine with
/// fontconfig (and so with chromium) has; without any, the document still renders with Skia's default typeface.
/// </summary>
public static class ReportPdf
{
    public sealed record Meeting(DateOnly HeldOn, string Place, IReadOnlyList<string> Agenda, IReadOnlyList<string> Attendees, IReadOnlyList<string> Decisions);

    public sealed record Labels(string Title, string Meeting, string Agenda, string Attendees, string Decisions);

    private const float Width = 595, Height = 842, Margin = 48, Line = 14;

    public static SKTypeface Typeface(bool bold = false)
    {
        var style = bold ? SKFontStyle.Bold : SKFontStyle.Normal;
        foreach (var family in new[] { "DejaVu Sans", "Liberation Sans", "Arial" })
        {
            var face = SKFontManager.Default.MatchFamily(family, style);
            if (face is not null) return face;
        }
        return SKTypeface.Default;
    }

    public static byte[] Render(int year, Labels labels, IReadOnlyList<ReportTables.Table> tables, IReadOnlyList<ReportCharts.Chart> charts,
        IReadOnlyList<Meeting> meetings)
    {
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata { Title = $"{labels.Title} {year}", Creator = "BinHub", Producer = "BinHub", RasterDpi = 72 };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            using var regular = new SKFont(Typeface(), 9);
            using var bold = new SKFont(Typeface(bold: true), 9);
            using var heading = new SKFont(Typeface(bold: true), 14);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            SKCanvas canvas = document.BeginPage(Width, Height);
            var y = Margin;
            void Need(float space)
            {
                if (y + space <= Height - Margin) return;
                document.EndPage();
                canvas = document.BeginPage(Width, Height);
                y = Margin;
            }
            void Text(string text, float x, SKFont font, float maxWidth = Width - 2 * Margin) =>
                canvas.DrawText(ChartDrawing.Fit(text, font, maxWidth), x, y, font, paint);

            Text($"{labels.Title} {year}", Margin, heading);
            y += 2 * Line;
            const float chartWidth = Width - 2 * Margin, chartMax = Height - 2 * Margin - 4 * Line;
            float ChartHeight(ReportCharts.Chart c) => ChartDrawing.Measure(BarChart.Lay(c.Model, CultureInfo.CurrentCulture), chartWidth, chartMax).Height;
            foreach (var table in tables)
            {
                var above = charts.Where(c => c.TableId == table.Id).ToList();
                // The title stays with its first chart (or its first rows); a chart is never cut by a page break.
                Need(4 * Line + (above.Count > 0 ? ChartHeight(above[0]) + Line : 0));
                Text(table.Title, Margin, bold);
                y += Line;
                foreach (var chart in above)
                {
                    Need(ChartHeight(chart));
                    y += ChartDrawing.Draw(canvas, chart.Model, Margin, y - Line / 2, chartWidth, chartMax, CultureInfo.CurrentCulture) + Line / 2;
                }
                if (above.Count > 0) Need(3 * Line);
                var first = table.Headers.Count <= 2 ? 330f : 200f;
                var rest = (Width - 2 * Margin - first) / Math.Max(1, table.Headers.Count - 1);
                float X(int i) => i == 0 ? Margin : Margin + first + (i - 1) * rest;
                for (var i = 0; i < table.Headers.Count; i++) Text(table.Headers[i], X(i), bold, i == 0 ? first - 6 : rest - 4);
                y += Line;
                foreach (var row in table.Rows)
                {
                    Need(Line);
                    for (var i = 0; i < row.Count; i++) Text(Convert.ToString(row[i], CultureInfo.CurrentCulture) ?? "", X(i), regular, i == 0 ? first - 6 : rest - 4);
                    y += Line;
                }
                y += Line;
            }
            foreach (var m in meetings)
            {
                Need(4 * Line);
                Text($"{labels.Meeting}: {m.HeldOn.ToString("d", CultureInfo.CurrentCulture)}, {m.Place}", Margin, heading);
                y += 1.5f * Line;
                foreach (var (title, lines) in new[] { (labels.Agenda, m.Agenda), (labels.Attendees, m.Attendees), (labels.Decisions, m.Decisions) })
                {
                    Need(2 * Line);
                    Text(title, Margin, bold);
                    y += Line;
                    foreach (var line in lines)
                    {
                        Need(Line);
                        Text("• " + line, Margin + 8, regular);
                        y += Line;
                    }
                    y += Line / 2;
                }
            }
            document.EndPage();
            document.Close();
        }
        return stream.ToArray();
    }
}
