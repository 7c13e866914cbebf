using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Reports;

/// <summary>SMS replies to an alarm gather in one open incident; once the officer closed it, a late reply opens a new one.</summary>
public class AlarmReplyTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task ReplyAsync(string from, string text)
    {
        await using var db = app.Db();
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await InboundSms.HandleAsync(db, app.Clock, from, text, scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), default));
    }

    /// <summary>An alarm from <paramref name="officer"/> to <paramref name="bin"/> whose SMS reached <paramref name="numbers"/>, as sent by the dispatcher.</summary>
    private async Task<long> AlarmSentToAsync(World.Place place, Bin bin, World.Person officer, params string[] numbers)
    {
        foreach (var number in numbers) await app.HouseholdAsync(bin.Id, phones: new Phone(number));
        await using var db = app.Db();
        var alarm = new Message
        {
            Kind = MessageKind.Alarm, State = MessageState.Dispatching, SenderUserId = officer.User.Id, SenderName = "officer", ZoneNumber = place.Zone,
            TextNl = "Inbraak bezig.", TargetSummary = bin.Name, CreatedAt = app.Clock.Now,
        };
        db.Messages.Add(alarm);
        await db.SaveChangesAsync();
        foreach (var number in numbers)
            db.Deliveries.Add(new Delivery
            {
                MessageId = alarm.Id, MemberId = 0, Channel = Channels.Sms, Recipient = number, Language = "nl",
                State = DeliveryState.Sent, DueAt = app.Clock.Now, SentAt = app.Clock.Now,
            });
        await db.SaveChangesAsync();
        return alarm.Id;
    }

    [Fact]
    public async Task Replies_to_an_alarm_without_a_report_share_one_incident_and_a_reply_after_closing_opens_a_new_one()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        string first = Mobile(), second = Mobile();
        var alarmId = await AlarmSentToAsync(place, bin, officer, first, second);

        await ReplyAsync(first, "Hij liep richting station");
        await ReplyAsync(second, "Grijze bestelwagen");
        await using var check = app.Db();
        var replies = await check.Reports.Where(r => r.Text.StartsWith($"[reply to alarm #{alarmId}]")).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, replies.Count);
        Assert.NotNull(replies[0].IncidentId);
        Assert.Equal(replies[0].IncidentId, replies[1].IncidentId);

        var closed = await app.ClientFor(officer.Token).PostAsJsonAsync($"/api/v1/incidents/{replies[0].IncidentId}/close", new { confirmed = true });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await ReplyAsync(first, "Hij is terug");
        var late = await check.Reports.Where(r => r.Text.StartsWith($"[reply to alarm #{alarmId}]")).OrderByDescending(r => r.Id).FirstAsync();
        Assert.NotNull(late.IncidentId);
        Assert.NotEqual(replies[0].IncidentId, late.IncidentId);
        Assert.Null((await check.Incidents.SingleAsync(i => i.Id == late.IncidentId)).ClosedAt);
    }

    /// <summary>
    /// The incident an SMS reply opens is stored as "Alarm #12: BIN name" (one fixed form); a French or German officer reads it in
    /// their words, both where the report names its incident and in the list of open incidents to attach a report to.
    /// </summary>
    [Theory]
    [InlineData("fr", "Alerte n° {0} : ")]
    [InlineData("de", "Alarm Nr. {0}: ")]
    public async Task An_incident_opened_by_an_SMS_reply_is_titled_in_the_officers_language(string lang, string expected)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var number = Mobile();
        var alarmId = await AlarmSentToAsync(place, bin, officer, number);
        await ReplyAsync(number, "Grijze bestelwagen");
        await using var check = app.Db();
        var reply = await check.Reports.SingleAsync(r => r.Text.StartsWith($"[reply to alarm #{alarmId}]"));
        Assert.Equal($"Alarm #{alarmId}: {bin.Name}", (await check.Incidents.SingleAsync(i => i.Id == reply.IncidentId)).Title); // the record keeps its one form

        var html = WebUtility.HtmlDecode(await app.ClientFor(officer.Token, lang).GetStringAsync($"/Police/Report/{reply.Id}"));
        var title = string.Format(expected, alarmId) + bin.Name;
        Assert.Equal(2, html.Split(title).Length - 1); // "linked to incident …" and the open incidents offered
        Assert.Contains($"#{reply.IncidentId} · {title} ·", html);
        Assert.DoesNotContain($"Alarm #{alarmId}", html);
    }
}
