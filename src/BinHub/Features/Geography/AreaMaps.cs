using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Geography;

/// <summary>
/// Which area each page's map shows, decided once for the page (to read a click) and for the SVG (to draw it), and the
/// endpoints serving the SVG. Each is scoped like its page; the SVG holds outlines and what the browser sent back, nothing personal.
/// </summary>
public static class AreaMaps
{
    /// <summary>A member reporting: their BIN's municipality and the BIN's own area.</summary>
    public static async Task<AreaMap?> ForMemberAsync(BinHubDb db, Actor actor, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return null;
        var shapes = await db.Bins.Where(b => b.Id == member.BinId)
            .Select(b => new { b.AreaGeoJson, Boundary = db.Municipalities.Where(m => m.Nis == b.MunicipalityNis).Select(m => m.BoundaryGeoJson).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return AreaMap.Fit([shapes?.Boundary, shapes?.AreaGeoJson]);
    }

    /// <summary>A sender in the composer: the officer's zone (its municipalities and active BINs), or the coordinator's BINs.</summary>
    public static async Task<AreaMap?> ForSenderAsync(BinHubDb db, Actor actor, CancellationToken ct)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        var coordinated = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
        if (zone is null && coordinated.Length == 0) return null;
        var bins = await db.Bins.Where(b => b.Status == BinStatus.Active && ((zone != null && b.PoliceZoneNumber == zone) || coordinated.Contains(b.Id)))
            .Select(b => new { b.MunicipalityNis, b.AreaGeoJson }).Take(500).ToListAsync(ct);
        var nis = bins.Select(b => b.MunicipalityNis).Distinct().ToList();
        var boundaries = await db.Municipalities.Where(m => m.IsCurrent && ((zone != null && m.PoliceZoneNumber == zone) || nis.Contains(m.Nis)))
            .Select(m => m.BoundaryGeoJson).ToListAsync(ct);
        return AreaMap.Fit(boundaries.Concat(bins.Select(b => b.AreaGeoJson)));
    }

    /// <summary>A BIN being edited: its municipality's outline (public geography).</summary>
    public static async Task<AreaMap> ForMunicipalityAsync(BinHubDb db, string nis, CancellationToken ct) =>
        AreaMap.Fit([await db.Municipalities.Where(m => m.Nis == nis).Select(m => m.BoundaryGeoJson).FirstOrDefaultAsync(ct)]);

    /// <summary>Corners sent as "lat,lon;lat,lon" (at most 200, as many as anyone clicks by hand).</summary>
    public static List<(double Lat, double Lon)> ParseCorners(string? text)
    {
        List<(double, double)> corners = [];
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Take(200))
        {
            var parts = pair.Split(',');
            if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) &&
                double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && double.IsFinite(lat) && double.IsFinite(lon))
                corners.Add((lat, lon));
        }
        return corners;
    }

    public static string FormatCorners(IEnumerable<(double Lat, double Lon)> corners) =>
        string.Join(';', corners.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Lat},{c.Lon}")));

    public static void MapAreaMaps(this WebApplication app)
    {
        static IResult Svg(AreaMap? map, double? lat, double? lon, double? r, string? c) =>
            map is null ? Results.NotFound() : Results.Text(map.Render(lat, lon, r, ParseCorners(c)), "image/svg+xml");

        app.MapGet("/Maps/Report.svg", async (BinHubDb db, CurrentActor current, double? lat, double? lon, CancellationToken ct) =>
            Svg(await ForMemberAsync(db, await current.GetAsync(ct), ct), lat, lon, null, null)).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/Maps/Compose.svg", async (BinHubDb db, CurrentActor current, double? lat, double? lon, double? r, CancellationToken ct) =>
            Svg(await ForSenderAsync(db, await current.GetAsync(ct), ct), lat, lon, r, null)).RequireAuthorization().ExcludeFromDescription();
        app.MapGet("/Maps/Municipality/{nis}.svg", async (BinHubDb db, CurrentActor current, string nis, string? c, CancellationToken ct) =>
            (await current.GetAsync(ct)).CanSeeRegistry ? Svg(await ForMunicipalityAsync(db, nis, ct), null, null, null, c) : Results.NotFound())
            .RequireAuthorization().ExcludeFromDescription();
    }
}
