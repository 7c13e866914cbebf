using System.Text.RegularExpressions;

namespace BinHub.Tests.Me;

public partial class MePageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string? handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var all = fields.Append(new("__RequestVerificationToken", Token().Match(page).Groups[1].Value));
        return await client.PostAsync(handler is null ? pageUrl : $"{pageUrl}?handler={handler}", new FormUrlEncodedContent(all));
    }

    private async Task<(MeBuilders.Household Home, HttpClient Client)> SetUpAsync(string lang = "en")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, name: "Jan Janssens", language: "nl", phones: [("+32470123456", true, false)]);
        return (home, app.ClientFor(home.Person.Token, lang));
    }

    [Fact]
    public async Task The_overview_shows_my_bin_my_data_and_my_phones_with_their_state()
    {
        var (_, client) = await SetUpAsync();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Me"));
        Assert.Contains("Jan Janssens", html);
        Assert.Contains("+32470123456", html);
        Assert.Contains("not verified yet (code by SMS)", html);
    }

    [Fact]
    public async Task Other_roles_are_refused_on_the_members_pages()
    {
        var coordinator = await world.PersonAsync(Roles.Coordinator);
        foreach (var page in new[] { "/Me", "/Me/Export", "/Me/Erase" })
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(coordinator.Token).GetAsync(page)).StatusCode);
    }

    [Fact]
    public async Task Choosing_an_unverified_channel_on_the_page_shows_why_and_saves_nothing()
    {
        var (home, client) = await SetUpAsync("nl-BE");
        await using (var db = app.Db())
            await db.Members.Where(m => m.Id == home.MemberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.FeedbackChannels, Channels.Web));
        var response = await PostAsync(client, "/Me/Preferences", null,
        [
            new("Urgent", "Web"), new("Feedback", "Web"), new("Feedback", "Sms"), new("Language", "nl"),
        ]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("nog niet bereikbaar via sms", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ToLowerInvariant());
        Assert.Equal(Channels.Web, (await app.MemberAsync(home.MemberId)).FeedbackChannels);
    }

    [Fact]
    public async Task Preferences_saved_on_the_page_are_stored()
    {
        var (home, client) = await SetUpAsync();
        var response = await PostAsync(client, "/Me/Preferences", null,
        [
            new("Urgent", "Web"), new("Urgent", "Sms"), new("QuietFrom", "22:00"), new("QuietUntil", "07:00"), new("NoNightAlarms", "true"),
            new("PausedFrom", "2026-08-01"), new("PausedUntil", "2026-08-15"), new("Language", "fr"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var m = await app.MemberAsync(home.MemberId);
        Assert.Equal(Channels.Web | Channels.Sms, m.UrgentChannels); // SMS was already chosen, so it may stay
        Assert.Equal(Channels.None, m.FeedbackChannels);
        Assert.Equal((new TimeOnly(22, 0), new TimeOnly(7, 0), true, "fr"), (m.QuietFrom!.Value, m.QuietUntil!.Value, m.NoNightAlarms, m.Language));
        Assert.Equal(new DateOnly(2026, 8, 15), m.PausedUntil);
    }

    [Fact]
    public async Task The_export_page_is_readable_the_json_is_a_download_and_both_are_audited()
    {
        var (home, client) = await SetUpAsync();
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/Export"));
        Assert.Contains("Jan Janssens", html);
        Assert.Contains("Kerkstraat 12", html);
        var file = await client.GetAsync("/Me/Export?handler=Json");
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("Jan Janssens", await file.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == home.Person.User.Id && a.Action == "ExportPersonalData"));
    }

    [Fact]
    public async Task Erasing_on_the_page_needs_the_box_ticked_and_then_says_what_was_kept_and_why()
    {
        var (home, client) = await SetUpAsync();
        var refused = await PostAsync(client, "/Me/Erase", null, []);
        Assert.Contains("Tick the box", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Null((await app.MemberAsync(home.MemberId)).ErasedAt);

        var done = await PostAsync(client, "/Me/Erase", null, [new("confirm", "true")]);
        var html = WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync());
        Assert.Contains("were erased", html);
        Assert.Contains("police records", html);
        var m = await app.MemberAsync(home.MemberId);
        Assert.NotNull(m.ErasedAt);
        Assert.Equal("—", m.Name);
    }

    [Fact]
    public async Task Leaving_on_the_page_needs_the_box_ticked()
    {
        var (home, client) = await SetUpAsync();
        var refused = await PostAsync(client, "/Me/Leave", null, []);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal(MemberState.Active, (await app.MemberAsync(home.MemberId)).State);
        var done = await PostAsync(client, "/Me/Leave", null, [new("confirm", "true")]);
        Assert.Contains("You have left the BIN", WebUtility.HtmlDecode(await done.Content.ReadAsStringAsync()));
        Assert.Equal(MemberState.Left, (await app.MemberAsync(home.MemberId)).State);
    }

    [Theory]
    [InlineData("nl-BE", "Wie is verantwoordelijk")]
    [InlineData("fr-BE", "Qui est responsable")]
    [InlineData("de-BE", "Wer ist verantwortlich")]
    [InlineData("en", "Who is responsible")]
    public async Task The_privacy_notice_is_public_in_four_languages_with_its_versions(string lang, string heading)
    {
        var response = await app.ClientFor(null, lang).GetAsync("/Privacy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(heading, html);
        Assert.Contains("BIN Kenniscentrum vzw", html);
        Assert.Contains("/Privacy?version=2024-1", html);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(null, lang).GetAsync("/Privacy?version=2024-1")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_privacy_notice_version_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(null).GetAsync("/Privacy?version=1999-9")).StatusCode);
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}
