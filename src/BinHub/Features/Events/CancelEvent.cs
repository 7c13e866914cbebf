using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Events;

/// <summary>
/// A publisher cancels an event in their scope, after confirming (it cannot be undone). In one transaction: the event is
/// marked cancelled, its waiting reminders are withdrawn and every registered household is told, in its language, on its
/// non-urgent channels (see <see cref="EventNotices"/>). The registrations stay, as the record of who had registered.
/// </summary>
public static class CancelEvent
{
    public sealed record Request(bool Confirm);

    public sealed record Result(EventView Event, int HouseholdsTold, int RemindersWithdrawn);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var e = await EventScope.Managed(db, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "CancelEvent", nameof(BinEvent), id.ToString(), ct);
        if (!r.Confirm) return Outcome<Result>.Fail("Confirm", L["Events.ConfirmCancel"]);
        if (e.State == EventState.Cancelled) return Outcome<Result>.Fail("id", L["Events.IsCancelled"]);
        var now = clock.GetUtcNow();
        int told = 0, withdrawn = 0;
        var already = false;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // First, and conditional: this takes the event's row, so a registration being written now (its seat update holds the
            // same row) commits before and is told and withdrawn below, and none can follow.
            if (await db.BinEvents.Where(x => x.Id == e.Id && x.State == EventState.Published).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.State, EventState.Cancelled).SetProperty(x => x.CancelledAt, now).SetProperty(x => x.UpdatedAt, now)
                    .SetProperty(x => x.Version, x => x.Version + 1), ct) == 0)
            {
                already = true;
                return;
            }
            (e.State, e.CancelledAt, e.UpdatedAt, e.Version) = (EventState.Cancelled, now, now, e.Version + 1);
            db.Entry(e).State = EntityState.Unchanged;
            withdrawn = await EventNotices.WithdrawAsync(db, e.Id, null, EventNotices.EventCancelled, now, ct);
            var members = await db.Members.Include(m => m.Phones)
                .Where(m => m.ErasedAt == null && db.EventRegistrations.Any(x => x.EventId == e.Id && x.MemberId == m.Id && x.State == RegistrationState.Registered))
                .ToListAsync(ct);
            foreach (var m in members) if (EventNotices.QueueCancelled(db, e, m, L, now) > 0) told++;
            AuditLog.Add(db, clock, actor, "CancelEvent", nameof(BinEvent), e.Id.ToString(), $"{members.Count} registered households; {told} told; {withdrawn} reminders withdrawn");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (already) return Outcome<Result>.Fail("id", L["Events.IsCancelled"]);
        return new Outcome<Result>.Ok(new Result(EventView.Of(e), told, withdrawn));
    }
}
