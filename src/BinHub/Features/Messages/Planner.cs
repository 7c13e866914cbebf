using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// Who gets a message, how and when: each active member of the target BINs, on each channel that is (1) in the
/// BIN's communication plan for this kind of message, (2) chosen by the member for it, (3) reachable
/// (<see cref="Members.MemberReach"/>; voice calls the verified landlines, or the verified mobiles when the household has
/// none), and (4) allowed now by the member's quiet hours and holiday
/// pause (<see cref="DeliveryRules"/>): deferred deliveries get a later due time, skipped ones no row. Two households
/// sharing a number or address get one delivery.
/// </summary>
public static class Planner
{
    public static MessageType TypeOf(MessageKind kind) => kind switch
    {
        MessageKind.Alarm => MessageType.Urgent,
        MessageKind.Feedback => MessageType.Feedback,
        _ => MessageType.Prevention,
    };

    public static async Task<List<Delivery>> PlanAsync(BinHubDb db, Message message, List<Bin> bins, DateTimeOffset now, CancellationToken ct)
    {
        var plan = new List<Delivery>();
        await foreach (var d in StreamAsync(db, message, bins, now, ct)) plan.Add(d);
        return plan;
    }

    /// <summary>
    /// Plans and writes a message's deliveries inside the caller's transaction and returns what was written: alarms on
    /// PostgreSQL in one statement (<see cref="AlarmPlan"/>), everything else through the rules here and a bulk insert.
    /// </summary>
    public static async Task<PlanTally> WriteAsync(BinHubDb db, Message message, List<Bin> bins, DateTimeOffset now, CancellationToken ct)
    {
        if (AlarmPlan.Applies(db, message)) return await AlarmPlan.WriteAsync(db, message, bins, now, ct);
        var plan = await PlanAsync(db, message, bins, now, ct);
        foreach (var d in plan) Dispatch.DispatchPolicy.Stamp(d, message.Kind.ToString()).MessageId = message.Id;
        await BulkInsert.DeliveriesAsync(db, plan, ct);
        return PlanTally.Of(plan);
    }

    private static async IAsyncEnumerable<Delivery> StreamAsync(BinHubDb db, Message message, List<Bin> bins, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var binIds = bins.Select(b => b.Id).ToList();
        var byId = bins.ToDictionary(b => b.Id);
        var type = TypeOf(message.Kind);
        var seen = new HashSet<(Channels, string)>();
        // Streamed, with only what the rules need (verified phones only; no names or addresses): a national alarm reads
        // 180,000 households, which must neither sit in memory as full entities nor wait for the last row to arrive.
        var members = db.Members.AsNoTracking()
            .Where(m => binIds.Contains(m.BinId) && m.State == MemberState.Active && m.ErasedAt == null)
            .OrderBy(m => m.Id)
            .Select(m => new Member
            {
                Id = m.Id, BinId = m.BinId, UserId = m.UserId, Name = "", Street = "", HouseNumber = "", ConsentVersion = "",
                Email = m.Email, EmailVerifiedAt = m.EmailVerifiedAt, Language = m.Language, State = m.State,
                UrgentChannels = m.UrgentChannels, FeedbackChannels = m.FeedbackChannels, PreventionChannels = m.PreventionChannels,
                QuietFrom = m.QuietFrom, QuietUntil = m.QuietUntil, NoNightAlarms = m.NoNightAlarms, PausedFrom = m.PausedFrom, PausedUntil = m.PausedUntil,
                Phones = m.Phones.Where(p => p.Verified).OrderBy(p => p.Id)
                    .Select(p => new MemberPhone { Number = p.Number, IsMobile = p.IsMobile, Verified = p.Verified, SmsOptOutAt = p.SmsOptOutAt }).ToList(),
            })
            .AsSingleQuery().AsAsyncEnumerable();
        await foreach (var m in members.WithCancellation(ct))
        {
            var bin = byId[m.BinId];
            var allowed = (message.IsUrgent ? bin.UrgentChannels : bin.NonUrgentChannels) & Members.MemberReach.Of(m);
            var lang = message.LanguageFor(m.Language, bin.Language);
            foreach (var channel in MeScope.Each)
            {
                if (!allowed.HasFlag(channel)) continue;
                var decision = DeliveryRules.Decide(m, type, channel, now, DeliveryRules.QuietWindow(bin));
                if (decision.Action == DeliveryAction.Skip) continue;
                var due = decision.Action == DeliveryAction.Defer && decision.Until is { } until ? until : now;
                foreach (var recipient in Recipients(m, channel))
                    if (seen.Add((channel, recipient)))
                        yield return new Delivery { MemberId = m.Id, Channel = channel, Recipient = recipient, Language = lang, State = DeliveryState.Planned, DueAt = due };
            }
        }
    }

    public static IEnumerable<string> Recipients(Member m, Channels channel) => channel switch
    {
        Channels.Sms => m.Phones.Where(Members.MemberReach.CarriesSms).Select(p => p.Number),
        Channels.Voice => m.Phones.Any(p => !p.IsMobile && Members.MemberReach.CarriesVoice(p))
            ? m.Phones.Where(p => !p.IsMobile && Members.MemberReach.CarriesVoice(p)).Select(p => p.Number)
            : m.Phones.Where(p => p.IsMobile && Members.MemberReach.CarriesVoice(p)).Select(p => p.Number),
        Channels.Email => Members.MemberReach.HasConfirmedEmail(m) ? [m.Email!] : [],
        Channels.Web => Members.MemberReach.HasInbox(m) ? [m.UserId!] : [],
        _ => [],
    };
}

/// <summary>Wakes the dispatcher as soon as a message is planned, so the first SMS leaves within the second.</summary>
public sealed class DispatchSignal
{
    // One per dispatcher loop (SMS, and web/e-mail/voice): a wake-up must reach both.
    private readonly SemaphoreSlim signal = new(0, 1), smsSignal = new(0, 1);
    private int bulk;

    /// <summary>From this many deliveries in one message on, the table's statistics are refreshed after the first round.</summary>
    public const int BulkRows = 5000;

    /// <summary>A message's deliveries were just written (sent, or approved): wakes the dispatcher; after many rows it also
    /// refreshes PostgreSQL's statistics once it has sent the first round.</summary>
    public void Planned(int deliveries)
    {
        if (deliveries >= BulkRows) Interlocked.Exchange(ref bulk, 1);
        Wake();
    }

    public bool TakeBulk() => Interlocked.Exchange(ref bulk, 0) == 1;

    public void Wake()
    {
        foreach (var s in new[] { signal, smsSignal })
        {
            if (s.CurrentCount != 0) continue;
            try { s.Release(); } catch (SemaphoreFullException) { /* already awake */ }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, bool sms, CancellationToken ct) => (sms ? smsSignal : signal).WaitAsync(timeout, ct);
}

/// <summary>What a plan comes to, as the sender sees it: deliveries, households reached and deliveries per channel.</summary>
public sealed record PlanTally(int Deliveries, int Members, IReadOnlyDictionary<string, int> PerChannel)
{
    public static readonly PlanTally None = Of([]);

    public static PlanTally Of(IReadOnlyCollection<Delivery> plan) =>
        new(plan.Count, plan.Select(d => d.MemberId).Distinct().Count(), MeScope.Each.ToDictionary(c => c.ToString(), c => plan.Count(d => d.Channel == c)));
}
