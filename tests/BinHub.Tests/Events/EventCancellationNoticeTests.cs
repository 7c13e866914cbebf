using System.Text.RegularExpressions;
using BinHub.Features.Dispatch;
using BinHub.Features.Events;
using BinHub.Gateways.Email;

namespace BinHub.Tests.Events;

/// <summary>
/// A cancelled event's reminders never go out — neither those still waiting nor one a dispatcher had already claimed — and
/// stay visible as cancelled; the households get the cancellation instead, by e-mail and in their web inbox.
/// </summary>
public class EventCancellationNoticeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>Records what it hands over; before each, runs <paramref name="meanwhile"/> (what happens while the round is in flight).</summary>
    private sealed class Mailbox(Func<string, Task>? meanwhile = null) : IEmailSender
    {
        public List<(string To, string Subject)> Sent { get; } = [];

        public async Task<string> SendAsync(string to, string subject, string body, CancellationToken ct)
        {
            if (meanwhile is not null) await meanwhile(to);
            lock (Sent) Sent.Add((to, subject));
            return "test";
        }
    }

    private async Task<(int EventId, World.Person Coordinator)> EventAsync(DateTimeOffset starts)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        return (await app.PublishAsync(coordinator.Token, place, bin.Id, starts), coordinator);
    }

    private Task<HttpResponseMessage> CancelAsync(World.Person coordinator, int id) =>
        app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/events/{id}/cancellation", new { confirm = true });

    private async Task<int> BinOfAsync(int eventId)
    {
        await using var db = app.Db();
        return await db.BinEvents.Where(e => e.Id == eventId).Select(e => e.AudienceBinId!.Value).SingleAsync();
    }

    [Fact]
    public async Task Cancelling_an_event_cancels_its_waiting_reminders_with_the_reason_shown_in_the_outbox_and_the_household_gets_the_cancellation_instead()
    {
        var due = app.BrusselsAt(2, 18, 1);
        var (id, coordinator) = await EventAsync(app.BrusselsAt(3, 19));
        var home = await app.HouseholdAsync(world, await BinOfAsync(id), language: "nl", email: "komt-wachtend@example.test");
        await app.RegisterAsync(home.Person.Token, id);

        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(coordinator, id)).StatusCode);

        var reminders = await app.RemindersAsync(id);
        Assert.NotEmpty(reminders);
        Assert.All(reminders, r => Assert.Equal((DeliveryState.Cancelled, EventNotices.EventCancelled, (DateTimeOffset?)null), (r.State, r.LastError, r.SentAt)));
        var admin = await world.PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await app.ClientFor(admin.Token).GetStringAsync("/Admin/Outbox"));
        var row = Regex.Match(html, $@"<tr>(?:(?!</tr>).)*komt-wachtend@example\.test(?:(?!</tr>).)*{Regex.Escape(EventNotices.EventCancelled)}(?:(?!</tr>).)*</tr>",
            RegexOptions.Singleline).Value;
        Assert.Contains("<td>Cancelled", row);

        var mailbox = new Mailbox();
        await app.DispatchAllAsync(email: mailbox); // the cancellation, at once
        app.Clock.Now = due;
        await app.DispatchAllAsync(email: mailbox); // the reminder's evening: nothing more
        var (_, subject) = Assert.Single(mailbox.Sent, m => m.To == "komt-wachtend@example.test");
        await using var db = app.Db();
        Assert.Equal(subject, await db.Deliveries.Where(d => d.Kind == EventNotices.CancelledKind && d.MemberId == home.MemberId && d.Channel == Channels.Email)
            .Select(d => d.Subject).SingleAsync());
    }

    [Fact]
    public async Task A_reminder_a_dispatcher_claimed_before_the_event_was_cancelled_is_not_sent_after_it_but_cancelled()
    {
        var due = app.BrusselsAt(2, 18, 1);
        var (id, coordinator) = await EventAsync(app.BrusselsAt(3, 19));
        var bin = await BinOfAsync(id);
        var first = await app.HouseholdAsync(world, bin, name: "Eerste", language: "nl", email: "eerste-claim@example.test");
        var second = await app.HouseholdAsync(world, bin, name: "Tweede", language: "nl", email: "tweede-claim@example.test");
        await app.RegisterAsync(first.Person.Token, id);
        await app.RegisterAsync(second.Person.Token, id);
        app.Clock.Now = due;
        // One hand-over at a time: the round claims both reminders, and the event is cancelled while the first is on the wire.
        HttpResponseMessage? cancelled = null;
        var mailbox = new Mailbox(async to =>
        {
            if (cancelled is null && to.EndsWith("-claim@example.test")) cancelled = await CancelAsync(coordinator, id);
        });

        await app.DispatchAllAsync(email: mailbox, options: new DispatchOptions { Concurrency = 1 });

        Assert.Equal(HttpStatusCode.OK, cancelled?.StatusCode);
        var emails = (await app.RemindersAsync(id)).Where(r => r.Channel == Channels.Email).ToList();
        var sent = Assert.Single(emails, r => r.State == DeliveryState.Sent);
        var withheld = Assert.Single(emails, r => r.State != DeliveryState.Sent);
        Assert.Equal((DeliveryState.Cancelled, EventNotices.EventCancelled, (DateTimeOffset?)null), (withheld.State, withheld.LastError, withheld.SentAt));
        Assert.DoesNotContain((withheld.Recipient, withheld.Subject!), mailbox.Sent);
        // Both households are told it is cancelled, the one that had its reminder too.
        await using var db = app.Db();
        var notices = await db.Deliveries.Where(d => d.Kind == EventNotices.CancelledKind && d.Channel == Channels.Email && (d.MemberId == first.MemberId || d.MemberId == second.MemberId))
            .ToListAsync();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Contains((n.Recipient, n.Subject!), mailbox.Sent));
        Assert.Contains((sent.Recipient, sent.Subject!), mailbox.Sent);
    }

    [Fact]
    public async Task The_reminder_and_the_cancellation_of_an_event_also_appear_in_the_members_web_inbox()
    {
        var due = app.BrusselsAt(2, 18, 1);
        var (id, coordinator) = await EventAsync(app.BrusselsAt(3, 19));
        var home = await app.HouseholdAsync(world, await BinOfAsync(id), language: "nl", email: "inbox-event@example.test");
        await app.RegisterAsync(home.Person.Token, id);
        var client = app.ClientFor(home.Person.Token);
        await app.DispatchAllAsync(email: new Mailbox());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox")).GetProperty("total").GetInt32()); // not before its evening

        app.Clock.Now = due;
        await app.DispatchAllAsync(email: new Mailbox());
        var reminder = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        Assert.Equal(1, reminder.GetProperty("total").GetInt32());
        Assert.Contains("Infoavond inbraakpreventie", reminder.GetProperty("items")[0].GetProperty("text").GetString());

        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(coordinator, id)).StatusCode);
        await app.DispatchAllAsync(email: new Mailbox());

        await using var db = app.Db();
        var subject = await db.Deliveries.Where(d => d.Kind == EventNotices.CancelledKind && d.MemberId == home.MemberId && d.Channel == Channels.Email)
            .Select(d => d.Subject).SingleAsync();
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        Assert.Equal((2, 2), (inbox.GetProperty("total").GetInt32(), inbox.GetProperty("unread").GetInt32()));
        Assert.StartsWith(subject!, inbox.GetProperty("items")[0].GetProperty("text").GetString());
        Assert.Contains(subject!, WebUtility.HtmlDecode(await client.GetStringAsync("/Me/Inbox")));
    }
}
