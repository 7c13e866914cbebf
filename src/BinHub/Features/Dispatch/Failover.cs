using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Features.Me;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Dispatch;

/// <summary>
/// An alarm that could not be delivered on one channel is planned on another of the member's, in this order: SMS, voice,
/// e-mail, web — among the channels the BIN's plan and the member allow (an unanswered call may also go to the household's
/// mobile by SMS) and that are verified, and that this member has not already been sent this alarm on.
/// </summary>
public static class Failover
{
    private static readonly Channels[] Order = [Channels.Sms, Channels.Voice, Channels.Email, Channels.Web];

    public static async Task<Delivery?> PlanAsync(BinHubDb db, long failedId, DateTimeOffset now, CancellationToken ct)
    {
        var failed = await db.Deliveries.AsNoTracking().Include(d => d.Message).FirstOrDefaultAsync(d => d.Id == failedId, ct);
        if (failed?.Message is not { Kind: MessageKind.Alarm } alarm) return null;
        if (failed.MemberId is not { } memberId) return null;
        var member = await db.Members.AsNoTracking().Include(m => m.Phones).Include(m => m.Bin).FirstOrDefaultAsync(m => m.Id == memberId, ct);
        if (member?.Bin is null || member.State != MemberState.Active) return null;
        var used = await db.Deliveries.Where(d => d.MessageId == alarm.Id && d.MemberId == member.Id).Select(d => d.Channel).Distinct().ToListAsync(ct);
        // The member's chosen channels; and a landline nobody answered falls back to the household's mobile by SMS when the
        // BIN's plan has SMS, even if the member chose only calls (elderly members often pick "the phone" for both).
        var chosen = member.UrgentChannels | (failed.Channel == Channels.Voice ? Channels.Sms : Channels.None);
        var allowed = member.Bin.UrgentChannels & Members.MemberReach.Of(member) & chosen;
        member.UrgentChannels = allowed; // (not saved) so the rules below judge the fall-back: holiday pause, no night alarms
        // Every channel not tried yet, in the order above.
        foreach (var channel in Order.Where(c => c != failed.Channel))
        {
            if (!allowed.HasFlag(channel) || used.Contains(channel)) continue;
            if (DeliveryRules.Decide(member, MessageType.Urgent, channel, now).Action == DeliveryAction.Skip) continue;
            var recipient = Planner.Recipients(member, channel).FirstOrDefault();
            if (recipient is null) continue;
            var next = DispatchPolicy.Stamp(new Delivery
            {
                MessageId = alarm.Id, MemberId = member.Id, Channel = channel, Recipient = recipient, Language = failed.Language,
                State = DeliveryState.Planned, DueAt = now, FailoverOfId = failed.Id, ExpiresAt = failed.ExpiresAt, CreatedAt = now,
            }, failed.Kind);
            db.Deliveries.Add(next);
            await db.SaveChangesAsync(ct);
            return next;
        }
        return null;
    }
}

/// <summary>
/// The dispatcher's bookkeeping each round: leases that ran out go back to the queue (their dispatcher died), rows past
/// their expiry fail, SMS
/// without a final report after the timeout become "unknown", finished messages are marked done, and an officer whose
/// alarm still has no feedback after a day is reminded once.
/// </summary>
public static class Housekeeping
{
    public static async Task RunAsync(BinHubDb db, Senders senders, DateTimeOffset now, DispatchOptions o, CancellationToken ct)
    {
        await Claim.ReleaseAsync(db.Deliveries.Where(d => d.LeaseUntil < now), ct);
        // Not handed over in time, it is useless (a code after 10 minutes, an alarm after an hour): failed, visibly.
        await db.Deliveries.Where(d => d.State == DeliveryState.Planned && d.ExpiresAt < now)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.FinalAt, now)
                .SetProperty(d => d.LastError, "expired: not sent in time"), ct);
        var silentSince = now - o.ReportTimeout;
        await db.Deliveries.Where(d => d.Channel == Channels.Sms && d.State == DeliveryState.Sent && d.SentAt < silentSince)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Unknown).SetProperty(d => d.FinalAt, now)
                .SetProperty(d => d.LastError, "no delivery report within the timeout"), ct);
        await db.Messages.Where(m => m.State == MessageState.Dispatching
                && !db.Deliveries.Any(d => d.MessageId == m.Id && (d.State == DeliveryState.Planned || d.State == DeliveryState.Sending)))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MessageState.Done), ct);
        await FeedbackReminders.RunAsync(db, senders, now, o, ct);
    }
}
