using System.Text.Json;

namespace BinHub.Features.Bins;

/// <summary>
/// Checks a BIN's own area (GeoJSON Polygon or MultiPolygon, lon/lat) before it is saved: the CAP feed publishes it as the
/// alert area and radius messages reach BINs by it, so a shape that is open, a line, outside Belgium or crossing itself
/// would tell consumers — and the radius search — something false. Answers the resource key of the first problem, or null.
/// </summary>
public static class AreaShape
{
    /// <summary>Belgium's bounding box with a little margin (WGS 84): a point outside it is a typing or lat/lon-swap error.</summary>
    public const double MinLat = 49.45, MaxLat = 51.55, MinLon = 2.5, MaxLon = 6.45;
    public const int MaxChars = 500_000;

    public static string? Problem(string json)
    {
        if (json.Length > MaxChars) return "Validation.GeoJson";
        List<List<(double Lon, double Lat)>> rings;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "Validation.GeoJson";
            var g = root.TryGetProperty("geometry", out var inner) ? inner : root;
            if (!g.TryGetProperty("type", out var t) || !g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array) return "Validation.GeoJson";
            var polygons = t.GetString() switch { "Polygon" => [c], "MultiPolygon" => c.EnumerateArray().ToList(), _ => (List<JsonElement>?)null };
            if (polygons is null || polygons.Count == 0) return "Validation.GeoJson";
            rings = [];
            foreach (var polygon in polygons)
            {
                if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0) return "Validation.GeoJson";
                foreach (var ring in polygon.EnumerateArray())
                {
                    if (ring.ValueKind != JsonValueKind.Array) return "Validation.GeoJson";
                    var points = new List<(double, double)>();
                    foreach (var p in ring.EnumerateArray())
                    {
                        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2 || p[0].ValueKind != JsonValueKind.Number || p[1].ValueKind != JsonValueKind.Number)
                            return "Validation.GeoJson";
                        points.Add((p[0].GetDouble(), p[1].GetDouble()));
                    }
                    rings.Add(points);
                }
            }
        }
        catch (JsonException) { return "Validation.GeoJson"; }

        foreach (var ring in rings)
        {
            if (ring.Count < 4 || ring.Distinct().Count() < 3) return "Validation.AreaTooFewPoints";
            if (ring[0] != ring[^1]) return "Validation.AreaNotClosed";
            if (ring.Any(p => p.Lat is < MinLat or > MaxLat || p.Lon is < MinLon or > MaxLon)) return "Validation.AreaOutsideBelgium";
            if (CrossesItself(ring)) return "Validation.AreaSelfIntersects";
        }
        return null;
    }

    /// <summary>Whether two edges of the closed ring that do not share a corner touch or cross (O(n²): rings are hand-drawn, small).</summary>
    public static bool CrossesItself(List<(double X, double Y)> ring)
    {
        var n = ring.Count - 1; // edges; the last point repeats the first
        if (n > 5000) return false; // an imported outline this big is not hand-drawn; the other checks still hold
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
            {
                if (j == i + 1 || (i == 0 && j == n - 1)) continue; // neighbours share a corner
                if (Intersect(ring[i], ring[i + 1], ring[j], ring[j + 1])) return true;
            }
        return false;
    }

    private static bool Intersect((double X, double Y) a, (double X, double Y) b, (double X, double Y) c, (double X, double Y) d)
    {
        double Cross((double X, double Y) o, (double X, double Y) p, (double X, double Y) q) => (p.X - o.X) * (q.Y - o.Y) - (p.Y - o.Y) * (q.X - o.X);
        bool On((double X, double Y) p, (double X, double Y) q, (double X, double Y) r) =>
            Math.Min(p.X, q.X) <= r.X && r.X <= Math.Max(p.X, q.X) && Math.Min(p.Y, q.Y) <= r.Y && r.Y <= Math.Max(p.Y, q.Y);
        double d1 = Cross(c, d, a), d2 = Cross(c, d, b), d3 = Cross(a, b, c), d4 = Cross(a, b, d);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
        return (d1 == 0 && On(c, d, a)) || (d2 == 0 && On(c, d, b)) || (d3 == 0 && On(a, b, c)) || (d4 == 0 && On(a, b, d));
    }
}
