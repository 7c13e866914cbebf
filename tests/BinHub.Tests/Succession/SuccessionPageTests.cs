using System.Text.RegularExpressions;

namespace BinHub.Tests.Succession;

public partial class SuccessionPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await client.PostAsync($"{pageUrl}{(pageUrl.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_member_sees_that_their_bin_needs_a_coordinator_and_volunteers_on_their_page()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active); // no coordinator
        var member = await world.SignedInMemberAsync(app, bin.Id);
        var client = app.ClientFor(member.Person.Token, "nl-BE");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/Vacancy"));
        Assert.Contains($"{bin.Name} heeft een coördinator nodig.", html);

        var tooLong = await PostAsync(client, "/Me/Vacancy", "Volunteer", new() { ["OfferMessage"] = new string('x', 1001) });
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("hoogstens 1000 tekens", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()));

        var offered = await PostAsync(client, "/Me/Vacancy", "Volunteer", new() { ["OfferMessage"] = "Ik help graag." });
        Assert.Equal(HttpStatusCode.Redirect, offered.StatusCode);
        Assert.Contains("U hebt zich kandidaat gesteld", WebUtility.HtmlDecode(await client.GetStringAsync("/Me/Vacancy")));
        await using var db = app.Db();
        var offer = await db.CoordinatorVolunteers.SingleAsync(v => v.BinId == bin.Id);
        Assert.Equal("Ik help graag.", offer.Message);
    }

    [Fact]
    public async Task The_member_page_is_for_members_only()
    {
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var response = await app.ClientFor(officer.Token).GetAsync("/Me/Vacancy");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_officer_confirms_a_volunteer_on_the_succession_page_only_after_a_confirmation_step()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone, lang: "en");
        var bin = await world.BinAsync(place, BinStatus.Active, officerId: officer.User.Id);
        var member = await world.SignedInMemberAsync(app, bin.Id);
        await app.ClientFor(member.Person.Token).PostAsJsonAsync("/api/v1/me/volunteer", new { message = "Graag" });
        await using var db = app.Db();
        var volunteerId = (await db.CoordinatorVolunteers.SingleAsync(v => v.BinId == bin.Id)).Id;
        var client = app.ClientFor(officer.Token, "en");
        var url = $"/Registry/Succession/{bin.Id}";

        var board = WebUtility.HtmlDecode(await client.GetStringAsync("/Registry/Vacancies"));
        Assert.Contains(bin.Name, board);

        var first = await PostAsync(client, url, "Confirm", new() { ["volunteerId"] = volunteerId.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.False(await db.BinCoordinators.AnyAsync(c => c.BinId == bin.Id));
        var step = WebUtility.HtmlDecode(await client.GetStringAsync(first.Headers.Location!.ToString()));
        Assert.Contains($"Make {member.Member.Name} coordinator of {bin.Name}?", step);

        var confirmed = await PostAsync(client, url, "Confirm", new() { ["volunteerId"] = volunteerId.ToString(), ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await db.BinCoordinators.AnyAsync(c => c.BinId == bin.Id));
        Assert.Contains("an invitation to set up their account was e-mailed", WebUtility.HtmlDecode(await client.GetStringAsync(url)));
    }

    [Fact]
    public async Task A_coordinator_announces_and_withdraws_their_last_day_on_the_page()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "en");
        var client = app.ClientFor(coordinator.Token, "en");
        var url = $"/Registry/Succession/{bin.Id}";
        var bad = await PostAsync(client, url, "Announce", new() { ["lastDay"] = app.Today().AddYears(2).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("The last day must lie between", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));

        var ok = await PostAsync(client, url, "Announce", new() { ["lastDay"] = app.Today().AddDays(14).ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using var db = app.Db();
        Assert.Equal(app.Today().AddDays(14), (await db.BinCoordinators.SingleAsync(c => c.BinId == bin.Id)).StopsOn);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, url, "Withdraw", new())).StatusCode);
        Assert.Null((await db.BinCoordinators.AsNoTracking().SingleAsync(c => c.BinId == bin.Id)).StopsOn);
    }

    [Fact]
    public async Task The_succession_page_of_a_bin_in_another_zone_is_not_found_and_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(officer.Token).GetAsync($"/Registry/Succession/{bin.Id}")).StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.EntityId == bin.Id.ToString() && a.Outcome == "Denied"));
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}
