using System.Net.Http.Headers;
using System.Xml.Linq;
using BinHub.Features.Feeds;
using Microsoft.Extensions.Configuration;
using static BinHub.Tests.Support.FeedBuilders;

namespace BinHub.Tests.Feeds;

/// <summary>CAP updates and withdrawals, exercises, expiry, radius circles, and conditional GETs on the feeds.</summary>
public class CapUpdateTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Prevention(int binId, string nl, bool exercise = false) =>
        new { kind = "Prevention", binIds = new[] { binId }, isPublic = true, isExercise = exercise, texts = new Dictionary<string, string> { ["nl"] = nl } };

    private static object Texts(string nl) => new { texts = new Dictionary<string, string> { ["nl"] = nl } };

    private async Task<XElement> CapAsync(long id)
    {
        var xml = await app.ClientFor(null).GetStringAsync($"/feeds/messages/{id}.cap");
        Assert.Empty(CapSchemaErrors(xml));
        var doc = XDocument.Parse(xml);
        Assert.Empty(CapRuleErrors(doc));
        return doc.Root!;
    }

    private async Task<List<XElement>> EntriesAsync(int binId) =>
        XDocument.Parse(await app.ClientFor(null).GetStringAsync($"/feeds/bins/{binId}.atom")).Root!.Elements(Atom + "entry").ToList();

    private async Task<long> AmendAsync(string token, long id, string how, string nl)
    {
        var response = await app.ClientFor(token).PostAsJsonAsync($"/api/v1/messages/{id}/{how}", Texts(nl));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    [Fact]
    public async Task An_update_goes_to_the_members_and_is_a_cap_update_referencing_the_original_and_replaces_its_feed_entry()
    {
        var s = await app.MessagingSetupAsync(world);
        var original = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Infoavond dinsdag om 20 uur."));
        var originalSent = (await CapAsync(original)).Element(Cap + "sent")!.Value;

        var update = await AmendAsync(s.Officer.Token, original, "update", "Infoavond verplaatst naar woensdag om 20 uur.");

        await using (var db = app.Db())
        {
            // Members get the update like any message, on the same channels as the original.
            var sentBefore = await db.Deliveries.CountAsync(d => d.MessageId == original);
            Assert.True(sentBefore > 0);
            Assert.Equal(sentBefore, await db.Deliveries.CountAsync(d => d.MessageId == update));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "UpdateMessage" && a.EntityId == update.ToString()));
        }
        var alert = await CapAsync(update);
        Assert.Equal(("Actual", "Update"), (alert.Element(Cap + "status")!.Value, alert.Element(Cap + "msgType")!.Value));
        Assert.Equal($"binhub@binhub.be,urn:binhub:message:{original},{originalSent}", alert.Element(Cap + "references")!.Value);
        // The original's own CAP document stays available (the update refers to it), still an Alert.
        Assert.Equal("Alert", (await CapAsync(original)).Element(Cap + "msgType")!.Value);

        var entry = Assert.Single(await EntriesAsync(s.Bin.Id));
        Assert.Equal($"urn:binhub:message:{original}", entry.Element(Atom + "id")!.Value); // the same entry, replaced
        Assert.Equal("Infoavond verplaatst naar woensdag om 20 uur.", entry.Element(Atom + "content")!.Value);
        Assert.StartsWith("Update: ", entry.Element(Atom + "title")!.Value);
    }

    [Fact]
    public async Task Withdrawing_on_the_page_asks_for_confirmation_then_cancels_every_earlier_version_and_marks_the_entry()
    {
        var s = await app.MessagingSetupAsync(world);
        var original = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Let op: valse waterbedrijf-medewerkers in de wijk."));
        var update = await AmendAsync(s.Officer.Token, original, "update", "Let op: valse medewerkers van het waterbedrijf, ook 's avonds.");
        var client = app.ClientFor(s.Officer.Token);
        var page = $"/Messages/Details/{update}";
        var fields = new Dictionary<string, string> { ["texts[nl]"] = "Vals alarm: het waren echte medewerkers. Excuses." };

        var unconfirmed = await Forms.PostAsync(client, page, page + "?handler=Withdraw", new(fields));
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("tick the box", await unconfirmed.Content.ReadAsStringAsync());
        await using (var db = app.Db()) Assert.False(await db.Messages.AnyAsync(m => m.AmendsId == original && m.Amendment == Amendment.Withdrawal));

        var confirmed = await Forms.PostAsync(client, page, page + "?handler=Withdraw", new(fields) { ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        long withdrawal;
        await using (var db = app.Db()) withdrawal = (await db.Messages.SingleAsync(m => m.AmendsId == original && m.Amendment == Amendment.Withdrawal)).Id;

        var alert = await CapAsync(withdrawal);
        Assert.Equal("Cancel", alert.Element(Cap + "msgType")!.Value);
        var references = alert.Element(Cap + "references")!.Value.Split(' ');
        Assert.Equal([$"urn:binhub:message:{original}", $"urn:binhub:message:{update}"], references.Select(r => r.Split(',')[1]));
        var entry = Assert.Single(await EntriesAsync(s.Bin.Id));
        Assert.StartsWith("Withdrawn: Vals alarm", entry.Element(Atom + "title")!.Value);

        // Withdrawn is final: neither the withdrawal nor an earlier version can be amended again.
        var again = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/messages/{withdrawal}/update", Texts("Toch nog iets."));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var older = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/messages/{original}/withdrawal", Texts("Nog eens."));
        Assert.Equal(HttpStatusCode.BadRequest, older.StatusCode);
    }

    [Fact]
    public async Task Only_who_may_send_the_message_may_amend_it_and_only_once_it_is_sent()
    {
        var s = await app.MessagingSetupAsync(world, approvalNeeded: true);
        var alarm = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        var elsewhere = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone, lang: "en");

        var outsider = await app.ClientFor(elsewhere.Token).PostAsJsonAsync($"/api/v1/messages/{alarm}/update", Texts("Verdachte gevat."));
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        await using (var db = app.Db())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "UpdateMessage" && a.Outcome == "Denied" && a.EntityId == alarm.ToString()));
        // The coordinator sees the alarm on the BIN but alarms stay the police's.
        var coordinator = await app.ClientFor(s.Coordinator.Token).PostAsJsonAsync($"/api/v1/messages/{alarm}/withdrawal", Texts("Vals alarm."));
        Assert.Equal(HttpStatusCode.Forbidden, coordinator.StatusCode);

        var waiting = await app.SendAsync(s.Coordinator.Token, Prevention(s.Bin.Id, "Fietsmarkering zaterdag."));
        var notSent = await app.ClientFor(s.Coordinator.Token).PostAsJsonAsync($"/api/v1/messages/{waiting}/update", Texts("Fietsmarkering zondag."));
        Assert.Equal(HttpStatusCode.BadRequest, notSent.StatusCode);

        // The officer's update of the alarm does go to the members.
        var update = await AmendAsync(s.Officer.Token, alarm, "update", "Verdachte gevlucht richting station, blauwe jas.");
        await using (var db = app.Db())
            Assert.Equal(await db.Deliveries.CountAsync(d => d.MessageId == alarm), await db.Deliveries.CountAsync(d => d.MessageId == update && d.Kind == "Alarm"));
    }

    [Fact]
    public async Task An_exercise_is_a_cap_test_and_marked_in_the_feed()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, Prevention(s.Bin.Id, "Oefening: dit is een testbericht.", exercise: true));
        Assert.Equal("Test", (await CapAsync(id)).Element(Cap + "status")!.Value);
        Assert.StartsWith("Exercise: ", Assert.Single(await EntriesAsync(s.Bin.Id)).Element(Atom + "title")!.Value);
    }

    [Fact]
    public async Task The_composers_exercise_box_marks_the_message_and_only_its_latest_version_offers_update_and_withdraw()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", new()
        {
            ["Input.Kind"] = "Prevention", ["Input.BinIds"] = s.Bin.Id.ToString(), ["Input.TextNl"] = "Oefening: sluit uw garagepoort.", ["Input.TextFr"] = "",
            ["Input.TextDe"] = "", ["Input.TextEn"] = "", ["Input.IsPublic"] = "true", ["Input.IsExercise"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Message message;
        await using (var db = app.Db()) message = await db.Messages.SingleAsync(m => m.ZoneNumber == s.Place.Zone);
        Assert.True(message.IsExercise);

        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync($"/Messages/Details/{message.Id}"));
        Assert.Contains("Exercise (not a real message)", dashboard);
        Assert.Contains("Update or withdraw", dashboard);
        var update = await AmendAsync(s.Officer.Token, message.Id, "update", "Oefening: sluit ook uw achterdeur.");
        await using (var db = app.Db()) Assert.True((await db.Messages.SingleAsync(m => m.Id == update)).IsExercise); // an exercise's update is one too
        var older = WebUtility.HtmlDecode(await client.GetStringAsync($"/Messages/Details/{message.Id}"));
        Assert.DoesNotContain("Update or withdraw", older);
        Assert.Contains($"href=\"/Messages/Details/{update}\"", older);
    }

    [Fact]
    public async Task Every_cap_info_expires_after_the_validity_of_its_kind()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var sent = new DateTimeOffset(2026, 3, 20, 9, 0, 0, TimeSpan.Zero);
        var prevention = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], createdAt: sent);
        var info = await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id], createdAt: sent);

        // 14 days on, across the change to summer time: the offset says so.
        Assert.All((await CapAsync(prevention)).Elements(Cap + "info"), i => Assert.Equal("2026-04-03T11:00:00+02:00", i.Element(Cap + "expires")!.Value));
        Assert.All((await CapAsync(info)).Elements(Cap + "info"), i => Assert.Equal("2026-03-27T10:00:00+01:00", i.Element(Cap + "expires")!.Value));
    }

    [Fact]
    public void The_validity_per_kind_is_configurable()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Feeds:CapValidity:Prevention"] = "3.00:00:00", ["Feeds:CapValidity:Alarm"] = "nonsense",
        }).Build();
        Assert.Equal(TimeSpan.FromDays(3), CapDocument.Validity(config, MessageKind.Prevention));
        Assert.Equal(TimeSpan.FromHours(6), CapDocument.Validity(config, MessageKind.Alarm)); // unreadable: the default
        Assert.Equal(TimeSpan.FromDays(7), CapDocument.Validity(config, MessageKind.Info));
    }

    [Fact]
    public async Task A_radius_target_is_written_as_a_cap_circle()
    {
        var s = await app.MessagingSetupAsync(world);
        await app.SetAreaAsync(s.Bin.Id, """{"type":"Polygon","coordinates":[[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06],[3.72,51.05]]]}""");
        var id = await app.SendAsync(s.Officer.Token, new
        {
            kind = "Prevention", lat = 51.055, lon = 3.725, radiusKm = 1.5, isPublic = true, texts = new Dictionary<string, string> { ["nl"] = "Auto-inbraken in de buurt." },
        });
        var area = (await CapAsync(id)).Element(Cap + "info")!.Element(Cap + "area")!;
        Assert.Equal("51.055,3.725 1.5", area.Element(Cap + "circle")!.Value);
        Assert.Empty(area.Elements(Cap + "polygon"));
    }

    [Fact]
    public async Task Feeds_answer_304_to_a_matching_etag_or_an_unchanged_date_and_200_once_something_changed()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var id = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], createdAt: new DateTimeOffset(2026, 5, 4, 8, 0, 0, 500, TimeSpan.Zero));
        var client = app.ClientFor(null);
        async Task<HttpResponseMessage> Get(string path, Action<HttpRequestHeaders>? headers = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            headers?.Invoke(request.Headers);
            return await client.SendAsync(request);
        }

        foreach (var path in new[] { $"/feeds/bins/{bin.Id}.atom", $"/feeds/messages/{id}.cap" })
        {
            var first = await Get(path);
            var etag = first.Headers.ETag!;
            Assert.Equal(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero), first.Content.Headers.LastModified);
            Assert.Equal(HttpStatusCode.NotModified, (await Get(path, h => h.IfNoneMatch.Add(etag))).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await Get(path, h => h.IfModifiedSince = first.Content.Headers.LastModified)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Get(path, h => h.IfModifiedSince = first.Content.Headers.LastModified!.Value.AddSeconds(-1))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Get(path, h => h.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\"")))).StatusCode);
        }
        // The French page is other bytes: another tag. A new message changes the feed: the old tag gets the whole feed again.
        var dutch = (await Get($"/feeds/bins/{bin.Id}.atom")).Headers.ETag!;
        Assert.NotEqual(dutch, (await Get($"/feeds/bins/{bin.Id}.atom?lang=fr")).Headers.ETag);
        await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id], createdAt: new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero));
        var changed = await Get($"/feeds/bins/{bin.Id}.atom", h => h.IfNoneMatch.Add(dutch));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, XDocument.Parse(await changed.Content.ReadAsStringAsync()).Root!.Elements(Atom + "entry").Count());
    }
}
