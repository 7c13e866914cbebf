namespace BinHub.Domain;

/// <summary>Alarm (urgent, police), Feedback (after an alarm), Prevention and Info (non-urgent).</summary>
public enum MessageKind { Alarm = 0, Feedback = 1, Prevention = 2, Info = 3 }

public enum MessageState { AwaitingApproval = 0, Dispatching = 1, Done = 2, Refused = 3 }

/// <summary>What a message is to an earlier one: nothing (a new message), its update (CAP "Update") or its withdrawal (CAP "Cancel").</summary>
public enum Amendment { None = 0, Update = 1, Withdrawal = 2 }

/// <summary>
/// A message from the police or a coordinator to the members of one or more BINs. Its texts per language are kept
/// as sent; what each member gets is planned as <see cref="Delivery"/> rows in the same transaction.
/// </summary>
public class Message
{
    public long Id { get; set; }
    public MessageKind Kind { get; set; }
    public MessageState State { get; set; }
    public required string SenderUserId { get; set; }
    public required string SenderName { get; set; }
    /// <summary>The police zone the message belongs to (scope of its dashboard).</summary>
    public int ZoneNumber { get; set; }
    public int? ReportId { get; set; }
    /// <summary>For feedback: the alarm it follows up.</summary>
    public long? FeedbackForId { get; set; }
    public string? TextNl { get; set; }
    public string? TextFr { get; set; }
    public string? TextDe { get; set; }
    public string? TextEn { get; set; }
    /// <summary>Prevention/info only: also published in the public feeds (Atom, CAP). Alarms are never public.</summary>
    public bool IsPublic { get; set; }
    /// <summary>When the fact happened (alarms): older than 15 minutes is warned about before sending.</summary>
    public DateTimeOffset? OccurredAt { get; set; }
    public string TargetSummary { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    /// <summary>Alarms: when feedback was sent, and when the officer was last reminded that it is missing.</summary>
    public DateTimeOffset? FeedbackSentAt { get; set; }
    public DateTimeOffset? FeedbackReminderAt { get; set; }
    /// <summary>An exercise: members and feeds are told it is not real (CAP status "Test").</summary>
    public bool IsExercise { get; set; }
    /// <summary>A radius target: the centre and the radius the sender drew (the BINs reached are in <see cref="Bins"/>).</summary>
    public double? CircleLat { get; set; }
    public double? CircleLon { get; set; }
    public double? CircleKm { get; set; }
    /// <summary>An update or withdrawal: the message it amends (<see cref="AmendsId"/>) and how.</summary>
    public Amendment Amendment { get; set; }
    public long? AmendsId { get; set; }
    /// <summary>The version an amendment amends (the latest when it was sent): unique among those not refused, so a version
    /// is amended once even when two amendments are sent at the same moment (see UpdateMessage).</summary>
    public long? AmendsVersionId { get; set; }
    public List<MessageBin> Bins { get; set; } = [];

    public string? Text(string lang) => lang switch { "fr" => TextFr, "de" => TextDe, "en" => TextEn, _ => TextNl };

    /// <summary>The text a row in <paramref name="lang"/> carries: that language if written, else the first written one.</summary>
    public string TextFor(string lang) => Text(lang) ?? Text(LanguageFor(lang, lang)) ?? "";

    public bool IsUrgent => Kind is MessageKind.Alarm or MessageKind.Feedback;

    /// <summary>The member's language when the sender wrote it, else the BIN's, else the first written (nl, fr, de, en).</summary>
    public string LanguageFor(string memberLanguage, string binLanguage) =>
        new[] { memberLanguage, binLanguage, "nl", "fr", "de", "en" }.FirstOrDefault(l => !string.IsNullOrWhiteSpace(Text(l))) ?? "nl";
}

public class MessageBin
{
    public long MessageId { get; set; }
    public int BinId { get; set; }
}

/// <summary>
/// Where a voice call stands (voice rows only). Ringing and Answered while it runs; then how it ended: Confirmed (the member
/// pressed 1), AnsweredNotConfirmed (heard, no digit), NoAnswer, Busy, Rejected, Failed (the network or the call engine
/// refused it); Unknown when BinHub stopped during the call (it is called again, never counted as confirmed).
/// </summary>
public enum CallState { Ringing = 0, Answered = 1, Confirmed = 2, AnsweredNotConfirmed = 3, NoAnswer = 4, Busy = 5, Rejected = 6, Failed = 7, Unknown = 8 }

/// <summary>The priority lanes of the sending queue: a lower lane is always claimed and handed over first.</summary>
public static class DispatchLanes
{
    public const int Alarm = 0, Feedback = 1, Codes = 2, Bulk = 3;
    public static readonly int[] All = [Alarm, Feedback, Codes, Bulk];
}

public enum DeliveryState
{
    /// <summary>Waiting for its time (quiet hours) or for the dispatcher.</summary>
    Planned = 0,
    /// <summary>Claimed by a dispatcher (lease until <see cref="Delivery.LeaseUntil"/>); back to Planned if the lease runs out.</summary>
    Sending = 1,
    /// <summary>Handed to the gateway (SMS: accepted by Kannel; e-mail: accepted by SMTP; web: in the inbox).</summary>
    Sent = 2,
    /// <summary>The phone network confirmed delivery (SMS delivery report).</summary>
    Delivered = 3,
    Failed = 4,
    /// <summary>Voice: audio ready, call pending — no call gateway yet, so never reported as sent (former outbox: "held").</summary>
    AudioReady = 5,
    /// <summary>Sent, but no final delivery report came within the timeout.</summary>
    Unknown = 6,
    /// <summary>
    /// Never handed over, on purpose: what it was about no longer holds (an event's reminder once the event or the
    /// registration is cancelled). Kept, with the reason in <see cref="Delivery.LastError"/>, so nothing accepted vanishes.
    /// </summary>
    Cancelled = 7,
}

/// <summary>
/// One row of the one sending queue: one text to one recipient over one channel. Either a delivery of a police or
/// coordinator <see cref="Message"/> to a member (one row per phone for SMS and voice; the text is the message's), or a
/// service message of BinHub itself — a one-time code, a confirmation, a reminder — that carries its own
/// <see cref="Subject"/> and <see cref="Body"/> and has no message. <see cref="Kind"/> picks the sending policy (lane,
/// retries, expiry, fail-over: <see cref="Features.Dispatch.DispatchPolicy"/>).
/// </summary>
public class Delivery
{
    public long Id { get; set; }
    /// <summary>The police or coordinator message; null for BinHub's own service messages.</summary>
    public long? MessageId { get; set; }
    /// <summary>The member it is for; null for service messages (codes go to a number or address, reminders to staff).</summary>
    public int? MemberId { get; set; }
    /// <summary>Alarm, Feedback, Prevention, Info, or a service kind (CodeVerifyPhone, CharterReminder, …).</summary>
    public string Kind { get; set; } = "";
    /// <summary>The priority lane (0 = alarm first): copied from the kind's policy when the row is written, so the claim can order by it.</summary>
    public int Lane { get; set; } = DispatchLanes.Bulk;
    /// <summary>Service messages: e-mail subject. Message deliveries take their text from the message.</summary>
    public string? Subject { get; set; }
    public string? Body { get; set; }
    /// <summary>Service messages: makes planning idempotent (the same reminder is never planned twice).</summary>
    public string? DedupKey { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    /// <summary>Not handed over by then, it is useless (a code after 10 minutes, an alarm after an hour): failed, visibly.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>Where it went: "kannel", "smtp", "espeak-ng", "dev-outbox".</summary>
    public string? Via { get; set; }
    /// <summary>Voice: the state of the latest call (see <see cref="CallState"/>); null before the first call.</summary>
    public CallState? Call { get; set; }
    /// <summary>Voice: when the member answered the latest call, and when they pressed 1.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    /// <summary>Rows moved from the former OutboxMessages table: the id Kannel still has in its delivery-report URLs.</summary>
    public long? OutboxId { get; set; }
    public Channels Channel { get; set; }
    /// <summary>E.164 number, e-mail address, or the member's user id (web inbox).</summary>
    public required string Recipient { get; set; }
    /// <summary>nl, fr, de or en: the text's language (voice: the voice that reads it). Service messages are written in it already.</summary>
    public string Language { get; set; } = "nl";
    public DeliveryState State { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The dispatcher instance that claimed it last (<see cref="Features.Messages.DispatchOptions.InstanceId"/>).</summary>
    public string? DispatchedBy { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? FinalAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>An alarm that failed on one channel is retried on the member's next one: the delivery it replaces.</summary>
    public long? FailoverOfId { get; set; }
    /// <summary>Web inbox: when the member opened it.</summary>
    public DateTimeOffset? ReadAt { get; set; }
    public Message? Message { get; set; }
}
