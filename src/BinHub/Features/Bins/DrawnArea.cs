using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BinHub.Features.Bins;

/// <summary>
/// A BIN's area drawn corner by corner on the map: the corners are read from and written back to the GeoJSON field, always
/// as a closed Polygon (the last point repeats the first), so the outline closes itself. <see cref="AreaShape"/> still
/// decides on save whether it is a usable area.
/// </summary>
public static class DrawnArea
{
    /// <summary>The corners of a single-ring Polygon; none when the field is empty or holds something else, so drawing starts anew.</summary>
    public static List<(double Lat, double Lon)> Corners(string? geoJson)
    {
        List<(double, double)> corners = [];
        if (string.IsNullOrWhiteSpace(geoJson)) return corners;
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var g = doc.RootElement.TryGetProperty("geometry", out var inner) ? inner : doc.RootElement;
            if (g.GetProperty("type").GetString() != "Polygon") return corners;
            foreach (var p in g.GetProperty("coordinates")[0].EnumerateArray()) corners.Add((p[1].GetDouble(), p[0].GetDouble()));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return [];
        }
        if (corners.Count > 1 && corners[0] == corners[^1]) corners.RemoveAt(corners.Count - 1);
        return corners;
    }

    /// <summary>The outline through these corners, closed; empty text when there are none.</summary>
    public static string ToGeoJson(IReadOnlyList<(double Lat, double Lon)> corners)
    {
        if (corners.Count == 0) return "";
        var json = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
        foreach (var (lat, lon) in corners.Append(corners[0]))
            json.Append(CultureInfo.InvariantCulture, $"[{lon},{lat}],");
        json.Length--;
        return json.Append("]]}").ToString();
    }

    public static string AddCorner(string? geoJson, double lat, double lon) => ToGeoJson([.. Corners(geoJson), (lat, lon)]);

    public static string RemoveLastCorner(string? geoJson) => ToGeoJson(Corners(geoJson) is { Count: > 0 } c ? c.Take(c.Count - 1).ToList() : []);
}
