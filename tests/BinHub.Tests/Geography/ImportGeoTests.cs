using BinHub.Features;
using BinHub.Features.Geography;
using BinHub.Infrastructure;

namespace BinHub.Tests.Geography;

/// <summary>One database with the shared geography imported, for the tests that only read it.</summary>
public sealed class ImportedGeography : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public ImportGeo.Result Result { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(ConnectionString);
        Result = await ImportGeo.RunAsync(db, GeoData.Directory, null, default);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

public class ImportGeoTests(ImportedGeography geo) : IClassFixture<ImportedGeography>
{
    [Fact]
    public async Task Import_applies_the_2025_mergers_565_current_municipalities()
    {
        await using var db = TestDatabase.Open(geo.ConnectionString);
        Assert.Equal(565, await db.Municipalities.CountAsync(m => m.IsCurrent));
        Assert.Equal(3, await db.Regions.CountAsync());
        Assert.Equal(10, await db.Provinces.CountAsync());
        Assert.Equal(185, await db.PoliceZones.CountAsync());
        Assert.Equal(565, geo.Result.Current);
    }

    [Fact]
    public async Task Every_one_of_the_581_old_codes_resolves_to_a_current_municipality_and_keeps_its_zone()
    {
        var oldCodes = File.ReadLines(Path.Combine(GeoData.Directory, "muni2019_policezone2020.csv")).Skip(1)
            .Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(581, oldCodes.Count);
        await using var db = TestDatabase.Open(geo.ConnectionString);
        foreach (var nis in oldCodes)
        {
            var current = await ResolveMunicipality.CurrentAsync(db, nis, default);
            Assert.True(current is { IsCurrent: true }, $"{nis} does not resolve");
        }
        Assert.Equal(0, await db.Municipalities.CountAsync(m => oldCodes.Contains(m.Nis) && m.PoliceZoneNumber == null && !m.IsCurrent));
        var borsbeek = await db.Municipalities.SingleAsync(m => m.Nis == "11007");
        Assert.False(borsbeek.IsCurrent);
        Assert.Equal("11002", borsbeek.MergedIntoNis);
        Assert.Equal(new DateOnly(2024, 12, 31), borsbeek.ValidUntil);
        Assert.Equal(5351, borsbeek.PoliceZoneNumber); // history keeps its own 2020 zone
    }

    [Theory]
    [InlineData("44021", 5415)] // Gent
    [InlineData("62063", 5277)] // Liège
    [InlineData("21004", 5339)] // Brussel
    [InlineData("21009", 5339)] // Elsene
    [InlineData("63023", 5292)] // Eupen
    public async Task Spot_checks_match_the_reference_table(string nis, int zone)
    {
        await using var db = TestDatabase.Open(geo.ConnectionString);
        Assert.Equal(zone, (await db.Municipalities.SingleAsync(m => m.Nis == nis)).PoliceZoneNumber);
    }

    [Fact]
    public async Task Names_exist_in_nl_and_fr_and_german_where_known()
    {
        await using var db = TestDatabase.Open(geo.ConnectionString);
        var liege = await db.Municipalities.SingleAsync(m => m.Nis == "62063");
        Assert.Equal("Luik", liege.Name("nl"));
        Assert.Equal("Liège", liege.Name("fr"));
        Assert.Equal("Eupen", (await db.Municipalities.SingleAsync(m => m.Nis == "63023")).Name("de"));
        Assert.Equal("Provinz Lüttich", (await db.Provinces.SingleAsync(p => p.Code == "60000")).Name("de"));
        Assert.Null((await db.Municipalities.SingleAsync(m => m.Nis == "21004")).ProvinceCode); // Brussels has no province
        var merged = await db.Municipalities.SingleAsync(m => m.Nis == "46030");
        Assert.Equal("Beveren-Kruibeke-Zwijndrecht", merged.NameNl);
        Assert.Equal("40000", merged.ProvinceCode);
        Assert.StartsWith("{\"type\":\"MultiPolygon\"", merged.BoundaryGeoJson);
    }

