using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BinHub.Infrastructure;

/// <summary>
/// Draws GeoJSON polygons as an SVG, server-side: the map works without JavaScript and without a tile
/// server. Longitude is scaled by cos(latitude) so Belgian shapes keep their proportions.
/// </summary>
public static class MapSvg
{
    public sealed record Layer(string? GeoJson, string CssClass);

    public static string? Render(string title, params Layer[] layers)
    {
        var shapes = layers.Select(l => (l.CssClass, Rings: Rings(l.GeoJson))).Where(s => s.Rings.Count > 0).ToList();
        if (shapes.Count == 0) return null;
        var all = shapes.SelectMany(s => s.Rings).SelectMany(r => r).ToList();
        double minX = all.Min(p => p.X), maxX = all.Max(p => p.X), minY = all.Min(p => p.Y), maxY = all.Max(p => p.Y);
        var k = Math.Cos((minY + maxY) / 2 * Math.PI / 180);
        double w = Math.Max((maxX - minX) * k, 1e-6), h = Math.Max(maxY - minY, 1e-6);
        const double size = 400, pad = 8;
        var scale = (size - 2 * pad) / Math.Max(w, h);
        double width = w * scale + 2 * pad, height = h * scale + 2 * pad;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:0.#} {height:0.#}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(title)}\">");
        foreach (var (css, rings) in shapes)
        {
            svg.Append("<path class=\"").Append(css).Append("\" fill-rule=\"evenodd\" d=\"");
            foreach (var ring in rings)
            {
                for (var i = 0; i < ring.Count; i++)
                {
                    var x = pad + (ring[i].X - minX) * k * scale;
                    var y = pad + (maxY - ring[i].Y) * scale;
                    svg.Append(i == 0 ? 'M' : 'L').Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',')
                        .Append(y.ToString("0.#", CultureInfo.InvariantCulture));
                }
                svg.Append('Z');
            }
            svg.Append("\"/>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static List<List<(double X, double Y)>> Rings(string? geoJson)
    {
        var rings = new List<List<(double, double)>>();
        if (string.IsNullOrWhiteSpace(geoJson)) return rings;
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var g = doc.RootElement.TryGetProperty("geometry", out var inner) ? inner : doc.RootElement;
            var type = g.GetProperty("type").GetString();
            var coords = g.GetProperty("coordinates");
            var polygons = type == "MultiPolygon" ? coords.EnumerateArray().ToList() : type == "Polygon" ? [coords] : [];
            foreach (var polygon in polygons)
            foreach (var ring in polygon.EnumerateArray())
                rings.Add(ring.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            rings.Clear(); // a broken shape draws nothing rather than breaking the page
        }
        return rings;
    }
}
