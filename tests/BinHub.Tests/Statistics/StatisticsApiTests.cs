
namespace BinHub.Tests.Statistics;

public class StatisticsApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<JsonElement> StatsAsync(int year, string lang = "en") =>
        await app.ClientFor(null, lang).GetFromJsonAsync<JsonElement>($"/api/v1/statistics?year={year}");

    private static JsonElement? Zone(JsonElement stats, int zone) =>
        stats.GetProperty("zones").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(z => z!.Value.GetProperty("code").GetString() == zone.ToString());

    [Fact]
    public async Task Statistics_are_public_and_count_active_bins_per_zone_split_by_type_with_households()
    {
        var place = await world.PlaceAsync();
        await world.BinAsync(place, BinStatus.Active, type: BinType.Bin);
        await world.BinAsync(place, BinStatus.Active, type: BinType.Bin);
        await world.BinAsync(place, BinStatus.Active, type: BinType.BinZ);
        await world.BinAsync(place, BinStatus.Draft);
        await world.BinAsync(place, BinStatus.AwaitingSignatures);
        await world.BinAsync(place, BinStatus.Suspended);

        var stats = await StatsAsync(app.Clock.Now.Year);
        var zone = Zone(stats, place.Zone)!.Value;
        Assert.Equal(2, zone.GetProperty("bin").GetInt32());
        Assert.Equal(1, zone.GetProperty("binZ").GetInt32());
        Assert.Equal(3, zone.GetProperty("total").GetInt32());
        Assert.Equal(300, zone.GetProperty("households").GetInt32());
        Assert.Equal($"PZ Test {place.Zone - 10_000}", zone.GetProperty("name").GetString());
        var province = stats.GetProperty("provinces").EnumerateArray().Single(p => p.GetProperty("code").GetString() == place.ProvinceCode);
        Assert.Equal(3, province.GetProperty("total").GetInt32());
        var totals = stats.GetProperty("totals");
        Assert.Equal(totals.GetProperty("bin").GetInt32() + totals.GetProperty("binZ").GetInt32(), totals.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Dissolving_a_bin_changes_the_figures_at_once()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await world.BinAsync(place, BinStatus.Active);
        var before = await StatsAsync(app.Clock.Now.Year);
        Assert.Equal(2, Zone(before, place.Zone)!.Value.GetProperty("total").GetInt32());

        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/status", new { to = "Dissolved", reason = "no volunteers" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var after = await StatsAsync(app.Clock.Now.Year);
        Assert.Equal(1, Zone(after, place.Zone)!.Value.GetProperty("total").GetInt32());
        Assert.Equal(before.GetProperty("totals").GetProperty("total").GetInt32() - 1, after.GetProperty("totals").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_year_counts_the_bins_active_on_its_last_day_only()
    {
        var place = await world.PlaceAsync();
        var year = app.Clock.Now.Year - 2;
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(year, 6, 1, 0, 0, 0, TimeSpan.Zero));
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero)); // 00:00 UTC on 1 January is 01:00 in Brussels: already the new year
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(year + 1, 3, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Null(Zone(await StatsAsync(year - 1), place.Zone));
        Assert.Equal(1, Zone(await StatsAsync(year), place.Zone)!.Value.GetProperty("total").GetInt32());
        Assert.Equal(3, Zone(await StatsAsync(year + 1), place.Zone)!.Value.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Names_follow_the_requests_language()
    {
        var place = await world.PlaceAsync("03000");
        await world.BinAsync(place, BinStatus.Active);
        var fr = await StatsAsync(app.Clock.Now.Year, "fr-BE");
        var nl = await StatsAsync(app.Clock.Now.Year, "nl-BE");
        string RegionName(JsonElement s) => s.GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "03000").GetProperty("name").GetString()!;
        Assert.Equal("Région 03000", RegionName(fr));
        Assert.Equal("Gewest 03000", RegionName(nl));
    }

    [Fact]
    public async Task Province_and_zone_rows_carry_their_names_in_the_requests_language()
    {
        var place = await world.PlaceAsync();
        await using (var db = app.Db())
        {
            // Boundaries are stored with the geography but are never part of the figures.
            var province = await db.Provinces.SingleAsync(p => p.Code == place.ProvinceCode);
            province.BoundaryGeoJson = """{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.8,51.1],[3.7,51.0]]]}""";
            (await db.PoliceZones.SingleAsync(z => z.Number == place.Zone)).BoundaryGeoJson = province.BoundaryGeoJson;
            await db.SaveChangesAsync();
        }
        await world.BinAsync(place, BinStatus.Active);
        var n = place.Zone - 10_000;
        var fr = await StatsAsync(app.Clock.Now.Year, "fr-BE");
        var nl = await StatsAsync(app.Clock.Now.Year, "nl-BE");
        string Name(JsonElement s, string list, string code) =>
            s.GetProperty(list).EnumerateArray().Single(r => r.GetProperty("code").GetString() == code).GetProperty("name").GetString()!;
        Assert.Equal($"Province {n}", Name(fr, "provinces", place.ProvinceCode));
        Assert.Equal($"Provincie {n}", Name(nl, "provinces", place.ProvinceCode));
        Assert.Equal($"PZ Test {n}", Name(fr, "zones", place.Zone.ToString()));
        Assert.Equal(1, Zone(nl, place.Zone)!.Value.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("1800")]
    [InlineData("99999")]
    [InlineData("abc")]
    public async Task A_nonsense_year_is_a_400_problem(string year)
    {
        var response = await app.ClientFor(null).GetAsync($"/api/v1/statistics?year={year}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_statistics_page_shows_the_figures_and_a_chart()
    {
        var place = await world.PlaceAsync();
        await world.BinAsync(place, BinStatus.Active);
        var html = await app.ClientFor(null).GetStringAsync($"/Statistics?year={app.Clock.Now.Year}");
        Assert.Contains($"PZ Test {place.Zone - 10_000}", html);
        Assert.Contains("<svg", html);
    }
}
