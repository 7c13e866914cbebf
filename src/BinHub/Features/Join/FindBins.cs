using System.Text.Json;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Join;

/// <summary>
/// The public BIN finder (no sign-in): by postcode, municipality name or street, or by a point (longitude/latitude).
/// Only active BINs are shown, with their public contact; when none covers the place, the municipality and its police
/// zone are named so the visitor knows whom to ask to start one.
/// </summary>
public static class FindBins
{
    public sealed record Query(string? Q, string? Street, double? Lat, double? Lon);

    public sealed record Card(int Id, string Name, BinType Type, string Municipality, string Postcodes, int StreetCount, bool CoversStreet,
        string? ContactEmail, string? ContactPhone, bool AcceptsOnline);

    public sealed record Place(string Nis, string Name, int? ZoneNumber, string? ZoneName);

    public sealed record Result(IReadOnlyList<Card> Bins, IReadOnlyList<Place> Places, bool Searched);

    public const int MaxResults = 50;

    public static async Task<Result> HandleAsync(BinHubDb db, Query q, string lang, CancellationToken ct)
    {
        var text = (q.Q ?? "").Trim();
        var street = (q.Street ?? "").Trim();
        if (text.Length > 100) text = text[..100];
        if (street.Length > 120) street = street[..120];
        List<Municipality> places = [];
        string? postcode = null;
        if (q.Lat is { } lat && q.Lon is { } lon && lat is > 49 and < 52 && lon is > 2 and < 7)
        {
            // Boundaries are fetched only for municipalities whose stored boundary exists; a country has under 600.
            var withBoundary = await db.Municipalities.Where(m => m.IsCurrent && m.BoundaryGeoJson != null).ToListAsync(ct);
            places = withBoundary.Where(m => GeoPoint.Inside(m.BoundaryGeoJson!, lon, lat)).ToList();
        }
        else if (text.Length == 4 && text.All(char.IsAsciiDigit))
        {
            postcode = " " + text + " ";
            var byPostcode = await Active(db).Where(b => (" " + b.Postcodes + " ").Contains(postcode)).Select(b => b.MunicipalityNis).Distinct().ToListAsync(ct);
            places = await db.Municipalities.Where(m => byPostcode.Contains(m.Nis)).ToListAsync(ct);
        }
        else if (text.Length >= 2)
        {
            var lower = text.ToLower();
            places = await db.Municipalities.Where(m => m.NameNl.ToLower().Contains(lower) || m.NameFr.ToLower().Contains(lower)
                    || (m.NameDe != null && m.NameDe.ToLower().Contains(lower)))
                .OrderBy(m => m.NameNl).Take(20).ToListAsync(ct);
        }
        else if (street.Length < 3)
        {
            return new Result([], [], false);
        }

        // A municipality that merged into another one is represented by its successor.
        var nis = places.Select(p => p.IsCurrent ? p.Nis : p.MergedIntoNis ?? p.Nis).Distinct().ToList();
        var bins = Active(db);
        if (nis.Count > 0) bins = bins.Where(b => nis.Contains(b.MunicipalityNis) || nis.Contains(b.Municipality!.MergedIntoNis!));
        else if (text.Length > 0 || q.Lat is not null) return new Result([], [], true);
        if (postcode is not null) bins = bins.Where(b => (" " + b.Postcodes + " ").Contains(postcode));
        var lowerStreet = street.ToLower();
        if (street.Length > 0) bins = bins.Where(b => b.AreaStreets.ToLower().Contains(lowerStreet) || b.AreaStreets == "");
        var found = await bins.Include(b => b.Municipality).OrderBy(b => b.Name).Take(MaxResults).ToListAsync(ct);
        if (q.Lat is { } la && q.Lon is { } lo)
            found = found.Where(b => b.AreaGeoJson is null || GeoPoint.Inside(b.AreaGeoJson, lo, la)).ToList();

        var zones = await db.PoliceZones.Where(z => places.Select(p => p.PoliceZoneNumber).Contains(z.Number)).ToDictionaryAsync(z => z.Number, z => z.Name, ct);
        return new Result(
            found.Select(b =>
            {
                var streets = Bins.BinValidation.Streets(b.AreaStreets);
                return new Card(b.Id, b.Name, b.Type, b.Municipality?.Name(lang) ?? b.MunicipalityNis, b.Postcodes, streets.Count,
                    street.Length > 0 && streets.Any(s => s.Contains(street, StringComparison.OrdinalIgnoreCase)), b.ContactEmail, b.ContactPhone, true);
            }).ToList(),
            places.Where(p => p.IsCurrent).Select(p => new Place(p.Nis, p.Name(lang), p.PoliceZoneNumber,
                p.PoliceZoneNumber is { } z && zones.TryGetValue(z, out var n) ? n : null)).ToList(),
            true);
    }

    private static IQueryable<Bin> Active(BinHubDb db) => db.Bins.Where(b => b.Status == BinStatus.Active);
}

/// <summary>Point in a GeoJSON Polygon or MultiPolygon (even-odd rule; holes count), in plain longitude/latitude.</summary>
public static class GeoPoint
{
    public static bool Inside(string geoJson, double lon, double lat)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var root = doc.RootElement;
            if (root.TryGetProperty("geometry", out var g)) root = g;
            var type = root.GetProperty("type").GetString();
            var coords = root.GetProperty("coordinates");
            return type switch
            {
                "Polygon" => InPolygon(coords, lon, lat),
                "MultiPolygon" => coords.EnumerateArray().Any(p => InPolygon(p, lon, lat)),
                _ => false,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Every corner of the shape's outer rings, as latitude/longitude.</summary>
    public static List<(double Lat, double Lon)> Vertices(string geoJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var g = doc.RootElement.TryGetProperty("geometry", out var inner) ? inner : doc.RootElement;
            var coords = g.GetProperty("coordinates");
            var polygons = g.GetProperty("type").GetString() == "MultiPolygon" ? coords.EnumerateArray().ToList() : [coords];
            return polygons.SelectMany(p => p.EnumerateArray().First().EnumerateArray().Select(v => (v[1].GetDouble(), v[0].GetDouble()))).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return [];
        }
    }

    private static bool InPolygon(JsonElement rings, double x, double y)
    {
        var inside = false;
        foreach (var ring in rings.EnumerateArray())
        {
            var pts = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray();
            for (int i = 0, j = pts.Length - 1; i < pts.Length; j = i++)
                if ((pts[i].Y > y) != (pts[j].Y > y) && x < (pts[j].X - pts[i].X) * (y - pts[i].Y) / (pts[j].Y - pts[i].Y) + pts[i].X)
                    inside = !inside;
        }
        return inside;
    }
}
