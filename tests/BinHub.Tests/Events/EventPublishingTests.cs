namespace BinHub.Tests.Events;

/// <summary>Who may publish, edit, cancel and read registrations of which events; what a publisher's form refuses.</summary>
public class EventPublishingTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<int> DeniedCountAsync(string userId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync(a => a.UserId == userId && a.Outcome == "Denied");
    }

    [Fact]
    public async Task A_coordinator_publishing_for_a_BIN_they_do_not_coordinate_gets_404_and_the_refusal_is_audited()
    {
        var place = await world.PlaceAsync();
        var own = await world.BinAsync(place, BinStatus.Active);
        var foreign = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: own.Id);

        var response = await app.ClientFor(coordinator.Token).PostAsJsonAsync("/api/v1/events", EventBuilders.EventFor(foreign.Id, place.Nis, app.BrusselsAt(10, 19)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1, await DeniedCountAsync(coordinator.User.Id));
        await app.PublishAsync(coordinator.Token, place, own.Id, app.BrusselsAt(10, 19)); // their own BIN is fine
    }

    [Theory]
    [InlineData("PUT", "")]
    [InlineData("POST", "/cancellation")]
    [InlineData("GET", "/registrations")]
    [InlineData("GET", "/registrations.csv")]
    public async Task Another_BINs_coordinator_and_another_municipality_get_404_for_an_event_and_each_refusal_is_audited(string method, string path)
    {
        var place = await world.PlaceAsync();
        var elsewhere = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var otherBin = await world.BinAsync(place, BinStatus.Active);
        var owner = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var id = await app.PublishAsync(owner.Token, place, bin.Id, app.BrusselsAt(10, 19));
        foreach (var stranger in new[] { await world.PersonAsync(Roles.Coordinator, coordinates: otherBin.Id), await world.PersonAsync(Roles.MunicipalityOfficial, nis: elsewhere.Nis) })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), $"/api/v1/events/{id}{path}");
            if (method != "GET") request.Content = JsonContent.Create(method == "PUT" ? EventBuilders.EventFor(bin.Id, place.Nis, app.BrusselsAt(11, 19)) : new { confirm = true });
            var response = await app.ClientFor(stranger.Token).SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(1, await DeniedCountAsync(stranger.User.Id));
        }
        // The municipality of the BIN manages it.
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(municipality.Token).GetAsync($"/api/v1/events/{id}/registrations")).StatusCode);
    }

    [Fact]
    public async Task The_publisher_pages_of_another_BINs_event_answer_404()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var owner = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var stranger = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place, BinStatus.Active)).Id);
        var id = await app.PublishAsync(owner.Token, place, bin.Id, app.BrusselsAt(10, 19));

        foreach (var page in new[] { $"/Events/Edit/{id}", $"/Events/Cancel/{id}", $"/Events/Registrations/{id}", $"/Events/Registrations/{id}?handler=Csv" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync(page)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(owner.Token).GetAsync(page)).StatusCode);
        }
    }

    [Fact]
    public async Task The_places_cannot_be_lowered_below_the_people_already_registered()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var starts = app.BrusselsAt(10, 19);
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, starts, capacity: 10);
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");
        await app.RegisterAsync(home.Person.Token, id, 3);
        var client = app.ClientFor(coordinator.Token);

        var lowered = await client.PutAsJsonAsync($"/api/v1/events/{id}", EventBuilders.EventFor(bin.Id, place.Nis, starts, capacity: 2));
        var enough = await client.PutAsJsonAsync($"/api/v1/events/{id}", EventBuilders.EventFor(bin.Id, place.Nis, starts, capacity: 3));

        Assert.Equal(HttpStatusCode.BadRequest, lowered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enough.StatusCode);
        await using var db = app.Db();
        Assert.Equal((3, 3), await db.BinEvents.Where(e => e.Id == id).Select(e => new ValueTuple<int?, int>(e.Capacity, e.Taken)).SingleAsync());
    }

    [Fact]
    public async Task Only_the_Kenniscentrum_publishes_for_a_whole_region_or_the_country()
    {
        var place = await world.PlaceAsync();
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var national = new
        {
            kind = "NationalBinDay", title = "Nationale BIN-dag", startsAt = app.BrusselsAt(30, 10), endsAt = app.BrusselsAt(30, 17), place = "Heizel",
            placeNis = place.Nis, languages = new[] { "nl", "fr", "de" }, audience = "National",
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(municipality.Token).PostAsJsonAsync("/api/v1/events", national)).StatusCode);
        var created = await app.ClientFor(centre.Token).PostAsJsonAsync("/api/v1/events", national);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["nl", "fr", "de"], (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task An_event_without_title_ending_before_it_starts_and_in_the_past_is_refused_in_the_publishers_language()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var bad = new
        {
            kind = "Training", title = " ", startsAt = app.Clock.Now.AddHours(-1), endsAt = app.Clock.Now.AddHours(-2), place = "Zaal", placeNis = place.Nis,
            capacity = 0, languages = new[] { "xx" }, audience = "Bin", binId = bin.Id,
        };

        var response = await app.ClientFor(coordinator.Token, "fr").PostAsJsonAsync("/api/v1/events", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Titre est obligatoire.", errors.GetProperty("Title")[0].GetString());
        Assert.Equal("L'activité doit commencer dans le futur.", errors.GetProperty("StartsAt")[0].GetString());
        foreach (var field in new[] { "EndsAt", "Capacity", "Languages" }) Assert.True(errors.TryGetProperty(field, out _), field);
        await using var db = app.Db();
        Assert.False(await db.BinEvents.AnyAsync(e => e.AudienceBinId == bin.Id));
    }

    [Fact]
    public async Task The_registration_list_is_audited_and_its_CSV_never_starts_a_cell_with_a_formula()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19));
        var home = await app.HouseholdAsync(world, bin.Id, name: "=HYPERLINK(\"http://evil\")", language: "nl");
        Assert.Equal(HttpStatusCode.OK, (await app.RegisterAsync(home.Person.Token, id, 3)).StatusCode);

        var page = await app.ClientFor(coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/events/{id}/registrations");
        var csv = await app.ClientFor(coordinator.Token).GetStringAsync($"/api/v1/events/{id}/registrations.csv");

        Assert.Equal(3, page.GetProperty("people").GetInt32());
        Assert.Equal(3, page.GetProperty("items")[0].GetProperty("people").GetInt32());
        Assert.Contains("'=HYPERLINK", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv.Replace("\"", ""));
        await using var db = app.Db();
        var reads = await db.AuditEntries.Where(a => a.UserId == coordinator.User.Id && a.EntityId == id.ToString()).Select(a => a.Action).ToListAsync();
        Assert.Contains("ReadEventRegistrations", reads);
        Assert.Contains("ExportEventRegistrations", reads);
    }
}

/// <summary>The reminder's time on the days clocks change.</summary>
public class ReminderTimeTests
{
    [Theory]
    [InlineData("2026-03-30T17:00:00Z", "2026-03-29T16:00:00Z")] // the evening before is the Sunday clocks go forward: 18:00 CEST
    [InlineData("2026-10-26T18:00:00Z", "2026-10-25T17:00:00Z")] // the Sunday clocks go back: 18:00 CET
    [InlineData("2026-06-10T08:00:00Z", "2026-06-09T16:00:00Z")] // a morning event: still 18:00 the day before
    public void The_reminder_is_due_at_18h_Brussels_wall_clock_the_day_before(string starts, string due) =>
        Assert.Equal(DateTimeOffset.Parse(due), BinHub.Features.Events.EventNotices.ReminderDue(DateTimeOffset.Parse(starts)));
}
