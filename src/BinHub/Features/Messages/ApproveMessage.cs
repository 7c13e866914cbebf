using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Messages;

/// <summary>
/// A coordinator's prevention or info message waits for the zone's officer when the BIN's plan says so. The officer
/// approves it (its deliveries are planned now, from today's members and preferences, in the same transaction as the
/// decision, and the dispatcher is woken) or refuses it with a reason (nothing is sent; the coordinator is told why by
/// e-mail). Only an officer of the message's zone decides; anyone else gets 404, audited.
/// </summary>
public static class ApproveMessage
{
    public sealed record Request(bool Approve, string? Reason);

    public sealed record Result(long Id, MessageState State, int Deliveries);

    public const int MaxReason = 500;

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, long id, Request r, IStringLocalizer L,
        DispatchSignal? signal, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var message = await db.Messages.Include(m => m.Bins).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null || !(actor.IsOfficer && actor.ZoneNumber == message.ZoneNumber))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, r.Approve ? "ApproveMessage" : "RefuseMessage", nameof(Message), id.ToString(), ct);
        if (message.State != MessageState.AwaitingApproval) return Outcome<Result>.Fail("State", L["Dashboard.NotAwaiting"]);
        var reason = r.Reason?.Trim();
        if (!r.Approve && string.IsNullOrEmpty(reason)) return Outcome<Result>.Fail("Reason", L["Dashboard.ReasonRequired"]);
        if (reason is { Length: > MaxReason }) return Outcome<Result>.Fail("Reason", L["Validation.MaxLength", L["Dashboard.Reason"], MaxReason]);

        List<Bin> bins = [];
        if (r.Approve)
        {
            var binIds = message.Bins.Select(b => b.BinId).ToList();
            bins = await db.Bins.Where(b => binIds.Contains(b.Id) && b.Status == BinStatus.Active).ToListAsync(ct);
        }
        var decided = 0;
        var deliveries = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Conditional: two officers deciding at once, only the first decision counts.
            decided = await db.Messages.Where(m => m.Id == id && m.State == MessageState.AwaitingApproval)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, r.Approve ? MessageState.Dispatching : MessageState.Refused)
                    .SetProperty(m => m.ApprovedAt, now).SetProperty(m => m.ApprovedBy, actor.UserName), ct);
            if (decided == 0) return;
            if (r.Approve) deliveries = (await Planner.WriteAsync(db, message, bins, now, ct)).Deliveries; // the same path as sending directly
            else await NotifySenderAsync(db, message, reason!, L, now, ct);
            AuditLog.Add(db, clock, actor, r.Approve ? "ApproveMessage" : "RefuseMessage", nameof(Message), id.ToString(),
                r.Approve ? $"{deliveries} deliveries" : $"reason: {reason}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (decided == 0) return Outcome<Result>.Fail("State", L["Dashboard.NotAwaiting"]);
        if (r.Approve) signal?.Planned(deliveries);
        return new Outcome<Result>.Ok(new Result(id, r.Approve ? MessageState.Dispatching : MessageState.Refused, r.Approve ? deliveries : 0));
    }

    private static async Task NotifySenderAsync(BinHubDb db, Message message, string reason, IStringLocalizer L, DateTimeOffset now, CancellationToken ct)
    {
        var sender = await db.Users.Where(u => u.Id == message.SenderUserId).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
        if (sender?.Email is null) return;
        string subject, body;
        using (new InLanguage(sender.Language ?? "nl"))
        {
            subject = L["Dashboard.RefusedSubject"];
            body = L["Dashboard.RefusedBody", BrusselsTime.Format(message.CreatedAt), message.TargetSummary, reason];
        }
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = sender.Email, Subject = subject, Body = body, Kind = "MessageRefused",
            DedupKey = $"message-refused:{message.Id}", CreatedAt = now, DueAt = now,
        });
    }

    /// <summary>Why the message was refused (kept in the audit trail, which the dashboard reads back).</summary>
    public static Task<string?> RefusalReasonAsync(BinHubDb db, long id, CancellationToken ct)
    {
        var key = id.ToString();
        return db.AuditEntries.Where(a => a.Action == "RefuseMessage" && a.EntityType == nameof(Message) && a.EntityId == key && a.Outcome != "Denied")
            .OrderByDescending(a => a.Id).Select(a => a.Details).FirstOrDefaultAsync(ct);
    }
}
