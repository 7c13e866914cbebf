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

