using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Join;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// Turns a message's target (BINs by id, all BINs of a zone or a municipality, or a radius around a point) into the
/// active BINs it reaches. Null means an unknown or inactive BIN or zone was named: the caller answers "not found".
/// </summary>
public static class Targets
{
    public static async Task<List<Bin>?> ResolveAsync(BinHubDb db, Actor actor, SendMessage.Request r, CancellationToken ct)
    {
        var active = db.Bins.Include(b => b.Municipality).Where(b => b.Status == BinStatus.Active);
        // Every target the request names is checked, also one another target takes precedence over: an id outside the
        // sender's scope is refused, never silently ignored.
        var zoneOf = actor.IsOfficer ? actor.ZoneNumber : null;
        if (r.ZoneNumber is { } named && (zoneOf is null || named != zoneOf)) return null;
        if (!string.IsNullOrWhiteSpace(r.MunicipalityNis) && !await MunicipalityInScopeAsync(db, actor, r.MunicipalityNis, ct)) return null;
        if (r.BinIds is { Count: > 0 } ids)
        {
            var distinct = ids.Distinct().ToList();
            if (distinct.Count > 2000) return null;
            var bins = await active.Where(b => distinct.Contains(b.Id)).ToListAsync(ct);
            return bins.Count == distinct.Count ? bins : null;
        }
        if (r.ZoneNumber is { } zone) return await active.Where(b => b.PoliceZoneNumber == zone).ToListAsync(ct);
        if (!string.IsNullOrWhiteSpace(r.MunicipalityNis))
        {
            var nis = r.MunicipalityNis;
            // The sender's right to reach each of them is the caller's check, as for BIN ids; none active is "no targets".
            return await active.Where(b => b.MunicipalityNis == nis || b.Municipality!.MergedIntoNis == nis).ToListAsync(ct);
        }
        if (r is { Lat: { } lat, Lon: { } lon, RadiusKm: { } km })
        {
            // Only the sender's own BINs are candidates: a radius never reaches outside one's scope.
            var own = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
            var candidates = await active.Where(b => b.PoliceZoneNumber == zoneOf || own.Contains(b.Id)).ToListAsync(ct);
            return candidates.Where(b => Reaches(b.AreaGeoJson ?? b.Municipality?.BoundaryGeoJson, lat, lon, km)).ToList();
        }
        return [];
    }

    /// <summary>A municipality of the officer's zone, or one where the coordinator coordinates a BIN (unknown ones are out of scope too).</summary>
    private static Task<bool> MunicipalityInScopeAsync(BinHubDb db, Actor actor, string nis, CancellationToken ct)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        var own = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
        return db.Municipalities.AnyAsync(m => m.Nis == nis && ((zone != null && m.PoliceZoneNumber == zone)
            || db.Bins.Any(b => own.Contains(b.Id) && (b.MunicipalityNis == nis || b.Municipality!.MergedIntoNis == nis))), ct);
    }

    /// <summary>The area contains the point, or one of its corners lies within the radius (good enough at BIN scale).</summary>
    public static bool Reaches(string? geoJson, double lat, double lon, double km) =>
        geoJson is not null && (GeoPoint.Inside(geoJson, lon, lat) || GeoPoint.Vertices(geoJson).Any(v => DistanceKm(lat, lon, v.Lat, v.Lon) <= km));

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371;
        double dLat = (lat2 - lat1) * Math.PI / 180, dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static string Describe(SendMessage.Request r) =>
        r.BinIds is { Count: > 0 } ids ? "bins=" + string.Join(',', ids.Take(20))
        : r.ZoneNumber is { } z ? $"zone={z}" : r.MunicipalityNis is { } m ? $"municipality={m}" : r.Lat is not null ? $"radius={r.RadiusKm}km" : "none";

    public static string Summary(List<Bin> bins)
    {
        var names = string.Join(", ", bins.Take(5).Select(b => b.Name));
        var text = bins.Count > 5 ? $"{names} (+{bins.Count - 5})" : names;
        return text.Length > 500 ? text[..500] : text;
    }
}
