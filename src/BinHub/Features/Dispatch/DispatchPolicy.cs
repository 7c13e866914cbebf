using BinHub.Domain;
using BinHub.Features.Messages;

namespace BinHub.Features.Dispatch;

/// <summary>
/// How the one sending queue treats a kind of row: its priority lane, how often and how patiently a transient failure is
/// retried, when it is no longer worth sending, and whether a final failure moves it to the member's next channel.
/// </summary>
public sealed record DispatchPolicy(int Lane, int MaxAttempts, TimeSpan FirstBackoff, TimeSpan MaxBackoff, TimeSpan Expiry, bool FailsOver)
{
    /// <summary>Exponential: first, twice that, … capped (attempt 1 = the first try that failed).</summary>
    public TimeSpan BackoffAfter(int attempt) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, FirstBackoff.TotalSeconds * Math.Pow(2, Math.Max(0, attempt - 1))));

    /// <summary>
    /// Alarms: a dozen tries two seconds apart at first and at most 30 s (about four minutes of gateway outage ridden out),
    /// then the next channel; after an hour an alarm is news, not an alarm. Feedback: the same patience, no fail-over.
    /// Codes and links: the member is waiting on a web page; after 10 minutes (a link: its 24-hour lifetime) it is useless.
    /// Direct answers to a person's own action (report acknowledgement, paper-form confirmation, account confirmation) ride
    /// the codes' lane: a member who just reported must not wait for a national prevention broadcast to end.
    /// Prevention and information: as patient as alarms, valid two days. Reminders and notices to staff: minutes apart
    /// (a mail server that is down is usually down for a while), eight tries, valid two days.
    /// </summary>
    public static readonly DispatchPolicy Alarm = new(DispatchLanes.Alarm, 12, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1), true);
    public static readonly DispatchPolicy Feedback = new(DispatchLanes.Feedback, 12, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromHours(24), false);
    public static readonly DispatchPolicy Code = new(DispatchLanes.Codes, 8, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), false);
    public static readonly DispatchPolicy Link = new(DispatchLanes.Codes, 8, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2), TimeSpan.FromHours(24), false);
    public static readonly DispatchPolicy Answer = new(DispatchLanes.Codes, 8, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2), TimeSpan.FromHours(24), false);
    public static readonly DispatchPolicy Bulk = new(DispatchLanes.Bulk, 12, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30), TimeSpan.FromDays(2), false);
    public static readonly DispatchPolicy Notice = new(DispatchLanes.Bulk, 8, TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), TimeSpan.FromDays(2), false);

    private static readonly HashSet<string> Answers = ["AccountConfirmation", "ReportAcknowledgement", "PaperConfirmation", "PaperConfirmed"];

    public static DispatchPolicy For(string kind) => kind switch
    {
        nameof(MessageKind.Alarm) => Alarm,
        nameof(MessageKind.Feedback) => Feedback,
        nameof(MessageKind.Prevention) or nameof(MessageKind.Info) => Bulk,
        _ when kind.StartsWith("Code", StringComparison.Ordinal) => Code,
        _ when kind.StartsWith("Link", StringComparison.Ordinal) => Link,
        _ when Answers.Contains(kind) => Answer,
        _ => Notice,
    };

    public static DispatchPolicy For(MessageKind kind) => For(kind.ToString());

    /// <summary>Kind, lane and expiry on a row about to be written; every writer of the queue calls this (or its SQL twin in AlarmPlan).</summary>
    public static T Stamp<T>(T d, string kind) where T : Delivery
    {
        var policy = For(kind);
        d.Kind = kind;
        d.Lane = policy.Lane;
        d.ExpiresAt ??= d.DueAt + policy.Expiry;
        return d;
    }
}
