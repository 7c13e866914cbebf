namespace BinHub.Tests.Volunteering;

/// <summary>The pages' own rules: the opt-in on the preferences page, and the confirmation before a decision.</summary>
public class VolunteeringPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_preferences_page_shows_the_opt_in_off_and_turns_it_on_with_its_time()
    {
        var place = await world.PlaceAsync();
        var member = await app.VolunteerCandidateAsync(world, (await world.BinAsync(place, BinStatus.Active)).Id, "nl", optedIn: false);
        var client = app.ClientFor(member.Person.Token, "nl-BE");
        var before = await client.GetStringAsync("/Me/Preferences");
        Assert.DoesNotMatch(@"id=""volunteer-calls""[^>]*checked", before);

        var saved = await Forms.PostAsync(client, "/Me/Preferences", "/Me/Preferences?handler=Volunteering", new() { ["volunteerCalls"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(app.Clock.Now, (await app.MemberAsync(member.MemberId)).VolunteerCallsConsentAt);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/Preferences"));
        Assert.Matches(@"id=""volunteer-calls""[^>]*checked", after);
        Assert.Contains("U hoort over oproepen voor vrijwilligers sinds", after);
    }

    [Fact]
    public async Task Accepting_on_the_call_page_needs_the_confirmation_box_and_then_gives_the_status()
    {
        var place = await world.PlaceAsync();
        var binId = (await world.BinAsync(place, BinStatus.Active)).Id;
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest());
        var member = await app.VolunteerCandidateAsync(world, binId);
        var applicationId = await app.ApplyAsync(member.Person, callId);
        var client = app.ClientFor(official.Token);
        var page = $"/Volunteering/Call/{callId}";

        var unconfirmed = await Forms.PostAsync(client, page, $"{page}?handler=Accept", new() { ["ApplicationId"] = applicationId.ToString(), ["Answer"] = "Welkom" });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("tick the confirmation box", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        await using (var db = app.Db())
            Assert.False(await db.VolunteerStatuses.AnyAsync(s => s.MemberId == member.MemberId));

        var confirmed = await Forms.PostAsync(client, page, $"{page}?handler=Accept",
            new() { ["ApplicationId"] = applicationId.ToString(), ["Answer"] = "Welkom", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await using (var db = app.Db())
            Assert.True(await db.VolunteerStatuses.AnyAsync(s => s.MemberId == member.MemberId && s.ApplicationId == applicationId));
    }

    [Fact]
    public async Task A_municipality_official_gets_404_for_another_municipalitys_call_page()
    {
        var place = await world.PlaceAsync();
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var callId = await app.PublishAsync(national, VolunteeringBuilders.CallRequest(nis: place.Nis));
        var stranger = await world.PersonAsync(Roles.MunicipalityOfficial, nis: (await world.PlaceAsync()).Nis);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/Volunteering/Call/{callId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(national.Token).GetAsync($"/Volunteering/Call/{callId}")).StatusCode);
    }
}
