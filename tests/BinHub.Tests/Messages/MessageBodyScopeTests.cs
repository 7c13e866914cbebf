using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>
/// The ids in a message's body (report, alarm the feedback is for, municipality) are checked against the sender's scope like
/// ids in a route: another zone's object is "not found" (404 on the API, NotFound on the composer), audited, and nothing is sent.
/// </summary>
public class MessageBodyScopeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<bool> DeniedAsync(string userId, string entityId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.AnyAsync(a => a.UserId == userId && a.EntityId == entityId && a.Outcome == "Denied");
    }

    private async Task<int> MessagesInZoneAsync(int zone)
    {
        await using var db = app.Db();
        return await db.Messages.CountAsync(m => m.ZoneNumber == zone);
    }

    [Fact]
    public async Task Officer_cannot_link_an_alarm_to_a_report_of_another_zone()
    {
        var own = await app.MessagingSetupAsync(world);
        var other = await app.ReportSetupAsync(world);
        var foreignReport = await app.ReportAsync(other.Home.Person.Token);
        var client = app.ClientFor(own.Officer.Token);

        foreach (var url in new[] { "/api/v1/messages", "/api/v1/messages/preview" })
        {
            var response = await client.PostAsJsonAsync(url, new
            {
                kind = "Alarm", binIds = new[] { own.Bin.Id }, reportId = foreignReport, texts = new Dictionary<string, string> { ["nl"] = "Inbraak bezig" },
            });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "Alarm", ["Input.BinIds"] = own.Bin.Id.ToString(), ["Input.ReportId"] = foreignReport.ToString(),
            ["Input.TextNl"] = "Inbraak bezig", ["Input.TextFr"] = "", ["Input.TextDe"] = "", ["Input.TextEn"] = "",
        };
        foreach (var handler in new[] { "Preview", "Send" })
        {
            var page = await Forms.PostAsync(client, "/Messages/Compose", $"/Messages/Compose?handler={handler}", new Dictionary<string, string>(fields));
            Assert.True(page.StatusCode == HttpStatusCode.NotFound, $"compose {handler}: {page.StatusCode}");
        }

        Assert.True(await DeniedAsync(own.Officer.User.Id, foreignReport.ToString()));
        Assert.Equal(0, await MessagesInZoneAsync(own.Place.Zone));
        // The report's own officer still links an alarm to it.
        await app.HouseholdAsync(other.Bin.Id, phones: new Phone(Mobile()));
        await app.SendAsync(other.Officer.Token, new { kind = "Alarm", binIds = new[] { other.Bin.Id }, reportId = foreignReport, texts = new { nl = "Inbraak" } });
    }

    [Fact]
    public async Task Officer_cannot_send_feedback_for_an_alarm_of_another_zone()
    {
        var own = await app.MessagingSetupAsync(world);
        var other = await app.MessagingSetupAsync(world);
        var foreignAlarm = await app.SendAsync(other.Officer.Token, UiBuilders.Alarm(other.Bin.Id));
        var client = app.ClientFor(own.Officer.Token);

        var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            kind = "Feedback", binIds = new[] { own.Bin.Id }, feedbackForId = foreignAlarm, texts = new { nl = "Opgelost" },
        });
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var fields = new Dictionary<string, string>
        {
            ["Input.Kind"] = "Feedback", ["Input.BinIds"] = own.Bin.Id.ToString(), ["Input.FeedbackForId"] = foreignAlarm.ToString(),
            ["Input.TextNl"] = "Opgelost", ["Input.TextFr"] = "", ["Input.TextDe"] = "", ["Input.TextEn"] = "",
        };
        var page = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", fields);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        Assert.True(await DeniedAsync(own.Officer.User.Id, foreignAlarm.ToString()));
        Assert.Equal(0, await MessagesInZoneAsync(own.Place.Zone));
        await using var db = app.Db();
        Assert.Null((await db.Messages.SingleAsync(m => m.Id == foreignAlarm)).FeedbackSentAt);
    }

    [Fact]
    public async Task Officer_cannot_open_the_composer_on_feedback_for_an_alarm_of_another_zone()
    {
        var own = await app.MessagingSetupAsync(world);
        var other = await app.MessagingSetupAsync(world);
        var foreignAlarm = await app.SendAsync(other.Officer.Token, UiBuilders.Alarm(other.Bin.Id));
        var ownAlarm = await app.SendAsync(own.Officer.Token, UiBuilders.Alarm(own.Bin.Id));
        var client = app.ClientFor(own.Officer.Token);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Messages/Compose?kind=Feedback&feedbackFor={ownAlarm}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Messages/Compose?kind=Feedback&feedbackFor={foreignAlarm}")).StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == own.Officer.User.Id && a.Action == "ComposeFeedback"
                                                        && a.Outcome == "Denied" && a.EntityId == foreignAlarm.ToString()));
    }

    [Fact]
    public async Task Officer_cannot_name_a_municipality_of_another_zone_even_one_without_active_bins()
    {
        var own = await app.MessagingSetupAsync(world);
        var elsewhere = await world.PlaceAsync(); // a municipality with no BIN at all
        var response = await app.ClientFor(own.Officer.Token).PostAsJsonAsync("/api/v1/messages/preview", new
        {
            kind = "Prevention", municipalityNis = elsewhere.Nis, texts = new { nl = "Tip" },
        });

        Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == own.Officer.User.Id && a.Outcome == "Denied" && a.EntityId == $"municipality={elsewhere.Nis}"));
        // Its own municipality without active BINs is simply "nothing to reach".
        var neighbour = await world.MunicipalityInZoneAsync(own.Place);
        var empty = await app.ClientFor(own.Officer.Token).PostAsJsonAsync("/api/v1/messages/preview", new
        {
            kind = "Prevention", municipalityNis = neighbour, texts = new { nl = "Tip" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task A_zone_or_municipality_named_beside_the_bins_is_checked_too_not_ignored()
    {
        var own = await app.MessagingSetupAsync(world);
        var elsewhere = await world.PlaceAsync();
        var client = app.ClientFor(own.Officer.Token);
        foreach (var extra in new object[]
                 {
                     new { kind = "Prevention", binIds = new[] { own.Bin.Id }, zoneNumber = elsewhere.Zone, texts = new { nl = "Tip" } },
                     new { kind = "Prevention", binIds = new[] { own.Bin.Id }, municipalityNis = elsewhere.Nis, texts = new { nl = "Tip" } },
                 })
        {
            var response = await client.PostAsJsonAsync("/api/v1/messages", extra);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(0, await MessagesInZoneAsync(own.Place.Zone));
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == own.Officer.User.Id && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task A_reply_to_an_alarm_linked_to_another_zones_report_never_joins_that_zones_incident()
    {
        // An alarm written before its report id was scoped: zone A's alarm names zone B's report, whose incident is open.
        var own = await app.MessagingSetupAsync(world);
        var other = await app.ReportSetupAsync(world);
        var foreignReport = await app.ReportAsync(other.Home.Person.Token);
        var linked = await app.ClientFor(other.Officer.Token).PostAsJsonAsync($"/api/v1/reports/{foreignReport}/incident", new { newTitle = "Inbraak Kerkstraat 5 (zone B)" });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var foreignIncident = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetInt32();
        var number = Mobile();
        long alarmId;
        await using (var db = app.Db())
        {
            var alarm = new Message
            {
                Kind = MessageKind.Alarm, State = MessageState.Dispatching, SenderUserId = own.Officer.User.Id, SenderName = "officer", ZoneNumber = own.Place.Zone,
                ReportId = foreignReport, TextNl = "Inbraak bezig.", TargetSummary = own.Bin.Name, CreatedAt = app.Clock.Now,
            };
            db.Messages.Add(alarm);
            await db.SaveChangesAsync();
            alarmId = alarm.Id;
            db.Deliveries.Add(new Delivery
            {
                MessageId = alarm.Id, MemberId = 0, Channel = Channels.Sms, Recipient = number, Language = "nl", State = DeliveryState.Sent,
                DueAt = app.Clock.Now, SentAt = app.Clock.Now,
            });
            await db.SaveChangesAsync();
        }
        await app.HouseholdAsync(own.Bin.Id, phones: new Phone(number));

        await using (var db = app.Db())
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await InboundSms.HandleAsync(db, app.Clock, number, "Hij liep richting station",
                scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), default));

        await using var check = app.Db();
        var reply = await check.Reports.SingleAsync(r => r.Text.StartsWith($"[reply to alarm #{alarmId}]"));
        var incident = await check.Incidents.SingleAsync(i => i.Id == reply.IncidentId);
        Assert.NotEqual(foreignIncident, incident.Id);
        Assert.Equal(own.Place.Zone, incident.ZoneNumber);
        Assert.Equal(foreignIncident, (await check.Reports.SingleAsync(r => r.Id == foreignReport)).IncidentId); // zone B's report untouched
        var read = await app.ClientFor(own.Officer.Token).GetStringAsync($"/api/v1/reports/{reply.Id}");
        Assert.DoesNotContain("zone B", read);
    }
}
