namespace BinHub.Tests.Messages;

/// <summary>Which types of message a sender may send is one rule (SenderRules), so the composer and the API refuse the same things alike.</summary>
public class SenderRulesTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static Dictionary<string, string> Fields(int binId, string kind) => new()
    {
        ["Input.Kind"] = kind, ["Input.BinIds"] = binId.ToString(), ["Input.TextNl"] = "Let op: verdachte personen in de wijk",
        ["Input.TextFr"] = "", ["Input.TextDe"] = "", ["Input.TextEn"] = "",
    };

    private async Task<(string Api, string Page)> RefusalsAsync(World.Person sender, int binId, string kind)
    {
        var client = app.ClientFor(sender.Token);
        var api = await client.PostAsJsonAsync("/api/v1/messages",
            new { kind, binIds = new[] { binId }, texts = new Dictionary<string, string> { ["nl"] = "Let op: verdachte personen in de wijk" } });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        var page = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", Fields(binId, kind));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // the composer again, with the refusal
        return ((await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!,
            WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("Alarm")]
    [InlineData("Feedback")]
    public async Task A_coordinator_sending_a_police_type_is_refused_with_the_same_reason_by_the_api_and_the_composer(string kind)
    {
        var s = await app.MessagingSetupAsync(world);

        var (api, page) = await RefusalsAsync(s.Coordinator, s.Bin.Id, kind);

        Assert.Equal("The BIN's communication plan lets only the police send alarms and feedback.", api);
        Assert.Contains(api, page);
        await using var db = app.Db();
        Assert.False(await db.Messages.AnyAsync(m => m.ZoneNumber == s.Place.Zone));
    }

    [Fact]
    public async Task A_coordinator_of_two_bins_sending_prevention_to_one_whose_plan_forbids_it_is_refused_alike_by_both()
    {
        var s = await app.MessagingSetupAsync(world);
        var closed = await world.BinAsync(s.Place, BinStatus.Active);
        await using (var db = app.Db())
        {
            await db.Bins.Where(b => b.Id == closed.Id).ExecuteUpdateAsync(x => x.SetProperty(b => b.CoordinatorsMaySendPrevention, false));
            db.BinCoordinators.Add(new BinCoordinator { BinId = closed.Id, UserId = s.Coordinator.User.Id });
            await db.SaveChangesAsync();
        }

        var (api, page) = await RefusalsAsync(s.Coordinator, closed.Id, "Prevention");

        Assert.Contains(api, page);
        await using var check = app.Db();
        Assert.False(await check.Messages.AnyAsync(m => m.ZoneNumber == s.Place.Zone));
    }
}