    [Fact]
    public async Task Merged_municipalities_spanning_zones_are_listed_for_a_person_never_guessed()
    {
        Assert.Equal(6, geo.Result.Conflicts.Count);
        var bkz = Assert.Single(geo.Result.Conflicts, c => c.Nis == "46030");
        Assert.Equal([5346, 5433, 5904], bkz.Candidates);
        await using var db = TestDatabase.Open(geo.ConnectionString);
        var nazareth = await db.Municipalities.SingleAsync(m => m.Nis == "44086"); // both parts in one zone: decided by the data
        Assert.NotNull(nazareth.PoliceZoneNumber);
        var undecided = await db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber == null).Select(m => m.Nis).OrderBy(x => x).ToListAsync();
        Assert.Equal(geo.Result.Conflicts.Select(c => c.Nis).Order(), undecided);
    }
}

/// <summary>Tests that change the imported data get their own database.</summary>
public class ImportGeoChangeTests
{
    private static async Task<(string Cs, ImportGeo.Result Result)> ImportedAsync()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        return (cs, await ImportGeo.RunAsync(db, GeoData.Directory, null, default));
    }

    [Fact]
    public async Task Importing_twice_changes_nothing_and_keeps_a_zone_a_person_decided()
    {
        var (cs, _) = await ImportedAsync();
        await using var db = TestDatabase.Open(cs);
        var decided = await DecideZone.HandleAsync(db, TimeProvider.System, Actor.System("test"), "46030", 5433, default);
        Assert.IsType<Outcome<int>.Ok>(decided);
        var before = await db.Municipalities.AsNoTracking().OrderBy(m => m.Nis)
            .Select(m => new { m.Nis, m.NameNl, m.PoliceZoneNumber, m.IsCurrent, m.MergedIntoNis, m.Population }).ToListAsync();

        db.ChangeTracker.Clear();
        var again = await ImportGeo.RunAsync(db, GeoData.Directory, null, default);
        var after = await db.Municipalities.AsNoTracking().OrderBy(m => m.Nis)
            .Select(m => new { m.Nis, m.NameNl, m.PoliceZoneNumber, m.IsCurrent, m.MergedIntoNis, m.Population }).ToListAsync();
        Assert.Equal(before, after);
        Assert.Equal(5, again.Conflicts.Count);
    }

    [Fact]
    public async Task Deciding_every_conflict_puts_every_current_municipality_in_a_zone_and_only_among_candidates()
    {
        var (cs, result) = await ImportedAsync();
        await using var db = TestDatabase.Open(cs);
        var wrong = await DecideZone.HandleAsync(db, TimeProvider.System, Actor.System("test"), "46030", 5415, default);
        Assert.IsType<Outcome<int>.Invalid>(wrong);
        foreach (var c in result.Conflicts)
            Assert.IsType<Outcome<int>.Ok>(await DecideZone.HandleAsync(db, TimeProvider.System, Actor.System("test"), c.Nis, c.Candidates[0], default));
        Assert.Equal(0, await db.Municipalities.CountAsync(m => m.IsCurrent && m.PoliceZoneNumber == null));
        Assert.Equal(result.Conflicts.Count, await db.AuditEntries.CountAsync(a => a.Action == "DecideZone"));
    }

    [Theory]
    [InlineData("muni2019_policezone2020.csv", 12, "11001,Aartselaar,Aartselaar,10000,02000,ZONE,PZ HEKLA,1,4.37562,51.13451", "line 12")]
    [InlineData("mergers_2025.csv", 5, "99999,Nergens,23106,Pajottegem", "line 5")]
    [InlineData("REFNIS_2019.csv", 3, "04X00;broken", "line 3")]
    public async Task A_broken_file_fails_with_its_line_number_and_writes_nothing(string file, int line, string replacement, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("binhub-geo-").FullName;
        foreach (var f in Directory.GetFiles(GeoData.Directory)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        var lines = File.ReadAllLines(Path.Combine(dir, file)).ToList();
        lines[line - 1] = replacement;
        File.WriteAllLines(Path.Combine(dir, file), lines);

        var cs = await TestDatabase.CreateMigratedAsync();
        await using var db = TestDatabase.Open(cs);
        var e = await Assert.ThrowsAsync<GeoImportException>(() => ImportGeo.RunAsync(db, dir, null, default));
        Assert.Contains(file, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Equal(0, await db.Municipalities.CountAsync());
        Assert.Equal(0, await db.PoliceZones.CountAsync());
    }
}
