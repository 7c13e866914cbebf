namespace BinHub.Tests.Practices;

/// <summary>Who reads, edits and marks practices: anything outside one's scope is "not found" and audited.</summary>
public class PracticeScopeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task A_draft_is_read_only_by_its_author_and_the_Kenniscentrum_anyone_else_gets_404_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var author = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var id = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal(binId: bin.Id, submit: false));
        var other = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place, BinStatus.Active)).Id);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);

        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(author.Token).GetAsync($"/api/v1/practices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(centre.Token).GetAsync($"/api/v1/practices/{id}")).StatusCode);
        foreach (var stranger in new[] { other, officer })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/api/v1/practices/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/Practices/{id}")).StatusCode);
            Assert.True(await app.DeniedAsync(stranger.User.Id, "GetPractice", id.ToString()));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(null).GetAsync($"/Practices/{id}")).StatusCode);
        // Nor can they change it, even once it is published (then readable, still not theirs).
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(other.Token).PutAsJsonAsync($"/api/v1/practices/{id}", PracticeBuilders.Proposal())).StatusCode);
        Assert.True(await app.DeniedAsync(other.User.Id, "EditPractice", id.ToString()));
    }

    [Fact]
    public async Task Anonymous_visitors_read_a_published_practice_only_where_the_author_consented_and_never_see_the_author()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var marker = PracticeBuilders.Marker();
        var open = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal(marker, isPublic: true));
        var closed = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal(marker, isPublic: false));
        var anonymous = app.ClientFor(null);

        // Anonymous visitors read on the site (the API wants a token); they see the practice, not who wrote it.
        var seen = WebUtility.HtmlDecode(await anonymous.GetStringAsync($"/Practices/{open}"));
        Assert.Contains("Buurtwandeling tegen inbraak", seen);
        Assert.DoesNotContain(author.User.DisplayName, seen);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/Practices/{closed}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/practices/{open}")).StatusCode);
        var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/practices?q={marker}");
        Assert.Equal([open], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));

        // Every signed-in role reads both, members too.
        var place = await world.PlaceAsync();
        var member = await app.HouseholdAsync(world, (await world.BinAsync(place, BinStatus.Active)).Id);
        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>($"/api/v1/practices?q={marker}");
        Assert.Equal(2, mine.GetProperty("total").GetInt32());
        var read = WebUtility.HtmlDecode(await app.ClientFor(member.Person.Token).GetStringAsync($"/Practices/{closed}"));
        Assert.Contains(author.User.DisplayName, read);
    }

    [Fact]
    public async Task A_coordinator_marks_we_use_this_only_for_their_own_BIN_and_only_the_Kenniscentrum_sees_which_BINs()
    {
        var place = await world.PlaceAsync();
        var mine = await world.BinAsync(place, BinStatus.Active, name: "BIN Eigen");
        var foreign = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: mine.Id);
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var id = await app.PublishedAsync(world, centre.Token, PracticeBuilders.Proposal());
        var client = app.ClientFor(coordinator.Token);

        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"/api/v1/practices/{id}/uptake/{foreign.Id}", null)).StatusCode);
        Assert.True(await app.DeniedAsync(coordinator.User.Id, "MarkPracticeUptake", foreign.Id.ToString()));
        var marked = await (await client.PutAsync($"/api/v1/practices/{id}/uptake/{mine.Id}", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, marked.GetProperty("uptakeCount").GetInt32());
        Assert.Equal(1, (await (await client.PutAsync($"/api/v1/practices/{id}/uptake/{mine.Id}", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("uptakeCount").GetInt32()); // twice is once

        var asCoordinator = await client.GetFromJsonAsync<JsonElement>($"/api/v1/practices/{id}");
        Assert.Equal(1, asCoordinator.GetProperty("uptakeCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, asCoordinator.GetProperty("uptakeBins").ValueKind);
        Assert.Equal([mine.Id], asCoordinator.GetProperty("myUptakeBinIds").EnumerateArray().Select(b => b.GetInt32()));
        var asCentre = await app.ClientFor(centre.Token).GetFromJsonAsync<JsonElement>($"/api/v1/practices/{id}");
        Assert.Equal(["BIN Eigen"], asCentre.GetProperty("uptakeBins").EnumerateArray().Select(b => b.GetProperty("name").GetString()));

        var undone = await (await client.DeleteAsync($"/api/v1/practices/{id}/uptake/{mine.Id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, undone.GetProperty("uptakeCount").GetInt32());
        // A draft cannot be marked: it is not in the library.
        var draft = await app.ProposeAsync(centre.Token, PracticeBuilders.Proposal(submit: false));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync($"/api/v1/practices/{draft}/uptake/{mine.Id}", null)).StatusCode);
    }

    [Fact]
    public async Task The_edit_page_keeps_the_practices_BIN_selected_however_many_BINs_the_Kenniscentrum_sees()
    {
        var place = await world.PlaceAsync();
        await using (var db = app.Db())
        {
            // More BINs than a cut list would show, all sorting before the practice's own.
            db.Bins.AddRange(Enumerable.Range(0, 320).Select(i => new Bin
            {
                Name = $"AAA {i:000}", MunicipalityNis = place.Nis, PoliceZoneNumber = place.Zone, CreatedAt = app.Clock.Now, UpdatedAt = app.Clock.Now,
            }));
            await db.SaveChangesAsync();
        }
        var bin = await world.BinAsync(place, BinStatus.Active, name: "ZZZ laatste BIN");
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var id = await app.ProposeAsync(centre.Token, PracticeBuilders.Proposal(binId: bin.Id, submit: false));

        var html = await app.ClientFor(centre.Token).GetStringAsync($"/Practices/Edit/{id}");

        // Missing from the list, the browser would post no BIN and a re-save would silently unlink the practice.
        Assert.Matches($"<option value=\"{bin.Id}\" selected=\"selected\">", html);
    }

    [Fact]
    public async Task A_BIN_outside_the_proposers_scope_is_not_found_and_a_member_cannot_propose()
    {
        var place = await world.PlaceAsync();
        var elsewhere = await world.PlaceAsync();
        var foreign = await world.BinAsync(elsewhere, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/practices", PracticeBuilders.Proposal(binId: foreign.Id));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await app.DeniedAsync(officer.User.Id, "ProposePractice", foreign.Id.ToString()));
        await using (var db = app.Db()) Assert.False(await db.Practices.AnyAsync(p => p.AuthorUserId == officer.User.Id));

        var member = await app.HouseholdAsync(world, foreign.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(member.Person.Token).PostAsJsonAsync("/api/v1/practices", PracticeBuilders.Proposal())).StatusCode);
    }

    [Fact]
    public async Task The_author_changes_a_practice_until_it_is_published_then_it_is_final()
    {
        var author = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var id = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal(submit: false));
        var client = app.ClientFor(author.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/practices/{id}", PracticeBuilders.Proposal(title: "Nieuwe titel", isPublic: true))).StatusCode);
        await using (var db = app.Db())
        {
            var p = await db.Practices.SingleAsync(x => x.Id == id);
            Assert.Equal(("Nieuwe titel", PracticeState.Submitted, app.Clock.Now), (p.Title, p.State, p.PublicConsentAt!.Value));
        }
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(centre.Token).PostAsync($"/api/v1/practices/{id}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/practices/{id}", PracticeBuilders.Proposal(title: "Later"))).StatusCode);
    }

    [Fact]
    public async Task A_proposal_without_a_title_is_refused_in_the_authors_language()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var response = await app.ClientFor(author.Token, "fr").PostAsJsonAsync("/api/v1/practices", new { summary = "s", body = "b", theme = "Fire", language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Titre est obligatoire.", errors.GetProperty("Title")[0].GetString());
    }

    [Fact]
    public async Task A_translation_joins_its_original_and_each_language_is_there_once()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var nl = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal(language: "nl"));
        var fr = await app.PublishedAsync(world, author.Token, PracticeBuilders.Proposal(title: "Promenade contre les cambriolages", language: "fr", translationOf: nl));
        var details = await app.ClientFor(author.Token).GetFromJsonAsync<JsonElement>($"/api/v1/practices/{nl}");
        Assert.Equal([(fr, "fr")], details.GetProperty("translations").EnumerateArray().Select(t => (t.GetProperty("id").GetInt32(), t.GetProperty("language").GetString())));
        var html = WebUtility.HtmlDecode(await app.ClientFor(author.Token).GetStringAsync($"/Practices/{fr}"));
        Assert.Contains($"href=\"/Practices/{nl}\"", html);

        var again = await app.ClientFor(author.Token).PostAsJsonAsync("/api/v1/practices", PracticeBuilders.Proposal(language: "nl", translationOf: fr));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }
}
