using BinHub.Features.Volunteering;

namespace BinHub.Tests.Volunteering;

/// <summary>The volunteers' list, ending a status, the counts per region, the opt-in, and the member's export and erasure.</summary>
public class VolunteerStatusTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<VolunteerStatus> StatusAsync(World.Place place, VolunteerRole role, DateTimeOffset startedAt, int? memberId = null)
    {
        memberId ??= (await app.VolunteerCandidateAsync(world, (await world.BinAsync(place, BinStatus.Active)).Id)).MemberId;
        await using var db = app.Db();
        var s = new VolunteerStatus { MemberId = memberId.Value, Role = role, MunicipalityNis = place.Nis, RegionCode = place.RegionCode, StartedAt = startedAt };
        db.VolunteerStatuses.Add(s);
        await db.SaveChangesAsync();
        return s;
    }

    [Fact]
    public async Task Figures_count_people_and_cpas_per_region_by_the_brussels_year_their_status_started()
    {
        var region = $"F{Random.Shared.Next(1000, 9999)}";
        var place = await world.PlaceAsync(region);
        // 31 December 23:30 UTC is already 1 January in Brussels: it counts for the new year.
        var newYearInBrussels = await StatusAsync(place, VolunteerRole.Cpa, new DateTimeOffset(2025, 12, 31, 23, 30, 0, TimeSpan.Zero));
        await StatusAsync(place, VolunteerRole.Translator, new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero), newYearInBrussels.MemberId); // same person
        await StatusAsync(place, VolunteerRole.EventHelper, new DateTimeOffset(2026, 12, 31, 22, 59, 0, TimeSpan.Zero));
        await StatusAsync(place, VolunteerRole.Cpa, new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero)); // 2027 in Brussels
        await StatusAsync(place, VolunteerRole.Cpa, new DateTimeOffset(2025, 12, 31, 22, 59, 0, TimeSpan.Zero)); // 2025 in Brussels

        await using var db = app.Db();
        var year = (await VolunteerFigures.ForYearAsync(db, 2026, default)).Single(r => r.RegionCode == region);
        Assert.Equal((2, 1), (year.Volunteers, year.Cpas));
        Assert.Equal((1, 1), (await VolunteerFigures.ForYearAsync(db, 2025, default)).Where(r => r.RegionCode == region).Select(r => (r.Volunteers, r.Cpas)).Single());

        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var figures = await app.ClientFor(national.Token).GetFromJsonAsync<JsonElement>("/api/v1/volunteering/figures?year=2026");
        Assert.Equal(2, figures.EnumerateArray().Single(r => r.GetProperty("regionCode").GetString() == region).GetProperty("volunteers").GetInt32());
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(official.Token).GetAsync("/api/v1/volunteering/figures?year=2026")).StatusCode);
    }

    [Fact]
    public async Task A_municipality_lists_and_ends_only_its_own_volunteers_and_the_kenniscentrum_filters_by_region()
    {
        var region = $"V{Random.Shared.Next(1000, 9999)}";
        var mine = await world.PlaceAsync(region);
        var other = await world.PlaceAsync();
        var own = await StatusAsync(mine, VolunteerRole.Cpa, app.Clock.Now.AddDays(-30));
        var foreign = await StatusAsync(other, VolunteerRole.Cpa, app.Clock.Now.AddDays(-30));
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: mine.Nis);
        var client = app.ClientFor(official.Token, "nl-BE");

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/volunteering/volunteers");
        Assert.Equal([own.Id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/volunteering/volunteers/{foreign.Id}/end", new { reason = "verhuisd" })).StatusCode);

        var noReason = await client.PostAsJsonAsync($"/api/v1/volunteering/volunteers/{own.Id}/end", new { reason = "" });
        Assert.Contains("Reden is verplicht", await noReason.Content.ReadAsStringAsync());
        var beforeStart = await client.PostAsJsonAsync($"/api/v1/volunteering/volunteers/{own.Id}/end", new { endedOn = "2026-01-01", reason = "verhuisd" });
        Assert.Equal(HttpStatusCode.BadRequest, beforeStart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/volunteering/volunteers/{own.Id}/end", new { reason = "verhuisd" })).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/volunteering/volunteers")).GetProperty("items").EnumerateArray());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/volunteering/volunteers?ended=true")).GetProperty("items").EnumerateArray());

        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var byRegion = await app.ClientFor(national.Token).GetFromJsonAsync<JsonElement>($"/api/v1/volunteering/volunteers?region={region}&ended=true");
        Assert.Equal([own.Id], byRegion.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "ReadPersonalData" && e.EntityType == "VolunteerStatus"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "EndVolunteerStatus" && e.EntityId == foreign.Id.ToString()
            && e.Outcome == "Denied"));
        Assert.Null((await db.VolunteerStatuses.SingleAsync(s => s.Id == foreign.Id)).EndedAt);
    }

    [Fact]
    public async Task The_opt_in_is_off_by_default_and_recorded_with_its_time_when_the_member_turns_it_on_and_off()
    {
        var place = await world.PlaceAsync();
        var member = await app.VolunteerCandidateAsync(world, (await world.BinAsync(place, BinStatus.Active)).Id, optedIn: false);
        var client = app.ClientFor(member.Person.Token);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/v1/me/volunteering")).GetProperty("optedIn").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/me/volunteering/opt-in", new { wanted = true })).StatusCode);
        Assert.Equal(app.Clock.Now, (await app.MemberAsync(member.MemberId)).VolunteerCallsConsentAt);
        await client.PutAsJsonAsync("/api/v1/me/volunteering/opt-in", new { wanted = false });
        Assert.Null((await app.MemberAsync(member.MemberId)).VolunteerCallsConsentAt);

        await using var db = app.Db();
        var kinds = await db.MemberEvents.Where(e => e.MemberId == member.MemberId).Select(e => e.Kind).ToListAsync();
        Assert.Equal(["VolunteerCallsOptedIn", "VolunteerCallsOptedOut"], kinds.Where(k => k.StartsWith("VolunteerCalls")));
    }

    [Fact]
    public async Task The_export_holds_the_applications_and_status_and_erasure_removes_the_motivation_and_ends_the_status()
    {
        var place = await world.PlaceAsync();
        var binId = (await world.BinAsync(place, BinStatus.Active)).Id;
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var member = await app.VolunteerCandidateAsync(world, binId);
        var first = await app.ApplyAsync(member.Person, await app.PublishAsync(official, VolunteeringBuilders.CallRequest()), "Mijn motivatie A");
        await app.ApplyAsync(member.Person, await app.PublishAsync(official, VolunteeringBuilders.CallRequest(role: "Translator")), "Mijn motivatie B");
        await app.ClientFor(official.Token).PostAsJsonAsync($"/api/v1/volunteering/applications/{first}/accept", new { message = "Welkom" });

        var client = app.ClientFor(member.Person.Token);
        var export = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/export");
        var volunteering = export.GetProperty("volunteering");
        Assert.Equal(["Mijn motivatie A", "Mijn motivatie B"], volunteering.GetProperty("applications").EnumerateArray().Select(a => a.GetProperty("motivation").GetString()));
        Assert.Equal("Cpa", volunteering.GetProperty("statuses").EnumerateArray().Single().GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/v1/me")).StatusCode);
        await using var db = app.Db();
        var applications = await db.VolunteerApplications.Where(a => a.MemberId == member.MemberId).OrderBy(a => a.Id).ToListAsync();
        Assert.All(applications, a => Assert.Null(a.Motivation));
        Assert.All(applications, a => Assert.Null(a.Answer));
        Assert.Equal([ApplicationState.Accepted, ApplicationState.Withdrawn], applications.Select(a => a.State));
        var status = await db.VolunteerStatuses.SingleAsync(s => s.MemberId == member.MemberId);
        Assert.Equal((app.Clock.Now, VolunteerErasure.ErasedReason), (status.EndedAt, status.EndReason));
        Assert.Null((await db.Members.SingleAsync(m => m.Id == member.MemberId)).VolunteerCallsConsentAt);
        Assert.All(await db.Deliveries.Where(d => d.MemberId == member.MemberId).ToListAsync(), d => Assert.Equal("[erased]", d.Recipient));
    }
}
