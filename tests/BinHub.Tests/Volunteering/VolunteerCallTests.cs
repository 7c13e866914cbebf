using BinHub.Features.Volunteering;

namespace BinHub.Tests.Volunteering;

/// <summary>Publishing a call: who may, for which area, and who is told how.</summary>
public class VolunteerCallTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task A_municipality_call_reaches_only_the_opted_in_members_of_that_municipality_by_email_and_web_inbox_never_sms_in_their_language()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var french = await app.VolunteerCandidateAsync(world, bin.Id, "fr", phones: (MessageBuilders.Mobile(), true, true));
        var unconfirmedEmail = await app.VolunteerCandidateAsync(world, bin.Id, "nl", emailVerified: false);
        var notOptedIn = await app.VolunteerCandidateAsync(world, bin.Id, optedIn: false);
        var elsewhere = await app.VolunteerCandidateAsync(world, (await world.BinAsync(await world.PlaceAsync(), BinStatus.Active)).Id);

        var response = await app.ClientFor(official.Token).PostAsJsonAsync("/api/v1/volunteering/calls", VolunteeringBuilders.CallRequest());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("notified").GetInt32());

        var toFrench = await app.DeliveriesAsync(french.MemberId, VolunteerNotices.CallKind);
        Assert.Equal([Channels.Email, Channels.Web], toFrench.Select(d => d.Channel).Order());
        Assert.All(toFrench, d => Assert.StartsWith("Appel à volontaires : Cyber Prevention Adviser gezocht", d.Subject));
        Assert.All(toFrench, d => Assert.Contains("Conseiller en cyberprévention", d.Body));
        Assert.All(toFrench, d => Assert.NotEqual(DispatchLanes.Alarm, d.Lane));
        Assert.Equal([Channels.Web], (await app.DeliveriesAsync(unconfirmedEmail.MemberId, VolunteerNotices.CallKind)).Select(d => d.Channel));
        Assert.Empty(await app.DeliveriesAsync(notOptedIn.MemberId, VolunteerNotices.CallKind));
        Assert.Empty(await app.DeliveriesAsync(elsewhere.MemberId, VolunteerNotices.CallKind));

        // In the web inbox once the sending engine handed it over, with the call's title.
        await app.DispatchAllAsync();
        var inbox = await app.ClientFor(french.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        var item = inbox.GetProperty("items").EnumerateArray().Single();
        Assert.Contains("Cyber Prevention Adviser gezocht", item.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("messageId").ValueKind);
    }

    [Fact]
    public async Task A_member_on_holiday_pause_or_without_the_web_for_prevention_is_not_sent_that_channel()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var paused = await app.VolunteerCandidateAsync(world, bin.Id);
        var mailOnly = await app.VolunteerCandidateAsync(world, bin.Id);
        await using (var db = app.Db())
        {
            var today = DateOnly.FromDateTime(app.Clock.Now.UtcDateTime);
            await db.Members.Where(m => m.Id == paused.MemberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.PausedFrom, today.AddDays(-1))
                .SetProperty(m => m.PausedUntil, today.AddDays(5)));
            await db.Members.Where(m => m.Id == mailOnly.MemberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.PreventionChannels, Channels.Email));
        }
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        await app.PublishAsync(national, VolunteeringBuilders.CallRequest(nis: place.Nis));

        Assert.Empty(await app.DeliveriesAsync(paused.MemberId, VolunteerNotices.CallKind));
        Assert.Equal([Channels.Email], (await app.DeliveriesAsync(mailOnly.MemberId, VolunteerNotices.CallKind)).Select(d => d.Channel));
    }

    [Fact]
    public async Task The_kenniscentrum_publishes_for_a_whole_region_and_reaches_its_members_in_every_municipality()
    {
        var region = $"R{Random.Shared.Next(1000, 9999)}";
        var one = await world.PlaceAsync(region);
        var two = await world.PlaceAsync(region);
        var a = await app.VolunteerCandidateAsync(world, (await world.BinAsync(one, BinStatus.Active)).Id);
        var b = await app.VolunteerCandidateAsync(world, (await world.BinAsync(two, BinStatus.Active)).Id);
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        await app.PublishAsync(national, VolunteeringBuilders.CallRequest(region: region));
        Assert.NotEmpty(await app.DeliveriesAsync(a.MemberId, VolunteerNotices.CallKind));
        Assert.NotEmpty(await app.DeliveriesAsync(b.MemberId, VolunteerNotices.CallKind));
    }

    [Fact]
    public async Task A_municipality_official_publishing_for_another_municipality_or_reading_its_call_gets_404_and_it_is_audited()
    {
        var mine = await world.PlaceAsync();
        var theirs = await world.PlaceAsync();
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: mine.Nis);
        var response = await app.ClientFor(official.Token).PostAsJsonAsync("/api/v1/volunteering/calls", VolunteeringBuilders.CallRequest(nis: theirs.Nis));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var foreign = await app.PublishAsync(national, VolunteeringBuilders.CallRequest(nis: theirs.Nis));
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(official.Token).GetAsync($"/api/v1/volunteering/calls/{foreign}")).StatusCode);
        var list = await app.ClientFor(official.Token).GetFromJsonAsync<JsonElement>("/api/v1/volunteering/calls");
        Assert.DoesNotContain(foreign, list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));

        var coordinator = await world.PersonAsync(Roles.Coordinator);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(coordinator.Token).PostAsJsonAsync("/api/v1/volunteering/calls",
            VolunteeringBuilders.CallRequest(nis: mine.Nis))).StatusCode);

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "PublishVolunteerCall" && e.Outcome == "Denied"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "ReadVolunteerCall" && e.EntityId == foreign.ToString()
            && e.Outcome == "Denied"));
        Assert.False(await db.VolunteerCalls.AnyAsync(c => c.PublishedByUserId == official.User.Id));
    }

    [Fact]
    public async Task A_call_without_title_hours_or_a_closing_day_in_range_is_refused_in_the_users_language()
    {
        var place = await world.PlaceAsync();
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var response = await app.ClientFor(official.Token, "nl-BE").PostAsJsonAsync("/api/v1/volunteering/calls",
            VolunteeringBuilders.CallRequest(title: " ", hours: 0, until: new DateOnly(2026, 1, 1)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Titel is verplicht", body);
        Assert.Contains("De sluitingsdag moet tussen vandaag", body);
        Assert.Contains("Gevraagde tijd (uren per maand) moet tussen 1 en 200", body);
        await using var db = app.Db();
        Assert.False(await db.VolunteerCalls.AnyAsync(c => c.PublishedByUserId == official.User.Id));
    }
}
