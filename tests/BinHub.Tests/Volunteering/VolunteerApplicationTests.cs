using BinHub.Features.Volunteering;

namespace BinHub.Tests.Volunteering;

/// <summary>Applying, screening, accepting and declining; the volunteer status and who sees it.</summary>
public class VolunteerApplicationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(World.Place Place, int BinId, World.Person Official, int CallId)> CallAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        return (place, bin.Id, official, await app.PublishAsync(official, VolunteeringBuilders.CallRequest()));
    }

    [Fact]
    public async Task An_accepted_member_gets_the_volunteer_status_sees_it_and_is_told_in_their_own_language()
    {
        var (place, binId, official, callId) = await CallAsync();
        var member = await app.VolunteerCandidateAsync(world, binId, "de");
        var applicationId = await app.ApplyAsync(member.Person, callId);

        // The publisher reads the application with the applicant's contact details: audited.
        var call = await app.ClientFor(official.Token).GetFromJsonAsync<JsonElement>($"/api/v1/volunteering/calls/{callId}");
        var applicant = call.GetProperty("applications").EnumerateArray().Single();
        Assert.Equal("Ik werk in de IT en help graag.", applicant.GetProperty("motivation").GetString());
        Assert.StartsWith("cand.", applicant.GetProperty("email").GetString());

        var accepted = await app.ClientFor(official.Token, "fr").PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/accept",
            new { message = "Welkom!" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/volunteering");
        var status = mine.GetProperty("statuses").EnumerateArray().Single();
        Assert.Equal(("Cpa", place.Nis, "BIN-cursus cyberpreventie v2"),
            (status.GetProperty("role").GetString(), status.GetProperty("municipalityNis").GetString(), status.GetProperty("training").GetString()));
        Assert.Equal("Accepted", mine.GetProperty("applications").EnumerateArray().Single().GetProperty("state").GetString());

        var answers = await app.DeliveriesAsync(member.MemberId, VolunteerNotices.AnswerKind);
        Assert.Equal([Channels.Email, Channels.Web], answers.Select(d => d.Channel).Order());
        Assert.All(answers, d => Assert.StartsWith("Ihre Bewerbung ist angenommen", d.Subject)); // German, although the publisher works in French
        Assert.All(answers, d => Assert.Contains("Welkom!", d.Body));

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "ReadPersonalData" && e.EntityType == "VolunteerApplication"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "AcceptVolunteerApplication" && e.EntityId == applicationId.ToString()));
    }

    [Fact]
    public async Task Declining_needs_a_message_gives_no_status_and_an_application_is_decided_once()
    {
        var (_, binId, official, callId) = await CallAsync();
        var member = await app.VolunteerCandidateAsync(world, binId, "nl");
        var applicationId = await app.ApplyAsync(member.Person, callId);
        var client = app.ClientFor(official.Token);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/decline", new { message = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/decline", new { message = "Te weinig tijd." })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/accept", new { message = "Toch wel" })).StatusCode);

        await using var db = app.Db();
        Assert.False(await db.VolunteerStatuses.AnyAsync(s => s.MemberId == member.MemberId));
        Assert.All(await app.DeliveriesAsync(member.MemberId, VolunteerNotices.AnswerKind), d => Assert.StartsWith("Uw kandidatuur:", d.Subject));
    }

    [Fact]
    public async Task A_publisher_of_another_municipality_cannot_read_or_decide_the_application_and_is_audited()
    {
        var (_, binId, _, callId) = await CallAsync();
        var member = await app.VolunteerCandidateAsync(world, binId);
        var applicationId = await app.ApplyAsync(member.Person, callId);
        var stranger = await world.PersonAsync(Roles.MunicipalityOfficial, nis: (await world.PlaceAsync()).Nis);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: 1);

        foreach (var who in new[] { stranger, officer })
        {
            var client = app.ClientFor(who.Token);
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/accept", new { message = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/volunteering/calls/{callId}")).StatusCode);
        }
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == stranger.User.Id && e.Action == "AcceptVolunteerApplication" && e.Outcome == "Denied"));
        Assert.Equal(ApplicationState.Open, (await db.VolunteerApplications.SingleAsync(a => a.Id == applicationId)).State);
    }

    [Fact]
    public async Task A_member_sees_only_the_calls_of_their_area_cannot_apply_elsewhere_twice_or_withdraw_another_households_application()
    {
        var (_, binId, _, callId) = await CallAsync();
        var (_, otherBin, _, otherCall) = await CallAsync();
        var member = await app.VolunteerCandidateAsync(world, binId);
        var neighbour = await app.VolunteerCandidateAsync(world, otherBin);

        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/volunteering");
        var open = mine.GetProperty("openCalls").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(callId, open);
        Assert.DoesNotContain(otherCall, open);

        var client = app.ClientFor(member.Person.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/me/volunteering/calls/{otherCall}/apply", new { motivation = "Graag" })).StatusCode);
        var applicationId = await app.ApplyAsync(member.Person, callId);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/me/volunteering/calls/{callId}/apply", new { motivation = "Nog eens" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(neighbour.Person.Token).DeleteAsync($"/api/v1/me/volunteering/applications/{applicationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/v1/me/volunteering/applications/{applicationId}")).StatusCode);

        await using var db = app.Db();
        Assert.Equal(ApplicationState.Withdrawn, (await db.VolunteerApplications.SingleAsync(a => a.Id == applicationId)).State);
    }

    [Fact]
    public async Task A_closed_call_takes_no_applications()
    {
        var (_, binId, _, callId) = await CallAsync();
        var member = await app.VolunteerCandidateAsync(world, binId);
        await using (var db = app.Db())
            await db.VolunteerCalls.Where(c => c.Id == callId).ExecuteUpdateAsync(s => s.SetProperty(c => c.OpenUntil, new DateOnly(2026, 3, 1)));
        var response = await app.ClientFor(member.Person.Token).PostAsJsonAsync($"/api/v1/me/volunteering/calls/{callId}/apply", new { motivation = "Graag" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
