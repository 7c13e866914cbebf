namespace BinHub.Tests.Events;

/// <summary>
/// The 2025 mergers: a BIN still recorded under the NIS code of a municipality merged into another is the merged
/// municipality's, for its events as for the rest of BinHub; another municipality still gets 404.
/// </summary>
public class EventMergedMunicipalityTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>An old municipality (the place) merged into a new one of the same zone; answers the new NIS.</summary>
    private async Task<string> MergeAsync(World.Place old)
    {
        var merged = await world.MunicipalityInZoneAsync(old);
        await using var db = app.Db();
        await db.Municipalities.Where(m => m.Nis == old.Nis).ExecuteUpdateAsync(s => s.SetProperty(m => m.MergedIntoNis, merged).SetProperty(m => m.IsCurrent, false));
        return merged;
    }

    [Fact]
    public async Task An_official_of_the_merged_municipality_sees_and_manages_an_event_of_a_BIN_under_an_old_NIS_and_another_municipality_gets_404()
    {
        var old = await world.PlaceAsync();
        var bin = await world.BinAsync(old, BinStatus.Active);
        var merged = await MergeAsync(old);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var id = await app.PublishAsync(coordinator.Token, old, bin.Id, app.BrusselsAt(10, 19));
        var official = app.ClientFor((await world.PersonAsync(Roles.MunicipalityOfficial, nis: merged)).Token);
        var stranger = app.ClientFor((await world.PersonAsync(Roles.MunicipalityOfficial, nis: (await world.PlaceAsync()).Nis)).Token);

        var listed = await official.GetFromJsonAsync<JsonElement>("/api/v1/events");
        Assert.Contains(id, listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await official.GetAsync($"/api/v1/events/{id}/registrations")).StatusCode);
        Assert.Contains(bin.Name, WebUtility.HtmlDecode(await official.GetStringAsync($"/Events/Edit/{id}"))); // offered in the form's BINs
        var edited = await official.PutAsJsonAsync($"/api/v1/events/{id}", EventBuilders.EventFor(bin.Id, old.Nis, app.BrusselsAt(11, 19), title: "Infoavond na de fusie"));
        Assert.True(edited.StatusCode == HttpStatusCode.OK, await edited.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/events/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/events/{id}/registrations")).StatusCode);
        Assert.DoesNotContain(id, (await stranger.GetFromJsonAsync<JsonElement>("/api/v1/events")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("id").GetInt32()));

        Assert.Equal(HttpStatusCode.OK, (await official.PostAsJsonAsync($"/api/v1/events/{id}/cancellation", new { confirm = true })).StatusCode);
    }

    [Fact]
    public async Task A_household_of_a_BIN_under_an_old_NIS_sees_the_events_of_the_merged_municipality()
    {
        var old = await world.PlaceAsync();
        var bin = await world.BinAsync(old, BinStatus.Active);
        var merged = await MergeAsync(old);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: merged);
        var body = new
        {
            kind = "InformationEvening", title = "Infoavond van de nieuwe gemeente", description = "", startsAt = app.BrusselsAt(10, 19),
            endsAt = app.BrusselsAt(10, 21), place = "Gemeentehuis", placeNis = merged, languages = new[] { "nl" }, audience = "Municipality", municipalityNis = merged,
        };
        var published = await app.ClientFor(official.Token).PostAsJsonAsync("/api/v1/events", body);
        Assert.True(published.StatusCode == HttpStatusCode.Created, await published.Content.ReadAsStringAsync());
        var id = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");

        var mine = await app.ClientFor(home.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/events/mine");

        Assert.Contains(id, mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event").GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, (await app.RegisterAsync(home.Person.Token, id)).StatusCode);
    }
}
