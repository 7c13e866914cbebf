namespace BinHub.Tests.Web;

/// <summary>Found by the accessibility crawl (BrowserTests/AccessibilityTests): pages that failed in the default set-up.</summary>
public class EnginePageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task The_sending_engine_page_opens_when_no_sms_link_is_configured()
    {
        // The test set-up, like a deployment with SMS off, has no SMS link: the page's flow snapshot took the Min of none.
        var admin = await new World(app).PersonAsync(Roles.Admin);
        var response = await app.ClientFor(admin.Token).GetAsync("/Admin/Dispatch");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
