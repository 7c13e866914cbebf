using System.Text.RegularExpressions;

namespace BinHub.Tests.Members;

public partial class MemberPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = Token().Match(page).Groups[1].Value;
        return await client.PostAsync($"{pageUrl}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Numbers_are_masked_until_revealed_and_every_reveal_is_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "en");
        var client = app.ClientFor(coordinator.Token);
        var url = $"/Registry/Members/{bin.Id}";

        var added = await PostAsync(client, url, "Add", new()
        {
            ["Name"] = "Jeanne Dubois", ["Street"] = "Kerkstraat", ["HouseNumber"] = "12", ["Phone"] = "0470 12 34 56", ["Language"] = "fr", ["ConsentSignedOn"] = "2026-02-20",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(url));
        Assert.Contains("+32••••••56", html);
        Assert.DoesNotContain("+32470123456", html);

        await using var db = app.Db();
        var memberId = (await db.Members.SingleAsync(m => m.BinId == bin.Id)).Id;
        var revealed = await PostAsync(client, url, "Reveal", new() { ["memberId"] = memberId.ToString() });
        Assert.Contains("+32470123456", WebUtility.HtmlDecode(await revealed.Content.ReadAsStringAsync()));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == coordinator.User.Id && a.EntityId == memberId.ToString() && a.Details == "phone numbers revealed"));
    }

    [Fact]
    public async Task A_bad_paper_form_on_the_page_shows_the_reasons_and_writes_nothing()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "nl");
        var response = await PostAsync(app.ClientFor(coordinator.Token, "nl-BE"), $"/Registry/Members/{bin.Id}", "Add", new()
        {
            ["Name"] = "Jan", ["Street"] = "Kerkstraat", ["HouseNumber"] = "12", ["Phone"] = "0412", ["Language"] = "nl", ["ConsentSignedOn"] = "2026-02-20",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("geen geldig telefoonnummer", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Theory]
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.KenniscentrumAdmin)]
    [InlineData(Roles.Coordinator)]
    public async Task The_members_page_is_not_found_outside_the_bin_and_the_zone(string role)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var other = await world.BinAsync(place, BinStatus.Active);
        var who = role switch
        {
            Roles.MunicipalityOfficial => await world.PersonAsync(role, nis: place.Nis),
            Roles.Coordinator => await world.PersonAsync(role, coordinates: other.Id),
            _ => await world.PersonAsync(role),
        };
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(who.Token).GetAsync($"/Registry/Members/{bin.Id}")).StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.EntityId == bin.Id.ToString() && a.Outcome == "Denied"));
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}
