using System.Globalization;
using System.Net;
using System.Text;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// A horizontal bar chart as inline SVG, drawn on the server: no script, prints as it shows. The chart is an image with a
/// title and a description naming every value (its text alternative); the page puts the table it draws right under it.
/// </summary>
public static class BarChart
{
    public sealed record Group(string Label, IReadOnlyList<double> Values);

    /// <param name="series">One name per value of a group (e.g. "2024", "2023"); drawn as bars of the classes bar-0, bar-1 …</param>
    public static string Render(string id, string title, IReadOnlyList<string> series, IReadOnlyList<Group> groups, string unit = "")
    {
        const int labelWidth = 190, barArea = 380, barHeight = 16, gap = 10, legend = 26;
        var max = Math.Max(1, groups.SelectMany(g => g.Values).DefaultIfEmpty(0).Max());
        var height = legend + groups.Count * (series.Count * barHeight + gap) + 4;
        var width = labelWidth + barArea + 70;
        string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);
        var description = string.Join("; ", groups.Select(g => $"{g.Label}: " + string.Join(", ", series.Select((s, i) => $"{s} {N(g.Values[i])}{unit}"))));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        for (var i = 0; i < series.Count; i++)
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-{i}\" fill=\"{Fill(i)}\" x=\"{labelWidth + i * 110}\" y=\"4\" width=\"12\" height=\"12\"/><text x=\"{labelWidth + i * 110 + 16}\" y=\"14\">{E(series[i])}</text>");
        var y = legend;
        foreach (var g in groups)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + series.Count * barHeight / 2 + 4}\" text-anchor=\"end\">{E(Short(g.Label))}</text>");
            for (var i = 0; i < series.Count; i++)
            {
                var w = g.Values[i] / max * barArea;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-{i}\" fill=\"{Fill(i)}\" x=\"{labelWidth}\" y=\"{y}\" width=\"{N(w)}\" height=\"{barHeight - 2}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth + w + 4)}\" y=\"{y + barHeight - 4}\">{N(g.Values[i])}{E(unit)}</text>");
                y += barHeight;
            }
            y += gap;
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Fills as attributes (the content security policy allows no inline style); both contrast over 3:1 with white.</summary>
    private static string Fill(int series) => series == 0 ? "#1d4f91" : "#a85400";

    private static string Short(string label) => label.Length > 30 ? label[..29] + "…" : label;
}
