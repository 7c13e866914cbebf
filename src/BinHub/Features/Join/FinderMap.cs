using System.Globalization;
using System.Text;
using System.Text.Json;
using BinHub.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BinHub.Features.Join;

/// <summary>
/// A clickable map of Belgium for the finder without JavaScript: the page shows it as an image button, the browser sends
/// the clicked pixel, and this fixed projection turns it back into longitude/latitude.
/// </summary>
public static class FinderMap
{
    public const double West = 2.50, East = 6.45, South = 49.45, North = 51.55;
    public const int Width = 320;
    private static readonly double K = Math.Cos((South + North) / 2 * Math.PI / 180);
    private static readonly double Scale = Width / ((East - West) * K);
    public static readonly int Height = (int)Math.Round((North - South) * Scale);

    public static (double Lat, double Lon) ToPoint(int x, int y) =>
        (Math.Round(North - y / Scale, 5), Math.Round(West + x / (Scale * K), 5));

    public static (double X, double Y) ToPixel(double lat, double lon) => ((lon - West) * K * Scale, (North - lat) * Scale);

    public static void MapFinderMap(this WebApplication app) =>
        app.MapGet("/Join/Map.svg", async (BinHubDb db, IMemoryCache cache, CancellationToken ct) =>
            Results.Text(await cache.GetOrCreateAsync("finder-map", async e =>
            {
                e.AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1);
                return await RenderAsync(db, ct);
            }) ?? "", "image/svg+xml")).AllowAnonymous().ExcludeFromDescription();

    public static async Task<string> RenderAsync(BinHubDb db, CancellationToken ct)
    {
        // Provinces when their shapes are known (11 outlines, light), municipalities otherwise.
        var shapes = await db.Provinces.Where(p => p.BoundaryGeoJson != null).Select(p => p.BoundaryGeoJson!).ToListAsync(ct);
        if (shapes.Count == 0)
            shapes = await db.Municipalities.Where(m => m.IsCurrent && m.BoundaryGeoJson != null).Select(m => m.BoundaryGeoJson!).ToListAsync(ct);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"#eef4f8\"/><path fill=\"#ffffff\" stroke=\"#555\" stroke-width=\"0.6\" d=\"");
        foreach (var geo in shapes)
        foreach (var ring in Rings(geo))
        {
            for (var i = 0; i < ring.Count; i++)
            {
                var (x, y) = ToPixel(ring[i].Lat, ring[i].Lon);
                svg.Append(i == 0 ? 'M' : 'L').Append(x.ToString("0.#", CultureInfo.InvariantCulture)).Append(',').Append(y.ToString("0.#", CultureInfo.InvariantCulture));
            }
            svg.Append('Z');
        }
        return svg.Append("\"/></svg>").ToString();
    }

    /// <summary>The outer rings of a GeoJSON (Multi)Polygon as lat/lon; none when it cannot be read. Shared with AreaMap.</summary>
    internal static IEnumerable<List<(double Lat, double Lon)>> Rings(string geoJson)
    {
        List<List<(double, double)>> rings = [];
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var g = doc.RootElement.TryGetProperty("geometry", out var inner) ? inner : doc.RootElement;
            var coords = g.GetProperty("coordinates");
            var polygons = g.GetProperty("type").GetString() == "MultiPolygon" ? coords.EnumerateArray().ToList() : [coords];
            foreach (var polygon in polygons)
                rings.Add(polygon.EnumerateArray().First().EnumerateArray().Select(p => (p[1].GetDouble(), p[0].GetDouble())).ToList());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            rings.Clear(); // one broken outline must not break the map
        }
        return rings;
    }
}
