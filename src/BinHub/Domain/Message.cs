namespace BinHub.Domain;

/// <summary>Alarm (urgent, police), Feedback (after an alarm), Prevention and Info (non-urgent).</summary>
public enum MessageKind { Alarm = 0, Feedback = 1, Prevention = 2, Info = 3 }

public enum MessageState { AwaitingApproval = 0, Dispatching = 1, Done = 2, Refused = 3 }

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
    public List<MessageBin> Bins { get; set; } = [];

    public string? Text(string lang) => lang switch { "fr" => TextFr, "de" => TextDe, "en" => TextEn, _ => TextNl };

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
    /// <summary>Voice: audio ready, call pending — no call gateway yet, so never reported as sent.</summary>
    AudioReady = 5,
    /// <summary>Sent, but no final delivery report came within the timeout.</summary>
    Unknown = 6,
}

/// <summary>One message to one member over one channel (one row per phone for SMS and voice).</summary>
public class Delivery
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public int MemberId { get; set; }
    public Channels Channel { get; set; }
    /// <summary>E.164 number, e-mail address, or the member's user id (web inbox).</summary>
    public required string Recipient { get; set; }
    public required string Language { get; set; }
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
