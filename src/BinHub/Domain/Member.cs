namespace BinHub.Domain;

public enum MemberState { Pending = 0, Active = 1, Refused = 2, Left = 3 }

/// <summary>What a message is about; a member chooses channels per type.</summary>
public enum MessageType { Urgent = 0, Feedback = 1, Prevention = 2 }

/// <summary>A household (or, in a BIN-Z, a business) that receives the BIN's messages.</summary>
public class Member
{
    public int Id { get; set; }
    public int BinId { get; set; }
    /// <summary>The passwordless sign-in account of this household, made when it first signs up or signs in.</summary>
    public string? UserId { get; set; }
    public required string Name { get; set; }
    public string? CompanyName { get; set; }
    /// <summary>BIN-Z: Belgian enterprise number, stored as ten digits.</summary>
    public string? EnterpriseNumber { get; set; }
    public required string Street { get; set; }
    public required string HouseNumber { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    /// <summary>nl, fr, de or en: every message to this member is in this language.</summary>
    public string Language { get; set; } = "nl";
    public MemberState State { get; set; }
    /// <summary>Version of the privacy notice the member agreed to, and how (on paper or online).</summary>
    public required string ConsentVersion { get; set; }
    public DateTimeOffset ConsentAt { get; set; }
    public bool ConsentOnPaper { get; set; }
    /// <summary>Opted in to hear about volunteer calls (default off): when the member consented; null = not opted in.</summary>
    public DateTimeOffset? VolunteerCallsConsentAt { get; set; }

    public Channels UrgentChannels { get; set; } = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web;
    public Channels FeedbackChannels { get; set; } = Channels.Sms | Channels.Email | Channels.Web;
    public Channels PreventionChannels { get; set; } = Channels.Email | Channels.Web;
    /// <summary>Non-urgent messages wait until the end of the quiet hours (Brussels time).</summary>
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    /// <summary>Urgent alarms pass quiet hours unless the member explicitly opted out of night alarms.</summary>
    public bool NoNightAlarms { get; set; }
    /// <summary>Holiday pause: no messages from the first to the last day (inclusive), then automatic resume.</summary>
    public DateOnly? PausedFrom { get; set; }
    public DateOnly? PausedUntil { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? RefusalReason { get; set; }
    public DateTimeOffset? LeftAt { get; set; }
    /// <summary>Set when the member's personal data was erased; the row stays, without identity, for police records.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<MemberPhone> Phones { get; set; } = [];
    public Bin? Bin { get; set; }

    public Channels ChannelsFor(MessageType type) => type switch
    {
        MessageType.Urgent => UrgentChannels,
        MessageType.Feedback => FeedbackChannels,
        _ => PreventionChannels,
    };

    public bool IsPausedOn(DateOnly day) => PausedFrom is { } from && PausedUntil is { } until && day >= from && day <= until;
}

public class MemberPhone
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    /// <summary>E.164, e.g. +32470123456.</summary>
    public required string Number { get; set; }
    public bool IsMobile { get; set; }
    public bool Verified { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>Set by an SMS "STOP" from this number; cleared by "START".</summary>
    public DateTimeOffset? SmsOptOutAt { get; set; }
    public Member? Member { get; set; }

    /// <summary>
    /// A landline is verified by a call that reads the code. Until the call leg exists the code's audio is rendered
    /// but nobody is called, so the number stays "unverified-voice": a state of its own, not an error.
    /// </summary>
    public string VerificationState => Verified ? "verified" : IsMobile ? "unverified-sms" : "unverified-voice";
}

/// <summary>One line of a member's history, for the coordinator: no personal data in <see cref="Details"/>.</summary>
public class MemberEvent
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Joined, Approved, Refused, Verified, PreferencesChanged, OptedOut, OptedIn, Paused, Left, Erased …</summary>
    public required string Kind { get; set; }
    public string? Details { get; set; }
    public string? ByName { get; set; }
    public Member? Member { get; set; }
}

public enum CodePurpose { VerifyPhone = 0, VerifyEmail = 1, SignIn = 2 }

/// <summary>
/// A one-time secret sent to a phone (6 digits) or an e-mail address (a link). Only its hash is stored; it expires,
/// allows a few tries and can be used once.
/// </summary>
public class VerificationCode
{
    public long Id { get; set; }
    public int MemberId { get; set; }
    public CodePurpose Purpose { get; set; }
    public OutboxChannel Channel { get; set; }
    /// <summary>E.164 number or e-mail address the secret was sent to.</summary>
    public required string Target { get; set; }
    public required string SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>A signed-in browser of a member; ending it signs that browser out at its next request.</summary>
public class MemberSession
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public string? UserAgent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

public enum VolunteerState { Open = 0, Confirmed = 1, Declined = 2, Withdrawn = 3 }

/// <summary>A member who offers to take over (or help) as coordinator of their BIN.</summary>
public class CoordinatorVolunteer
{
    public int Id { get; set; }
    public int BinId { get; set; }
    public int MemberId { get; set; }
    public string? Message { get; set; }
    public VolunteerState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public Member? Member { get; set; }
}
