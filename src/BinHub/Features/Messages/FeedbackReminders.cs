using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// Every alarm needs a feedback message (members want to know how it ended). An alarm without feedback after
/// <see cref="DispatchOptions.FeedbackReminderAfter"/> (24 h by default) reminds the officer who sent it, once, by e-mail.
/// </summary>
public static class FeedbackReminders
{
    public static async Task RunAsync(BinHubDb db, Senders senders, DateTimeOffset now, DispatchOptions o, CancellationToken ct)
    {
        var before = now - o.FeedbackReminderAfter;
        var open = await db.Messages.Where(m => m.Kind == MessageKind.Alarm && m.FeedbackSentAt == null && m.FeedbackReminderAt == null
                && m.State != MessageState.Refused && m.CreatedAt < before)
            .OrderBy(m => m.Id).Take(100).ToListAsync(ct);
        foreach (var alarm in open)
        {
            var officer = await db.Users.Where(u => u.Id == alarm.SenderUserId).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
            alarm.FeedbackReminderAt = now;
            if (officer?.Email is null) continue;
            string subject, body;
            using (new InLanguage(officer.Language ?? "nl"))
            {
                subject = senders.L["Message.FeedbackReminderSubject"];
                body = senders.L["Message.FeedbackReminderBody", BrusselsTime.Format(alarm.CreatedAt), alarm.TargetSummary,
                    $"{senders.PublicUrl.TrimEnd('/')}/Messages/Details/{alarm.Id}"];
            }
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = officer.Email, Subject = subject, Body = body, Kind = "FeedbackReminder",
                DedupKey = $"feedback-reminder:{alarm.Id}", CreatedAt = now, DueAt = now,
            });
        }
        if (open.Count > 0) await db.SaveChangesAsync(ct);
    }
}
