using BinHub.Tests.Join;

namespace BinHub.Tests.Web;

/// <summary>
/// A handler name that no method of the page answers to is a 404 on every page. Left to Razor Pages, such a request runs
/// the page's unnamed handler instead (or, where there is none, renders the page with nothing loaded: a 500).
/// </summary>
public class UnknownHandlerTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<Bin> OpenBinAsync()
    {
        var place = await world.PlaceAsync();
        return await world.BinAsync(place, BinStatus.Active);
    }

    [Fact]
    public async Task Posting_the_anonymous_sign_up_to_an_unknown_handler_with_a_valid_token_is_a_404_and_stores_nothing()
    {
        var bin = await OpenBinAsync();
        var client = app.ClientFor(null);
        var response = await Forms.PostAsync(client, $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler=Nope", JoinSupport.Form(mobile: "0470 55 66 77"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task Posting_the_sign_up_without_any_handler_is_a_404_as_the_page_has_only_named_ones()
    {
        var bin = await OpenBinAsync();
        var response = await Forms.PostAsync(app.ClientFor(null), $"/Join/{bin.Id}", $"/Join/{bin.Id}", JoinSupport.Form());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_known_handlers_of_the_sign_up_still_answer()
    {
        var bin = await OpenBinAsync();
        var response = await Forms.PostAsync(app.ClientFor(null), $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler=next", JoinSupport.Form());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // handler names are case-insensitive, as Razor Pages matches them
    }

    [Fact]
    public async Task Entering_the_address_a_sign_up_step_left_in_the_address_bar_shows_the_page()
    {
        var bin = await OpenBinAsync();
        // "?handler=Next" names the POST handler of step 1: a GET of that address is the page, not a 404.
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(null).GetAsync($"/Join/{bin.Id}?handler=Next")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(null).GetAsync($"/Join/{bin.Id}?handler=Nope")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_members_report_posted_to_an_unknown_handler_is_a_404_and_no_report_is_made()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token);
        var token = await Forms.TokenAsync(client, "/Reports/New");
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("Theft"), "Category" },
            { new StringContent("2026-03-02T09:30"), "OccurredAt" }, { new StringContent("Kerkstraat"), "Street" }, { new StringContent("Bike stolen"), "Text" },
        };
        var response = await client.PostAsync("/Reports/New?handler=Nope", form);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Reports.AnyAsync(r => r.MemberId == s.Home.MemberId));
    }

    [Theory]
    [InlineData("/Me?handler=Nope")]
    [InlineData("/Reports?handler=Nope")]
    [InlineData("/?handler=Nope")]
    [InlineData("/Privacy?handler=Nope")]
    public async Task Getting_a_page_with_an_unknown_handler_is_a_404(string url)
    {
        var s = await app.ReportSetupAsync(world);
        var response = await app.ClientFor(s.Home.Person.Token).GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(s.Home.Person.Token).GetAsync(url.Split('?')[0])).StatusCode);
    }
}
