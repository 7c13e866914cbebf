namespace BinHub.Tests.Registry;

public class RegistryApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Input(string nis, string name = "BIN Kerkwijk", object? type = null) => new
    {
        name, type = type ?? "Bin", municipalityNis = nis, areaStreets = "Kerkstraat\nMolenstraat", language = "nl",
        urgentChannels = "Sms, Email", nonUrgentChannels = "Email, Web", enteredHouseholds = 120, contactEmail = "bin@example.be",
    };

    [Fact]
    public async Task Officer_creates_a_draft_bin_in_their_zone_and_finds_it_in_the_list()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);

        var created = await client.PostAsJsonAsync("/api/v1/bins", Input(place.Nis, "BIN Kerkwijk Noord"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var bin = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{id}");
        Assert.Equal("Draft", bin.GetProperty("status").GetString());
        Assert.Equal(place.Zone, bin.GetProperty("zoneNumber").GetInt32());
        Assert.Equal(2, bin.GetProperty("areaStreets").GetArrayLength());

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?q=kerkwijk%20noord&zone={place.Zone}");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetInt32());

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Create" && a.EntityId == id.ToString() && a.UserId == officer.User.Id));
        Assert.True(await db.BinStatusChanges.AnyAsync(s => s.BinId == id && s.To == BinStatus.Draft));
    }

    [Fact]
    public async Task List_is_paged_with_the_total_in_the_body()
    {
        var place = await world.PlaceAsync();
        for (var n = 0; n < 7; n++) await world.BinAsync(place, name: $"Paged BIN {n}");
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);

        var page2 = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}&page=2&pageSize=3&sort=name");
        Assert.Equal(7, page2.GetProperty("total").GetInt32());
        Assert.Equal(3, page2.GetProperty("items").GetArrayLength());
        Assert.Equal("Paged BIN 3", page2.GetProperty("items")[0].GetProperty("name").GetString());

        var huge = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}&pageSize=100000");
        Assert.Equal(200, huge.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task List_rows_name_municipality_and_zone_in_the_requests_language_and_sort_by_municipality()
    {
        var place = await world.PlaceAsync();
        var neighbour = await world.MunicipalityInZoneAsync(place);
        var n = place.Zone - 10_000;
        var inTestgem = await world.BinAsync(place, name: "Rows BIN A");
        var inBuurgem = await world.BinAsync(place, name: "Rows BIN B");
        await using (var db = app.Db())
        {
            (await db.Bins.SingleAsync(b => b.Id == inBuurgem.Id)).MunicipalityNis = neighbour;
            await db.SaveChangesAsync();
        }
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);

        var fr = await app.ClientFor(officer.Token, "fr-BE").GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}&sort=municipality");
        var rows = fr.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([inBuurgem.Id, inTestgem.Id], rows.Select(r => r.GetProperty("id").GetInt32())); // "Buurgem …" before "Testgem …" (Dutch names)
        Assert.Equal($"Commune test {n}", rows[1].GetProperty("municipalityName").GetString());
        Assert.Equal(place.Nis, rows[1].GetProperty("municipalityNis").GetString());
        Assert.Equal($"PZ Test {n}", rows[1].GetProperty("zoneName").GetString());
        Assert.Equal(place.ProvinceCode, rows[1].GetProperty("provinceCode").GetString());
        Assert.Equal(place.RegionCode, rows[1].GetProperty("regionCode").GetString());

        var desc = await app.ClientFor(officer.Token, "nl-BE").GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}&sort=-municipality&q=testgem");
        Assert.Equal(inTestgem.Id, desc.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetInt32());
        Assert.Equal($"Testgem {n}", desc.GetProperty("items")[0].GetProperty("municipalityName").GetString());

        // The registry page lists the provinces by name in its filter.
        var page = WebUtility.HtmlDecode(await app.ClientFor(officer.Token, "fr-BE").GetStringAsync($"/Registry?zone={place.Zone}"));
        Assert.Contains($"Province {n}", page);
        Assert.Contains("Rows BIN A", page);
    }

    [Fact]
    public async Task List_filters_by_type_status_and_charter_state()
    {
        var place = await world.PlaceAsync();
        await world.BinAsync(place, BinStatus.Active, "Active shop BIN", BinType.BinZ);
        await world.BinAsync(place, BinStatus.Draft, "Draft residents BIN");
        await world.BinAsync(place, BinStatus.Active, "Old charter BIN", activeSince: app.Clock.Now.AddMonths(-37));
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var client = app.ClientFor(kc.Token);

        async Task<string[]> Names(string query) => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}&{query}"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order().ToArray();

        Assert.Equal(["Active shop BIN"], await Names("type=BinZ"));
        Assert.Equal(["Draft residents BIN"], await Names("status=Draft"));
        Assert.Equal(["Old charter BIN"], await Names("charter=Lapsed"));
        Assert.Equal(["Active shop BIN"], await Names("charter=Valid"));
        Assert.Equal(["Draft residents BIN"], await Names("charter=None"));
    }

    [Fact]
    public async Task Csv_export_contains_the_filtered_rows_and_is_audited()
    {
        var place = await world.PlaceAsync();
        await world.BinAsync(place, BinStatus.Active, "=HYPERLINK(\"x\") export BIN");
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var response = await app.ClientFor(officer.Token).GetAsync($"/api/v1/bins/export.csv?zone={place.Zone}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Trim('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("RegistrationNumber,Name,Type,Status", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains("'=HYPERLINK", lines[1]); // formula escaped
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Export" && a.UserId == officer.User.Id));
    }

    [Fact]
    public async Task Coordinator_edits_their_bin_but_not_its_people()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);

        var ok = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place.Nis, "Renamed by coordinator"));
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var withPeople = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", new
        {
            name = "x", type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms", mandatedOfficerId = officer.User.Id,
        });
        Assert.Equal(HttpStatusCode.Forbidden, withPeople.StatusCode);
        await using var db = app.Db();
        Assert.Equal("Renamed by coordinator", (await db.Bins.FindAsync(bin.Id))!.Name);
    }

    [Fact]
    public async Task Officer_assigns_mandated_officer_and_coordinators_of_the_right_roles_only_and_the_kenniscentrum_is_told_what_is_wrong()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var coordinator = await world.PersonAsync(Roles.Coordinator);
        var member = await world.PersonAsync(Roles.Member);
        var client = app.ClientFor(officer.Token);

        var good = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", new
        {
            name = bin.Name, type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms",
            mandatedOfficerId = officer.User.Id, coordinatorIds = new[] { coordinator.User.Id },
        });
        Assert.Equal(HttpStatusCode.NoContent, good.StatusCode);
        var bad = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", new
        {
            name = bin.Name, type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms",
            mandatedOfficerId = member.User.Id, coordinatorIds = new[] { member.User.Id },
        });
        // For a scoped officer an id that names nobody they may assign is "not found", like a foreign id in a route.
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var national = await app.ClientFor(kc.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", new
        {
            name = bin.Name, type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms",
            mandatedOfficerId = member.User.Id, coordinatorIds = new[] { member.User.Id },
        });
        Assert.Equal(HttpStatusCode.BadRequest, national.StatusCode);
        var problem = await national.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("MandatedOfficerId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("CoordinatorIds", out _));

        await using var db = app.Db();
        var saved = await db.Bins.Include(b => b.Coordinators).FirstAsync(b => b.Id == bin.Id);
        Assert.Equal(officer.User.Id, saved.MandatedOfficerId);
        Assert.Equal(coordinator.User.Id, Assert.Single(saved.Coordinators).UserId);
    }
}
