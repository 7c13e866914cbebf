using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Statistics;

/// <summary>
/// National figures for the BINs active at the end of a year (or now, for the current year), per region,
/// province and police zone, split BIN / BIN-Z, with member households. Always computed from the registry's
/// status history: dissolving or activating a BIN changes the figures at once. No personal data.
/// </summary>
public static class GetStatistics
{
    public sealed record Row(string Code, string Name, int Bin, int BinZ, int Total, int Households);

    public sealed record Totals(int Bin, int BinZ, int Total, int Households);

    public sealed record Result(int Year, IReadOnlyList<Row> Regions, IReadOnlyList<Row> Provinces, IReadOnlyList<Row> Zones, Totals Totals);

    public const int FirstYear = 1990;

    private sealed record Counted(int Id, BinType Type, int Zone, int Households, string Region, string? Province);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, int year, string lang, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (year < FirstYear || year > BrusselsTime.ToBrussels(now).Year + 1)
            return Outcome<Result>.Fail("year", $"year must be between {FirstYear} and {BrusselsTime.ToBrussels(now).Year + 1}");
        var endOfYear = BrusselsTime.EndOfYear(year);
        var cutoff = endOfYear < now ? endOfYear : now;

        // The status each BIN had at the cutoff: its last change on or before it. A few thousand rows nationally.
        var changes = await db.BinStatusChanges.Where(c => c.At <= cutoff)
            .Select(c => new { c.BinId, c.At, c.Id, c.To }).ToListAsync(ct);
        var activeIds = changes.GroupBy(c => c.BinId)
            .Where(g => g.OrderBy(c => c.At).ThenBy(c => c.Id).Last().To == BinStatus.Active)
            .Select(g => g.Key).ToHashSet();

        var households = await Members.MemberCounts.HouseholdsAsync(db, ct);
        var bins = (await db.Bins.Select(b => new Counted(b.Id, b.Type, b.PoliceZoneNumber, 0,
                b.Municipality!.RegionCode, b.Municipality.ProvinceCode)).ToListAsync(ct))
            .Where(b => activeIds.Contains(b.Id)).Select(b => b with { Households = households.GetValueOrDefault(b.Id) }).ToList();

        // Names only: provinces and zones also carry their boundaries (close to a megabyte nationally), which these figures never need.
        var regions = (await db.Regions.ToListAsync(ct)).ToDictionary(r => r.Code, r => r.Name(lang));
        var provinces = (await db.Provinces.Select(Province.WithoutBoundary).ToListAsync(ct)).ToDictionary(p => p.Code, p => p.Name(lang));
        var zones = await db.PoliceZones.Select(z => new { z.Number, z.Name }).ToDictionaryAsync(z => z.Number, z => z.Name, ct);

        List<Row> Group(Func<Counted, string?> key, Func<string, string> name) =>
            bins.Where(b => key(b) is not null).GroupBy(b => key(b)!)
                .Select(g => new Row(g.Key, name(g.Key), g.Count(b => b.Type == BinType.Bin), g.Count(b => b.Type == BinType.BinZ), g.Count(), g.Sum(b => b.Households)))
                .OrderBy(r => r.Code.PadLeft(5, '0'), StringComparer.Ordinal).ToList();

        var result = new Result(year,
            Group(b => b.Region, c => regions.GetValueOrDefault(c, c)),
            Group(b => b.Province, c => provinces.GetValueOrDefault(c, c)),
            Group(b => b.Zone.ToString(System.Globalization.CultureInfo.InvariantCulture), z => zones.GetValueOrDefault(int.Parse(z), "")),
            new Totals(bins.Count(b => b.Type == BinType.Bin), bins.Count(b => b.Type == BinType.BinZ), bins.Count, bins.Sum(b => b.Households)));
        return new Outcome<Result>.Ok(result);
    }

    /// <summary>Years for which figures can be compared: from the first activation to this year.</summary>
    public static async Task<IReadOnlyList<int>> YearsWithDataAsync(BinHubDb db, TimeProvider clock, CancellationToken ct)
    {
        var first = await db.BinStatusChanges.Where(c => c.To == BinStatus.Active).OrderBy(c => c.At).Select(c => (DateTimeOffset?)c.At).FirstOrDefaultAsync(ct);
        if (first is null) return [];
        var from = BrusselsTime.ToBrussels(first.Value).Year;
        var to = BrusselsTime.ToBrussels(clock.GetUtcNow()).Year;
        return Enumerable.Range(from, to - from + 1).ToList();
    }
}
