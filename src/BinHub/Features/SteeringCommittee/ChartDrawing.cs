using System.Globalization;
using SkiaSharp;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// Draws a <see cref="BarChart"/> onto a SkiaSharp canvas: the PDF's page, or a bitmap in a test, through this one method. It
/// draws the layout the page's SVG draws, scaled to the width given: above it the chart's title (on the page, the figure's
/// accessible name), then the legend, the group names, the bars and each bar's value written at its end.
/// </summary>
public static class ChartDrawing
{
    public const float TitleHeight = 16, TitleSize = 9; // the size of the table titles above it: a chart is part of its section

    /// <summary>The scale at which a chart fits the width (never enlarged) and the height left, and its height then, title included.</summary>
    public static (float Scale, float Height) Measure(BarChart.Layout layout, float width, float maxHeight)
    {
        var scale = Math.Min(1, width / layout.Width);
        if (TitleHeight + layout.Height * scale > maxHeight) scale = Math.Max(0.1f, (maxHeight - TitleHeight) / layout.Height);
        return (scale, TitleHeight + layout.Height * scale);
    }

    /// <returns>The height drawn, title included.</returns>
    public static float Draw(SKCanvas canvas, BarChart.Model chart, float x, float y, float width, float maxHeight, CultureInfo culture)
    {
        var layout = BarChart.Lay(chart, culture);
        var (scale, height) = Measure(layout, width, maxHeight);
        using var title = new SKFont(ReportPdf.Typeface(bold: true), TitleSize);
        using var text = new SKFont(ReportPdf.Typeface(), BarChart.FontSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var fills = Enumerable.Range(0, chart.Series.Count).Select(i => new SKPaint { Color = SKColor.Parse(BarChart.Fill(i)) }).ToList();
        try
        {
            canvas.DrawText(Fit(chart.Title, title, width), x, y + TitleSize, title, ink);
            canvas.Save();
            canvas.Translate(x, y + TitleHeight);
            canvas.Scale(scale);
            foreach (var k in layout.Legend)
            {
                canvas.DrawRect(k.X, k.Y, 12, 12, fills[k.Series]);
                canvas.DrawText(Fit(k.Name, text, 92), k.TextX, k.TextY, text, ink);
            }
            foreach (var l in layout.Labels) canvas.DrawText(Fit(l.Text, text, BarChart.LabelWidth - 6), l.X, l.Y, SKTextAlign.Right, text, ink);
            foreach (var b in layout.Bars)
            {
                // A zero is no bar, but its value is still written: "0" says more than an empty line.
                if (b.Width > 0) canvas.DrawRect(b.X, b.Y, b.Width, b.Height, fills[b.Series]);
                canvas.DrawText(b.Value, b.ValueX, b.ValueY, text, ink);
            }
            canvas.Restore();
        }
        finally
        {
            fills.ForEach(f => f.Dispose());
        }
        return height;
    }

    /// <summary>The text, shortened with "…" until it fits <paramref name="maxWidth"/> in <paramref name="font"/>.</summary>
    public static string Fit(string text, SKFont font, float maxWidth)
    {
        while (text.Length > 1 && font.MeasureText(text) > maxWidth) text = text[..^2] + "…";
        return text;
    }
}
