using System.Globalization;
using System.Net;
using System.Text;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// A horizontal bar chart, drawn on the server: as inline SVG on the page (no script, prints as it shows) and with SkiaSharp in
/// the PDF (<see cref="ChartDrawing"/>). Both draw the one <see cref="Layout"/> computed here, so the paper and the screen cannot
/// disagree. On the page the chart is an image with a title and a description naming every value (its text alternative),
/// and the table it draws comes right under it.
/// </summary>
public static class BarChart
{
    public sealed record Group(string Label, IReadOnlyList<double> Values);

    /// <summary>What a chart shows. <paramref name="Series"/>: one name per value of a group (e.g. "2024", "2023").</summary>
    public sealed record Model(string Id, string Title, IReadOnlyList<string> Series, IReadOnlyList<Group> Groups, string Unit = "");

    /// <summary>A legend entry: its swatch's top-left corner (12 × 12), its name written after it on the baseline <see cref="TextY"/>.</summary>
    public sealed record Key(int Series, string Name, float X, float Y, float TextX, float TextY);

    /// <summary>A group's name, right-aligned at <see cref="X"/> on the baseline <see cref="Y"/>.</summary>
    public sealed record Label(string Text, float X, float Y);

    /// <summary>One bar, and its value written just after its end.</summary>
    public sealed record Bar(int Series, float X, float Y, float Width, float Height, string Value, float ValueX, float ValueY);

    /// <summary>The chart in its own units (about CSS pixels; text is <see cref="FontSize"/> units high).</summary>
    public sealed record Layout(float Width, float Height, IReadOnlyList<Key> Legend, IReadOnlyList<Label> Labels, IReadOnlyList<Bar> Bars, string Description);

    public const float FontSize = 12, LabelWidth = 190;
    private const float BarArea = 380, BarHeight = 16, Gap = 10, LegendHeight = 26;

    /// <summary>Fills as attributes (the content security policy allows no inline style); both contrast over 3:1 with white.</summary>
    public static string Fill(int series) => series == 0 ? "#1d4f91" : "#a85400";

    /// <summary>Values written in <paramref name="culture"/> (the reader's language: "97,5" in nl and fr).</summary>
    public static Layout Lay(Model chart, CultureInfo culture)
    {
        var (series, groups) = (chart.Series, chart.Groups);
        var max = Math.Max(1, groups.SelectMany(g => g.Values).DefaultIfEmpty(0).Max());
        string V(double d) => d.ToString("0.#", culture) + chart.Unit;
        var legend = series.Select((s, i) => new Key(i, s, LabelWidth + i * 110, 4, LabelWidth + i * 110 + 16, 14)).ToList();
        var labels = new List<Label>();
        var bars = new List<Bar>();
        var y = LegendHeight;
        foreach (var g in groups)
        {
            labels.Add(new(Short(g.Label), LabelWidth - 6, y + series.Count * BarHeight / 2 + 4));
            for (var i = 0; i < series.Count; i++)
            {
                var w = (float)(g.Values[i] / max * BarArea);
                bars.Add(new(i, LabelWidth, y, w, BarHeight - 2, V(g.Values[i]), LabelWidth + w + 4, y + BarHeight - 4));
                y += BarHeight;
            }
            y += Gap;
        }
        var description = string.Join("; ", groups.Select(g => $"{g.Label}: " + string.Join(", ", series.Select((s, i) => $"{s} {V(g.Values[i])}"))));
        return new(LabelWidth + BarArea + 70, y + 4, legend, labels, bars, description);
    }

    public static string Render(Model chart)
    {
        var layout = Lay(chart, CultureInfo.CurrentCulture);
        var id = chart.Id;
        string N(float d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {N(layout.Width)} {N(layout.Height)}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(chart.Title)}</title><desc id=\"{id}-desc\">{E(layout.Description)}</desc>");
        foreach (var k in layout.Legend)
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-{k.Series}\" fill=\"{Fill(k.Series)}\" x=\"{N(k.X)}\" y=\"{N(k.Y)}\" width=\"12\" height=\"12\"/><text x=\"{N(k.TextX)}\" y=\"{N(k.TextY)}\">{E(k.Name)}</text>");
        foreach (var l in layout.Labels)
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(l.X)}\" y=\"{N(l.Y)}\" text-anchor=\"end\">{E(l.Text)}</text>");
        foreach (var b in layout.Bars)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-{b.Series}\" fill=\"{Fill(b.Series)}\" x=\"{N(b.X)}\" y=\"{N(b.Y)}\" width=\"{N(b.Width)}\" height=\"{N(b.Height)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(b.ValueX)}\" y=\"{N(b.ValueY)}\">{E(b.Value)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Short(string label) => label.Length > 30 ? label[..29] + "…" : label;
}
