namespace BinHub.Tests.Messages;

/// <summary>
/// The message pages ask the slices who may do what (UpdateMessage.MayAmendAsync, SenderRules), so the dashboard and the composer
/// answer a sender as the API does.
/// </summary>
public class PageAndApiAgreeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Prevention(int binId) =>
        new { kind = "Prevention", binIds = new[] { binId }, texts = new Dictionary<string, string> { ["nl"] = "Infoavond over inbraakpreventie dinsdag om 20 uur." } };

    private async Task ForbidCoordinatorPreventionAsync(int binId)
    {
        await using var db = app.Db();
        await db.Bins.Where(b => b.Id == binId).ExecuteUpdateAsync(x => x.SetProperty(b => b.CoordinatorsMaySendPrevention, false));
    }

    [Fact]
    public async Task The_dashboard_offers_no_update_to_a_coordinator_whose_bin_no_longer_lets_them_send_what_the_api_refuses()
    {
        var s = await app.MessagingSetupAsync(world);
        var sent = await app.SendAsync(s.Coordinator.Token, Prevention(s.Bin.Id));
        await ForbidCoordinatorPreventionAsync(s.Bin.Id);
        var coordinator = app.ClientFor(s.Coordinator.Token);
        var url = $"/Messages/Details/{sent}";

        var api = await coordinator.PostAsJsonAsync($"/api/v1/messages/{sent}/update",
            new { texts = new Dictionary<string, string> { ["nl"] = "Infoavond verplaatst naar woensdag." } });
        var page = await coordinator.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.DoesNotContain("handler=Update", page);
        // The zone's officer still may, and is offered it.
        Assert.Contains("handler=Update", await app.ClientFor(s.Officer.Token).GetStringAsync(url));
    }

    [Fact]
    public async Task A_coordinator_whose_bins_all_forbid_prevention_is_refused_the_composer_and_the_api_alike_with_403()
    {
        var s = await app.MessagingSetupAsync(world);
        await ForbidCoordinatorPreventionAsync(s.Bin.Id);
        var coordinator = app.ClientFor(s.Coordinator.Token);

        var page = await coordinator.GetAsync("/Messages/Compose");
        var api = await coordinator.PostAsJsonAsync("/api/v1/messages", Prevention(s.Bin.Id));

        // Their own BINs are in their scope (not "not found"); the communication plan withholds the right: forbidden, both.
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Messages.AnyAsync(m => m.ZoneNumber == s.Place.Zone));
    }
}
