using BinHub.Features.Join;

namespace BinHub.Tests.Join;

public class FindBinsTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_finder_matches_postcode_municipality_street_and_a_point_and_shows_only_active_bins()
    {
        var place = await world.PlaceAsync();
        var active = await world.BinAsync(place, BinStatus.Active, name: "BIN Kerkwijk");
        var draft = await world.BinAsync(place, BinStatus.Draft, name: "BIN Ontwerp");
        var postcode = (1000 + place.Zone % 8000).ToString();
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == active.Id || b.Id == draft.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Postcodes, postcode + " 9999"));
        string muniName;
        await using (var db = app.Db()) muniName = (await db.Municipalities.SingleAsync(m => m.Nis == place.Nis)).NameNl;

        await using var q = app.Db();
        var byPostcode = await FindBins.HandleAsync(q, new(postcode, null, null, null), "nl", default);
        Assert.Equal([active.Id], byPostcode.Bins.Select(b => b.Id));
        var byName = await FindBins.HandleAsync(q, new(muniName.ToUpperInvariant(), null, null, null), "nl", default);
        Assert.Equal([active.Id], byName.Bins.Select(b => b.Id));
        var byStreet = await FindBins.HandleAsync(q, new(muniName, "kerkstr", null, null), "nl", default);
        Assert.True(byStreet.Bins.Single().CoversStreet);
        var elsewhere = await FindBins.HandleAsync(q, new(muniName, "Stationsplein", null, null), "nl", default);
        Assert.Empty(elsewhere.Bins);
        var byPoint = await FindBins.HandleAsync(q, new(null, null, 51.05, 3.75), "nl", default); // inside the test boundary
        Assert.Contains(active.Id, byPoint.Bins.Select(b => b.Id));
        Assert.DoesNotContain(draft.Id, byPoint.Bins.Select(b => b.Id));
    }

    [Fact]
    public async Task Without_a_bin_the_page_explains_how_to_start_one_and_names_the_police_zone()
    {
        var place = await world.PlaceAsync();
        string muniName;
        await using (var db = app.Db()) muniName = (await db.Municipalities.SingleAsync(m => m.Nis == place.Nis)).NameNl;
        var page = await app.ClientFor(null, "fr").GetStringAsync($"/Join?q={Uri.EscapeDataString(muniName)}");
        Assert.Contains("Il n&#x27;y a pas encore de PLP ici", page);
        Assert.Contains($"PZ Test", page);
        Assert.Contains("112", page);
    }

    [Theory]
    [InlineData("Polygon", 3.75, 51.05, true)]
    [InlineData("Polygon", 4.75, 51.05, false)]
    public void A_point_is_inside_or_outside_a_polygon(string _, double lon, double lat, bool inside) =>
        Assert.Equal(inside, GeoPoint.Inside("""{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.8,51.1],[3.7,51.1],[3.7,51.0]]]}""", lon, lat));

    [Fact]
    public async Task A_click_on_the_map_finds_the_bins_at_that_point()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"BIN Kaart {Guid.NewGuid().ToString()[..4]}");
        var map = await app.ClientFor(null).GetAsync("/Join/Map.svg");
        Assert.Equal("image/svg+xml", map.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<path", await map.Content.ReadAsStringAsync());
        var (x, y) = FinderMap.ToPixel(51.05, 3.75); // inside the test municipality
        var page = await app.ClientFor(null).GetStringAsync($"/Join?map.x={(int)x}&map.y={(int)y}");
        Assert.Contains(bin.Name, page);
        var (lat, lon) = FinderMap.ToPoint((int)x, (int)y);
        Assert.InRange(lat, 51.04, 51.06);
        Assert.InRange(lon, 3.74, 3.76);
    }

    [Fact]
    public async Task A_request_for_a_new_bin_reaches_the_zones_officers_in_their_language()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone, lang: "fr");
        var page = await Forms.PostAsync(app.ClientFor(null), $"/Join/Request?nis={place.Nis}", "/Join/Request", new()
        {
            ["Nis"] = place.Nis, ["Name"] = "Lea Maes", ["Email"] = "lea@example.test", ["Phone"] = "0478 11 22 33", ["Message"] = "Veel inbraken hier",
        });
        Assert.Contains("request was sent", await page.Content.ReadAsStringAsync());
        await using var db = app.Db();
        var mail = await db.Deliveries.SingleAsync(m => m.Kind == "BinRequest" && m.Recipient == officer.User.Email);
        Assert.StartsWith("Demande de lancement", mail.Subject);
        Assert.Contains("+32478112233", mail.Body);
    }

    [Fact]
    public async Task A_request_without_any_way_to_reach_the_requester_is_refused_and_sends_nothing()
    {
        var place = await world.PlaceAsync();
        await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var page = await Forms.PostAsync(app.ClientFor(null), "/Join/Request", "/Join/Request", new() { ["Nis"] = place.Nis, ["Name"] = "Tom Zonderadres" });
        Assert.Contains("at least a phone number or an e-mail address", await page.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.False(await db.Deliveries.AnyAsync(m => m.Kind == "BinRequest" && m.Body!.Contains("Tom Zonderadres")));
    }
}

/// <summary>The code pages are limited per client address, far below ordinary browsing.</summary>
public class CodeRateLimitTests(CodeRateLimitTests.StrictApp app) : IClassFixture<CodeRateLimitTests.StrictApp>
{
    public sealed class StrictApp : BinHubApp
    {
        protected override int CodesPerFiveMinutes => 3;
    }

    [Fact]
    public async Task The_sign_in_page_answers_429_after_the_limit_while_other_pages_still_work()
    {
        var client = app.ClientFor(null);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/MemberSignIn")).StatusCode);
        var refused = await client.GetAsync("/Account/MemberSignIn");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Join")).StatusCode);
    }
}
