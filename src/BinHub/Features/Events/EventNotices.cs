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
/// gets the SMS all the same: they asked to come, and a reminder they never receive is worse than one SMS. A household
/// with an account also finds both in its web inbox, as volunteer calls are (see
/// <see cref="Volunteering.VolunteerNotices"/>): a web row without a police message, with its own subject and body. No
/// preference holds them back: they answer the household's own registration. Voice is left out: a call at 18:00 for a
/// reminder is too intrusive.
/// <para>
/// The reminder is due at 18:00 Brussels time the evening before the event (a time people are at home and read their
/// messages, never in anyone's night), expires when the event starts, and is written in the household's language in
/// the registration's transaction. Its dedup key names the event's and the registration's versions, so planning is
/// idempotent and a moved event (new version) plans new reminders while the old ones are withdrawn. Withdrawn means
/// <see cref="DeliveryState.Cancelled"/> with the reason, never deleted, so Admin › Outbox shows it. A reminder a
/// dispatcher claimed before the cancellation is checked again just before it is handed over (<see cref="StaleAsync"/>)
/// and cancelled there.
/// </para>
/// </summary>
public static class EventNotices
{
    public const string ReminderKind = "EventReminder";
    public const string CancelledKind = "EventCancelled";
    public const string EventCancelled = "cancelled: the event was cancelled";
    public const string RegistrationCancelled = "cancelled: the registration was cancelled";
    public const string EventMoved = "cancelled: the event changed; a new reminder is planned";
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
        if (m.UserId is { } account) result.Add((Channels.Web, account)); // the inbox, besides: it does not count as a way to reach them above
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
                Channel = channel, Recipient = recipient, MemberId = m.Id, Subject = channel == Channels.Sms ? "" : subject, Body = body,
                Kind = ReminderKind, DedupKey = key, Language = m.Language, CreatedAt = now, DueAt = due, ExpiresAt = e.StartsAt,
            });
            planned++;
        }
        return planned;
    }

    /// <summary>
    /// Cancels, with <paramref name="reason"/>, the reminders still waiting: of one registration, or (registration null) of
    /// the whole event. A row a dispatcher has already claimed is left to it: it may be on the wire this instant, and
    /// the dispatcher checks the event and registration just before handing it over (<see cref="StaleAsync"/>), so what
    /// the row finally says — sent or cancelled — is what happened.
    /// </summary>
    public static Task<int> WithdrawAsync(BinHubDb db, int eventId, int? registrationId, string reason, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = registrationId is { } id ? KeyPrefix(eventId, id) : KeyPrefix(eventId);
        return db.Deliveries.Where(d => d.Kind == ReminderKind && d.State == DeliveryState.Planned && d.DedupKey!.StartsWith(prefix))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Cancelled).SetProperty(d => d.LastError, reason).SetProperty(d => d.FinalAt, now), ct);
    }

    /// <summary>
    /// Of the rows a dispatcher has claimed and is about to hand over, the reminders that must not go, marked Cancelled
    /// with the reason: their event is no longer on or was changed since (another reminder is planned), or their
    /// registration was cancelled. Other kinds are not looked at. What remains is the window between this check and the
    /// hand-over itself, a few milliseconds instead of the whole claim.
    /// </summary>
    public static async Task<HashSet<long>> StaleAsync(BinHubDb db, IEnumerable<Delivery> claimed, DateTimeOffset now, CancellationToken ct)
    {
        var reminders = claimed.Where(d => d.Kind == ReminderKind).Select(d => (d.Id, Key: Parse(d.DedupKey))).ToList();
        if (reminders.Count == 0) return [];
        var eventIds = reminders.Where(r => r.Key is not null).Select(r => r.Key!.Value.Event).Distinct().ToList();
        var regIds = reminders.Where(r => r.Key is not null).Select(r => r.Key!.Value.Registration).Distinct().ToList();
        var eventsOn = await db.BinEvents.Where(e => eventIds.Contains(e.Id) && e.State == EventState.Published).ToDictionaryAsync(e => e.Id, e => e.Version, ct);
        var regsOn = (await db.EventRegistrations.Where(r => regIds.Contains(r.Id) && r.State == RegistrationState.Registered).Select(r => r.Id).ToListAsync(ct))
            .ToHashSet();
        var reasons = new Dictionary<string, List<long>>();
        foreach (var (id, key) in reminders)
        {
            var reason = key is not { } k || !eventsOn.TryGetValue(k.Event, out var version) ? EventCancelled
                : version != k.EventVersion ? EventMoved
                : !regsOn.Contains(k.Registration) ? RegistrationCancelled
                : null;
            if (reason is not null) (reasons.TryGetValue(reason, out var ids) ? ids : reasons[reason] = []).Add(id);
        }
        foreach (var (reason, ids) in reasons)
            await db.Deliveries.Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Sending).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DeliveryState.Cancelled).SetProperty(d => d.LastError, reason).SetProperty(d => d.FinalAt, now)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
        return reasons.Values.SelectMany(ids => ids).ToHashSet();
    }

    /// <summary>What a reminder's dedup key names: "event-reminder:{event}:r{registration}:v{event version}.{registration version}:…".</summary>
    private static (int Event, int Registration, int EventVersion)? Parse(string? key)
    {
        var parts = key?.Split(':');
        return parts is { Length: >= 4 } && parts[0] == "event-reminder" && int.TryParse(parts[1], out var e)
            && parts[2].StartsWith('r') && int.TryParse(parts[2][1..], out var r)
            && parts[3].StartsWith('v') && int.TryParse(parts[3][1..].Split('.')[0], out var v) ? (e, r, v) : null;
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
                Channel = channel, Recipient = recipient, MemberId = m.Id, Subject = channel == Channels.Sms ? "" : subject, Body = body,
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
