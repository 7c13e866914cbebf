using BinHub.Features;
using BinHub.Features.Geography;
using BinHub.Features.Seeding;
using BinHub.Features.Statistics;

namespace BinHub.Tests.Statistics;

public class SeedNationalTests
{
    private static readonly TestClock Clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    private static async Task<GetStatistics.Result> StatsAsync(BinHub.Data.BinHubDb db, int year) =>
        Assert.IsType<Outcome<GetStatistics.Result>.Ok>(await GetStatistics.HandleAsync(db, Clock, year, "en", default)).Value;

    [Fact]
    public async Task Statistics_after_seed_national_2024_reproduce_the_published_figures_and_follow_a_dissolution()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        await ImportGeo.RunAsync(db, GeoData.Directory, null, default);
        var seeded = await SeedNational.RunAsync(db, 2024, null, default);
        Assert.Equal(1557, seeded.Bins);
        db.ChangeTracker.Clear();

        var stats = await StatsAsync(db, 2024);
        (int Bin, int BinZ, int Total) Region(string code)
        {
            var r = stats.Regions.Single(x => x.Code == code);
            return (r.Bin, r.BinZ, r.Total);
        }
        Assert.Equal((1060, 153, 1213), Region("02000"));
        Assert.Equal((15, 2, 17), Region("04000"));
        Assert.Equal((311, 16, 327), Region("03000"));
        Assert.Equal(new GetStatistics.Totals(1386, 171, 1557, 180_000), stats.Totals);
        Assert.Equal(1557, stats.Provinces.Sum(p => p.Total) + stats.Regions.Single(r => r.Code == "04000").Total); // Brussels has no province
        Assert.Equal(1557, stats.Zones.Sum(z => z.Total));
        Assert.Equal("Flemish Region", stats.Regions.Single(r => r.Code == "02000").Name);

        // Dissolve one BIN of Wallonia during 2024: the 2024 figures drop by one at once.
        var bin = await db.Bins.Include(b => b.Municipality).FirstAsync(b => b.Municipality!.RegionCode == "03000" && b.Type == BinType.Bin);
        bin.Status = BinStatus.Dissolved;
        db.BinStatusChanges.Add(new BinStatusChange { BinId = bin.Id, From = BinStatus.Active, To = BinStatus.Dissolved, Reason = "test", At = new DateTimeOffset(2024, 10, 1, 0, 0, 0, TimeSpan.Zero) });
        await db.SaveChangesAsync();
        var after = await StatsAsync(db, 2024);
        Assert.Equal(310, after.Regions.Single(x => x.Code == "03000").Bin);
        Assert.Equal(1556, after.Totals.Total);
        Assert.Equal(1557, (await StatsAsync(db, 2023)).Totals.Total); // it was still active at the end of 2023

        await Assert.ThrowsAsync<InvalidOperationException>(() => SeedNational.RunAsync(db, 2024, null, default)); // never on a filled registry
    }
}
