using System.Globalization;
using System.Text;
using BinHub.Features.Bins;
using BinHub.Features.Join;

namespace BinHub.Features.Geography;

/// <summary>
/// A clickable map zoomed to an area (a municipality, a zone, a coordinator's BINs), drawn on the server like
/// <see cref="FinderMap"/>: without JavaScript the page shows it as an image button and turns the clicked pixel back into
/// latitude/longitude with this projection; with JavaScript (wwwroot/js/area-map.js) the same numbers, carried in data
/// attributes, fill the inputs in place. The page and the SVG endpoint compute the same projection from the same outlines.
/// </summary>
public sealed class AreaMap
{
    public const int Width = 480;
    /// <summary>The smallest span shown (about 500 m): a tiny or missing outline must not zoom to a single street corner.</summary>
    private const double MinSpan = 0.005, Margin = 0.05, MaxAspect = 1.25;

    public double West { get; }
    public double North { get; }
    public double K { get; }
    public double Scale { get; }
    public int Height { get; }
    public IReadOnlyList<List<(double Lat, double Lon)>> Outlines { get; }

    private AreaMap(double west, double east, double south, double north, IReadOnlyList<List<(double, double)>> outlines)
    {
        Outlines = outlines;
        K = Math.Cos((south + north) / 2 * Math.PI / 180);
        // A tall area is widened rather than drawn taller than wide, so the map keeps a usable height on any screen.
        var minWidth = (north - south) / MaxAspect / K;
        if (east - west < minWidth) (west, east) = ((west + east - minWidth) / 2, (west + east + minWidth) / 2);
        West = west;
        North = north;
        Scale = Width / ((east - west) * K);
        Height = (int)Math.Round((north - south) * Scale);
    }

    /// <summary>A map fitted to these GeoJSON outlines (with a margin); all of Belgium when none can be read.</summary>
    public static AreaMap Fit(IEnumerable<string?> geoJsons)
    {
        var outlines = geoJsons.Where(g => !string.IsNullOrWhiteSpace(g)).SelectMany(g => FinderMap.Rings(g!)).Where(r => r.Count > 0).ToList();
        if (outlines.Count == 0) return new AreaMap(AreaShape.MinLon, AreaShape.MaxLon, AreaShape.MinLat, AreaShape.MaxLat, outlines);
        var all = outlines.SelectMany(r => r).ToList();
        double south = all.Min(p => p.Lat), north = all.Max(p => p.Lat), west = all.Min(p => p.Lon), east = all.Max(p => p.Lon);
        var dLat = Math.Max(north - south, MinSpan) * (1 + 2 * Margin);
        var dLon = Math.Max(east - west, MinSpan) * (1 + 2 * Margin);
        double midLat = (south + north) / 2, midLon = (west + east) / 2;
        return new AreaMap(midLon - dLon / 2, midLon + dLon / 2, midLat - dLat / 2, midLat + dLat / 2, outlines);
    }

    /// <summary>The point under a pixel, rounded to 5 decimals (about a metre), as the inputs take it.</summary>
    public (double Lat, double Lon) ToPoint(double x, double y) => (Math.Round(North - y / Scale, 5), Math.Round(West + x / (Scale * K), 5));

    public (double X, double Y) ToPixel(double lat, double lon) => ((lon - West) * K * Scale, (North - lat) * Scale);

    public bool Contains(int x, int y) => x >= 0 && x <= Width && y >= 0 && y <= Height;

    /// <summary>The outlines with what is being entered on top: a point, a circle of a radius around it, the corners of an outline.</summary>
    public string Render(double? lat, double? lon, double? radiusKm, IReadOnlyList<(double Lat, double Lon)> corners)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#eef4f8\"/><path fill=\"#ffffff\" stroke=\"#555\" stroke-width=\"1\" d=\"");
        foreach (var ring in Outlines) Path(svg, ring, close: true);
        svg.Append("\"/>");
        if (corners.Count > 0)
        {
            svg.Append("<path fill=\"#1d70b8\" fill-opacity=\"0.2\" stroke=\"#1d70b8\" stroke-width=\"2\" d=\"");
            Path(svg, corners, close: corners.Count > 2);
            svg.Append("\"/>");
            foreach (var (cLat, cLon) in corners) Dot(svg, cLat, cLon, 3, "#1d70b8");
        }
        if (lat is { } pLat && lon is { } pLon)
        {
            if (radiusKm is > 0 and <= 50 && double.IsFinite(radiusKm.Value))
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{ToPixel(pLat, pLon).X:0.#}\" cy=\"{ToPixel(pLat, pLon).Y:0.#}\" r=\"{radiusKm.Value / 111.32 * Scale:0.#}\" fill=\"#d4351c\" fill-opacity=\"0.15\" stroke=\"#d4351c\" stroke-width=\"2\"/>");
            Dot(svg, pLat, pLon, 5, "#d4351c");
        }
        return svg.Append("</svg>").ToString();
    }

    private void Path(StringBuilder svg, IReadOnlyList<(double Lat, double Lon)> ring, bool close)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            var (x, y) = ToPixel(ring[i].Lat, ring[i].Lon);
            svg.Append(i == 0 ? 'M' : 'L').Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
        }
        if (close) svg.Append('Z');
    }

    private void Dot(StringBuilder svg, double lat, double lon, int r, string colour)
    {
        var (x, y) = ToPixel(lat, lon);
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"{r}\" fill=\"{colour}\" stroke=\"#fff\"/>");
    }
}
