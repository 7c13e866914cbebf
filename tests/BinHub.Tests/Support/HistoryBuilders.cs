namespace BinHub.Tests.Support;

/// <summary>
/// Messages a household received, written straight into the queue in the states the sending engine leaves them in (a
/// confirmed call, a call heard three times without 1, a delivered SMS…), for the member's history.
/// </summary>
public static class HistoryBuilders
{
    /// <summary>One delivery of a message: channel, where it went, how it ended and, for calls, what the calls did.</summary>
    public sealed record Line(Channels Channel, string Recipient, DeliveryState State, CallState? Call = null, int Attempts = 1, bool Answered = false,
        bool Confirmed = false, long? FailoverOf = null);

    public static Line SmsTo(string number, DeliveryState state = DeliveryState.Delivered) => new(Channels.Sms, number, state);

    public static Line EmailTo(string address, DeliveryState state = DeliveryState.Sent) => new(Channels.Email, address, state);

    public static Line WebTo(string userId) => new(Channels.Web, userId, DeliveryState.Sent);

    /// <summary>Answered and 1 pressed on the first call: delivered, never called again.</summary>
    public static Line ConfirmedCall(string number) => new(Channels.Voice, number, DeliveryState.Delivered, CallState.Confirmed, 1, Answered: true, Confirmed: true);

    /// <summary>Heard on every call, 1 never pressed: after the last call it counts as sent.</summary>
    public static Line HeardWithout1(string number, int calls = 3) =>
        new(Channels.Voice, number, DeliveryState.Sent, CallState.AnsweredNotConfirmed, calls, Answered: true);

    /// <summary>One message of <paramref name="kind"/> to one household, at the test clock's now.</summary>
    public static Task<long> ReceivedAsync(this BinHubApp app, int memberId, MessageKind kind, string text, string language = "nl", params Line[] lines) =>
        app.ReceivedAsync(kind, text, language, lines.Select(l => (memberId, l)).ToArray());

    /// <summary>One message to several households (as one alarm reaches a whole BIN): each pair is one delivery.</summary>
    public static async Task<long> ReceivedAsync(this BinHubApp app, MessageKind kind, string text, string language, params (int MemberId, Line Line)[] to)
    {
        await using var db = app.Db();
        var now = app.Clock.Now;
        var message = new Message
        {
            Kind = kind, State = MessageState.Done, SenderUserId = "sender", SenderName = "Inspecteur Test", ZoneNumber = 1, TargetSummary = "test",
            CreatedAt = now, TextNl = language == "nl" ? text : null, TextFr = language == "fr" ? text : null, TextDe = language == "de" ? text : null,
            TextEn = language == "en" ? text : null,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        foreach (var (memberId, l) in to)
        {
            var sent = l.State is DeliveryState.Sent or DeliveryState.Delivered or DeliveryState.Unknown;
            var final = sent || l.State == DeliveryState.Failed;
            db.Deliveries.Add(new Delivery
            {
                MessageId = message.Id, MemberId = memberId, Kind = kind.ToString(), Channel = l.Channel, Recipient = l.Recipient, Language = language,
                State = l.State, DueAt = now, CreatedAt = now, Attempts = l.Attempts, SentAt = sent ? now : null, FinalAt = final ? now.AddMinutes(1) : null,
                Call = l.Call, AnsweredAt = l.Answered ? now.AddSeconds(20) : null, ConfirmedAt = l.Confirmed ? now.AddSeconds(45) : null,
                Via = l.Channel == Channels.Voice && l.Call is not null ? "call" : "dev-outbox", FailoverOfId = l.FailoverOf,
            });
        }
        await db.SaveChangesAsync();
        return message.Id;
    }
}
