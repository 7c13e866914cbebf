namespace BinHub.Domain;

/// <summary>Append-only record of a change or of a read of personal data. Never updated, never deleted.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
    /// <summary>Ok, Denied or NotFound (an out-of-scope request is logged as Denied).</summary>
    public string Outcome { get; set; } = "Ok";
}

public enum OutboxChannel { Email = 0, Sms = 1, Voice = 2 }

/// <summary>What the SMS gateway last reported about a message (Kannel's DLR types).</summary>
public enum DeliveryReport { None = 0, Delivered = 1, Failed = 2, Buffered = 4, AcceptedBySmsc = 8, RejectedBySmsc = 16 }

/// <summary>Held: a voice message whose audio was rendered but which no call gateway can place yet (visible, never lost).</summary>
public enum OutboxState { Pending = 0, Sent = 1, Failed = 2, Held = 3 }

/// <summary>A message written in the same transaction as the change that caused it; the dispatcher delivers it.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public OutboxChannel Channel { get; set; }
    public required string Recipient { get; set; }
    /// <summary>E-mail subject; for a voice message the language of the voice (nl, fr, de, en).</summary>
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public required string Kind { get; set; }
    /// <summary>Makes planning idempotent: the same reminder is never planned twice.</summary>
    public required string DedupKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>"smtp", "kannel" or "dev-outbox" — where the message went.</summary>
    public string? DeliveredVia { get; set; }
    /// <summary>For SMS: the gateway's last delivery report, and when it came.</summary>
    public DeliveryReport DeliveryReport { get; set; }
    public DateTimeOffset? DeliveryReportAt { get; set; }
}
