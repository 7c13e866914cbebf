using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Events;

/// <summary>
/// What registered households are sent about an event: the reminder the evening before and the notice that it is
/// cancelled. Both are non-urgent, so they go over the household's prevention channels: e-mail when it chose e-mail and
/// has an address, SMS to its mobiles (never to a number that sent STOP) when it chose SMS. A household that chose
/// neither or has no address for them — often an elderly member registered on paper, without e-mail or smartphone —
/// gets the SMS all the same: they asked to come, and a reminder they never receive is worse than one SMS. The web
/// inbox is left out: it lists the police's and the BIN's messages, and /Me/Events already shows the registration
/// and the event's state. Voice is left out: a call at 18:00 for a reminder is too intrusive.
/// <para>
/// The reminder is due at 18:00 Brussels time the evening before the event (a time people are at home and read their
/// messages, never in anyone's night), expires when the event starts, and is written in the household's language in
/// the registration's transaction. Its dedup key names the event's and the registration's versions, so planning is
/// idempotent and a moved event (new version) plans new reminders while the old ones are withdrawn: a row still
/// Planned is marked Failed with <see cref="Withdrawn"/>, as erasure does for messages to an erased household; the
/// dispatcher only claims Planned rows, so it never sends them, also after a restart.
/// </para>
/// </summary>
public static class EventNotices
{
    public const string ReminderKind = "EventReminder";
    public const string CancelledKind = "EventCancelled";
    public const string Withdrawn = "withdrawn: registration or event cancelled or moved";
    public static readonly TimeOnly ReminderTime = new(18, 0);

    public static string KeyPrefix(int eventId) => $"event-reminder:{eventId}:";

    private static string KeyPrefix(int eventId, int registrationId) => $"{KeyPrefix(eventId)}r{registrationId}:";

    private static string KeyPrefix(BinEvent e, EventRegistration r) => $"{KeyPrefix(e.Id, r.Id)}v{e.Version}.{r.Version}:";

    /// <summary>18:00 Brussels time on the day before the event starts.</summary>
    public static DateTimeOffset ReminderDue(DateTimeOffset startsAt)
    {
        var day = DateOnly.FromDateTime(BrusselsTime.ToBrussels(startsAt).DateTime).AddDays(-1);
        return BrusselsTime.StartOfDay(day).Add(ReminderTime.ToTimeSpan()) is var guess
            && BrusselsTime.ToBrussels(guess).TimeOfDay != ReminderTime.ToTimeSpan()
            ? Features.Me.DeliveryRules.NextWallClock(ReminderTime, BrusselsTime.StartOfDay(day)) // a day on which clocks change
            : guess;
    }

    /// <summary>Where a household's non-urgent notices go (see the class comment).</summary>
    public static List<(Channels Channel, string Recipient)> Recipients(Member m)
    {
        var result = new List<(Channels, string)>();
        var mobiles = m.Phones.Where(p => p.IsMobile && p.SmsOptOutAt is null).Select(p => p.Number).ToList();
        var email = !string.IsNullOrEmpty(m.Email) && m.PreventionChannels.HasFlag(Channels.Email);
        if (email) result.Add((Channels.Email, m.Email!));
        if (m.PreventionChannels.HasFlag(Channels.Sms) || !email) result.AddRange(mobiles.Select(n => (Channels.Sms, n)));
        return result;
    }

    /// <summary>Plans the reminders of one registration (not saved: the caller saves in its transaction). Nothing when the time has passed.</summary>
    public static async Task<int> PlanReminderAsync(BinHubDb db, BinEvent e, EventRegistration r, Member m, IStringLocalizer L, DateTimeOffset now,
        CancellationToken ct)
    {
        var due = ReminderDue(e.StartsAt);
        if (due <= now || e.State != EventState.Published || r.State != RegistrationState.Registered || m.ErasedAt is not null) return 0;
        var (subject, body) = Text(L, m.Language, "Events.Reminder.Subject", "Events.Reminder.Body", e);
        var planned = 0;
        foreach (var (channel, recipient) in Recipients(m))
        {
            var key = $"{KeyPrefix(e, r)}{channel}:{recipient.ToLowerInvariant()}";
            if (db.Deliveries.Local.Any(d => d.DedupKey == key) || await db.Deliveries.AnyAsync(d => d.DedupKey == key, ct)) continue;
            Outgoing.Queue(db, new Delivery
            {
                Channel = channel, Recipient = recipient, MemberId = m.Id, Subject = channel == Channels.Email ? subject : "", Body = body,
                Kind = ReminderKind, DedupKey = key, Language = m.Language, CreatedAt = now, DueAt = due, ExpiresAt = e.StartsAt,
            });
            planned++;
        }
        return planned;
    }

    /// <summary>Withdraws the reminders still waiting: of one registration, or (registration null) of the whole event.</summary>
    public static Task<int> WithdrawAsync(BinHubDb db, int eventId, int? registrationId, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = registrationId is { } id ? KeyPrefix(eventId, id) : KeyPrefix(eventId);
        return db.Deliveries.Where(d => d.Kind == ReminderKind && d.State == DeliveryState.Planned && d.DedupKey!.StartsWith(prefix)).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.LastError, Withdrawn)
            .SetProperty(d => d.FinalAt, now), ct);
    }

    /// <summary>Tells a household the event is cancelled, now, on the same channels as its reminder.</summary>
    public static int QueueCancelled(BinHubDb db, BinEvent e, Member m, IStringLocalizer L, DateTimeOffset now)
    {
        var (subject, body) = Text(L, m.Language, "Events.Cancelled.Subject", "Events.Cancelled.Body", e);
        var count = 0;
        foreach (var (channel, recipient) in Recipients(m))
        {
            Outgoing.Queue(db, new Delivery
            {
                Channel = channel, Recipient = recipient, MemberId = m.Id, Subject = channel == Channels.Email ? subject : "", Body = body,
                Kind = CancelledKind, DedupKey = $"event-cancelled:{e.Id}:{m.Id}:{channel}:{recipient.ToLowerInvariant()}", Language = m.Language,
                CreatedAt = now, DueAt = now,
            });
            count++;
        }
        return count;
    }

    private static (string Subject, string Body) Text(IStringLocalizer L, string lang, string subjectKey, string bodyKey, BinEvent e)
    {
        using var _ = new InLanguage(lang);
        var starts = BrusselsTime.ToBrussels(e.StartsAt);
        var when = starts.ToString("dddd d MMMM yyyy HH:mm", CultureInfo.CurrentCulture);
        return (L[subjectKey, e.Title].Value, L[bodyKey, e.Title, when, e.Place].Value);
    }
}
