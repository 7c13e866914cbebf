using BinHub.Features.Dispatch;
using BinHub.Features.Messages;
using BinHub.Tests.Messages;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Dispatch;

/// <summary>
/// The lanes of the one sending queue: a row of a higher lane is claimed and handed to the gateway before any waiting
/// row of a lower lane, however many wait and however long they have waited.
/// </summary>
public class PriorityLaneTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>A prevention broadcast already planned: <paramref name="count"/> SMS due a minute ago, waiting for the gateway.</summary>
    private async Task<string> BacklogAsync(int zone, int count)
    {
        var marker = $"Preventietip {Guid.NewGuid():N}";
        await using var db = app.Db();
        var message = new Message
        {
            Kind = MessageKind.Prevention, State = MessageState.Dispatching, SenderUserId = "test", SenderName = "Test", ZoneNumber = zone, TextNl = marker,
            CreatedAt = app.Clock.Now,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        var due = app.Clock.GetUtcNow().AddMinutes(-1);
        var prefix = Random.Shared.Next(100, 999);
        var rows = Enumerable.Range(0, count).Select(i => DispatchPolicy.Stamp(new Delivery
        {
            MessageId = message.Id, Channel = Channels.Sms, Recipient = $"+32472{prefix}{i:0000}", Language = "nl", State = DeliveryState.Planned, DueAt = due,
        }, nameof(MessageKind.Prevention))).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(); // as the planner writes them: in its transaction
        await BulkInsert.DeliveriesAsync(db, rows, default);
        await tx.CommitAsync();
        return marker;
    }

    private async Task<long> AlarmAsync(World.Person officer, int binId, string text)
    {
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind = "Alarm", binIds = new[] { binId }, texts = new Dictionary<string, string> { ["nl"] = text } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    [Fact]
    public async Task An_alarm_planned_behind_5000_waiting_prevention_sms_is_handed_to_the_gateway_first()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var numbers = Enumerable.Range(0, 3).Select(_ => Mobile()).Distinct().ToList();
        foreach (var n in numbers) await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(n));
        var prevention = await BacklogAsync(place.Zone, 5000);
        var alarmText = $"Inbraak bezig {Guid.NewGuid():N}";
        var id = await AlarmAsync(officer, bin.Id, alarmText);

        // The gateway has room for as many SMS as the alarm has: they must be the alarm's, none of the 5,000 older ones.
        var sms = new RecordingSms();
        await app.DispatchAllAsync(sms, smsRoom: new DispatchTests.FixedRoom(numbers.Count));
        Assert.Equal(numbers.Order(), sms.Handed.Select(h => h.To).Order());
        Assert.All(sms.Handed, h => Assert.Equal(alarmText, h.Text));

        // With room again, the broadcast goes on where it was.
        await app.DispatchAllAsync(sms, smsRoom: new DispatchTests.FixedRoom(100));
        Assert.Equal(100, sms.Handed.Count(h => h.Text == prevention));
        await using var db = app.Db();
        Assert.Equal(numbers.Count, await db.Deliveries.CountAsync(d => d.MessageId == id && d.State == DeliveryState.Sent));
    }

    [Fact]
    public async Task A_code_requested_during_a_broadcast_reaches_the_gateway_before_the_broadcast_ends()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var prevention = await BacklogAsync(place.Zone, 5000);
        var sms = new RecordingSms();
        await app.DispatchAllAsync(sms, smsRoom: new DispatchTests.FixedRoom(200)); // the broadcast is under way

        var home = await app.HouseholdAsync(world, bin.Id, language: "nl", phones: [($"+32470{Random.Shared.Next(100000, 999999)}", true, true)]);
        var partner = $"+32475{Random.Shared.Next(100000, 999999)}";
        var added = await app.ClientFor(home.Person.Token).PostAsJsonAsync("/api/v1/me/phones", new { number = "0" + partner[3..] });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await app.DispatchAllAsync(sms, smsRoom: new DispatchTests.FixedRoom(200)); // the next few seconds of the gateway

        var code = Assert.Single(sms.Handed, h => h.To == partner);
        Assert.StartsWith("BIN:", code.Text);
        Assert.Equal(400, sms.Handed.Count); // the gateway's room was used, by the code and the broadcast
        await using var db = app.Db();
        var broadcastLeft = await db.Deliveries.CountAsync(d => d.Channel == Channels.Sms && d.State == DeliveryState.Planned && d.Message!.TextNl == prevention);
        Assert.InRange(broadcastLeft, 5000 - 399, 5000); // still under way (older backlogs may have gone first) when the code went out
    }

    [Fact]
    public async Task E_mail_and_web_do_not_wait_for_a_full_sms_gateway()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.UrgentChannels, Channels.Sms | Channels.Email | Channels.Web));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var mobile = Mobile();
        var email = $"l{Guid.NewGuid():N}@example.test";
        var member = await app.HouseholdAsync(bin.Id, email: email, account: true, urgent: Channels.Sms | Channels.Email | Channels.Web, phones: new Phone(mobile));
        var id = await AlarmAsync(officer, bin.Id, "Inbraak bezig, bel 112.");

        var sms = new RecordingSms();
        await app.DispatchAllAsync(sms, smsRoom: new DispatchTests.FixedRoom(0)); // the SMS gateway is full
        Assert.Empty(sms.Handed);
        await using var check = app.Db();
        var states = await check.Deliveries.Where(d => d.MessageId == id && d.MemberId == member.Id).ToDictionaryAsync(d => d.Channel, d => d.State);
        Assert.Equal(DeliveryState.Planned, states[Channels.Sms]);
        Assert.Equal(DeliveryState.Sent, states[Channels.Email]);
        Assert.Equal(DeliveryState.Sent, states[Channels.Web]);
    }

    [Fact]
    public void Every_kind_has_its_lane_alarm_before_feedback_before_codes_before_prevention()
    {
        Assert.Equal(DispatchLanes.Alarm, DispatchPolicy.For(MessageKind.Alarm).Lane);
        Assert.Equal(DispatchLanes.Feedback, DispatchPolicy.For(MessageKind.Feedback).Lane);
        Assert.Equal(DispatchLanes.Codes, DispatchPolicy.For("CodeVerifyPhone").Lane);
        Assert.Equal(DispatchLanes.Codes, DispatchPolicy.For("LinkSignIn").Lane);
        Assert.Equal(DispatchLanes.Codes, DispatchPolicy.For("ReportAcknowledgement").Lane);
        Assert.Equal(DispatchLanes.Bulk, DispatchPolicy.For(MessageKind.Prevention).Lane);
        Assert.Equal(DispatchLanes.Bulk, DispatchPolicy.For(MessageKind.Info).Lane);
        Assert.Equal(DispatchLanes.Bulk, DispatchPolicy.For("CharterReminder").Lane);
        Assert.True(DispatchPolicy.Alarm.FailsOver);
        Assert.False(DispatchPolicy.For(MessageKind.Prevention).FailsOver);
        Assert.Equal(TimeSpan.FromMinutes(10), DispatchPolicy.For("CodeSignUp").Expiry);
        Assert.Equal(TimeSpan.FromHours(1), DispatchPolicy.Alarm.Expiry);
    }

    [Fact]
    public async Task A_code_not_sent_within_its_ten_minutes_fails_visibly_instead_of_arriving_useless()
    {
        var mobile = Mobile();
        await using (var db = app.Db())
        {
            Outgoing.Queue(db, new Delivery { Channel = Channels.Sms, Recipient = mobile, Body = "BIN: code 123456", Kind = "CodeSignUp", DueAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(11)); // the gateway was full for eleven minutes
        try
        {
            var sms = new RecordingSms();
            await app.DispatchAllAsync(sms);
            Assert.DoesNotContain(sms.Handed, h => h.To == mobile);
            await using var check = app.Db();
            var row = await check.Deliveries.SingleAsync(d => d.Recipient == mobile);
            Assert.Equal(DeliveryState.Failed, row.State);
            Assert.StartsWith("expired", row.LastError);
        }
        finally { app.Clock.Advance(TimeSpan.FromMinutes(-11)); }
    }
}
