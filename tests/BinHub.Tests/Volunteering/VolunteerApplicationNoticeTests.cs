using BinHub.Features.Volunteering;

namespace BinHub.Tests.Volunteering;

/// <summary>The publisher of a call hears of new applications by e-mail: in their language, without the applicant's data, at most once an hour per call.</summary>
public class VolunteerApplicationNoticeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<List<Delivery>> NoticesAsync(World.Person publisher)
    {
        await using var db = app.Db();
        return await db.Deliveries.AsNoTracking().Where(d => d.Kind == ApplicationNotice.Kind && d.Recipient == publisher.User.Email).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task The_publisher_is_emailed_in_their_language_about_a_new_application_with_the_link_and_without_the_applicants_data()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis, lang: "fr");
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(title: "Vertaler gezocht"));
        var candidate = await app.VolunteerCandidateAsync(world, bin.Id, "nl", phones: [(UiBuilders.Number(), true, true)]);
        var member = await app.MemberAsync(candidate.MemberId);

        await app.ApplyAsync(candidate.Person, callId, "Ik spreek vier talen en woon hier al twintig jaar.");

        var notice = Assert.Single(await NoticesAsync(official));
        Assert.Equal((Channels.Email, "fr", app.Clock.Now), (notice.Channel, notice.Language, notice.DueAt));
        Assert.Equal("Nouvelle candidature à votre appel : Vertaler gezocht", notice.Subject);
        Assert.Contains($"/Volunteering/Call/{callId}", notice.Body);
        foreach (var personal in new[] { member.Name, member.Email!, member.Phones[0].Number, member.Street, "vier talen" })
            Assert.DoesNotContain(personal, notice.Subject + notice.Body);
    }

    [Fact]
    public async Task An_applicant_wave_emails_the_publisher_at_most_once_an_hour_per_call_and_no_application_goes_unmentioned()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis, lang: "nl");
        var wave = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(title: "Golf"));
        var other = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(title: "Andere oproep"));
        var start = app.Clock.Now;

        foreach (var _ in Enumerable.Range(0, 3)) await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id, "nl")).Person, wave);
        Assert.Single(await NoticesAsync(official)); // three at once: one e-mail
        await app.DispatchAllAsync();

        app.Clock.Now = start.AddMinutes(10);
        await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id, "nl")).Person, wave);
        app.Clock.Now = start.AddMinutes(20);
        await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id, "nl")).Person, wave);
        await app.ApplyAsync((await app.VolunteerCandidateAsync(world, bin.Id, "nl")).Person, other); // another call is told at once
        await app.DispatchAllAsync();

        var notices = await NoticesAsync(official);
        var ofWave = notices.Where(n => n.Subject!.EndsWith("Golf")).ToList();
        Assert.Equal([(DeliveryState.Sent, start), (DeliveryState.Planned, start.AddHours(1))], ofWave.Select(n => (n.State, n.DueAt)));
        Assert.Equal((DeliveryState.Sent, start.AddMinutes(20)), notices.Where(n => n.Subject!.EndsWith("Andere oproep")).Select(n => (n.State, n.DueAt)).Single());

        app.Clock.Now = start.AddHours(1);
        await app.DispatchAllAsync(); // the applications of 10 and 20 minutes past: told now, in one e-mail
        Assert.Equal(DeliveryState.Sent, (await NoticesAsync(official)).Single(n => n.Id == ofWave[1].Id).State);
        Assert.Equal(3, (await NoticesAsync(official)).Count);
    }
}
