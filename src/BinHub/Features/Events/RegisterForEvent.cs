using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Events;

/// <summary>
/// A household registers for an event it may see (its BIN's, municipality's, region's or a national one) with how many
/// people come (1–4), changes that number, or cancels. The seats are taken with one conditional update of the event's
/// counter (<c>Taken + n &lt;= Capacity</c>), so when two households want the last seat at the same moment the database
/// lets exactly one in, on SQLite and PostgreSQL alike. The reminder is planned in the same transaction as the
/// registration and withdrawn in the same transaction as its cancellation.
/// </summary>
public static class RegisterForEvent
{
    public sealed record Request(int People);

    public sealed record Result(int EventId, int People, RegistrationState State, int? SeatsLeft, int RemindersPlanned);

    public const int MaxPeople = 4;

    public static async Task<Outcome<Result>> RegisterAsync(BinHubDb db, TimeProvider clock, Actor actor, int eventId, Request r, IStringLocalizer L,
        CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "RegisterForEvent", ct);
        if (m is null) return refusal!;
        var pseudonym = MeScope.Pseudonymous(actor, m);
        var e = await (await EventScope.ForMemberAsync(db, m, ct)).FirstOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null) return await AuditLog.NotFoundAsync<Result>(db, clock, pseudonym, "RegisterForEvent", nameof(BinEvent), eventId.ToString(), ct);
        var now = clock.GetUtcNow();
        if (r.People is < 1 or > MaxPeople) return Outcome<Result>.Fail("People", L["Validation.Range", L["Events.People"], 1, MaxPeople]);
        if (e.State == EventState.Cancelled) return Outcome<Result>.Fail("id", L["Events.IsCancelled"]);
        if (e.StartsAt <= now) return Outcome<Result>.Fail("id", L["Events.Started"]);

        var reg = await db.EventRegistrations.FirstOrDefaultAsync(x => x.EventId == eventId && x.MemberId == m.Id, ct);
        var active = reg is { State: RegistrationState.Registered };
        var delta = r.People - (active ? reg!.People : 0);
        var full = false;
        var planned = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // The one place seats are taken: the condition is checked by the database against the row as it is now.
            var taken = await db.BinEvents.Where(x => x.Id == eventId && x.State == EventState.Published && (x.Capacity == null || x.Taken + delta <= x.Capacity))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken + delta), ct);
            if (taken == 0) { full = true; return; }
            if (reg is null)
            {
                reg = new EventRegistration { EventId = eventId, MemberId = m.Id, CreatedAt = now };
                db.EventRegistrations.Add(reg);
            }
            else if (!active)
            {
                reg.Version++;
                reg.CreatedAt = now;
                reg.CancelledAt = null;
            }
            (reg.People, reg.State, reg.UpdatedAt) = (r.People, RegistrationState.Registered, now);
            await db.SaveChangesAsync(ct); // the registration's id names its reminders
            if (!active) planned = await EventNotices.PlanReminderAsync(db, e, reg, m, L, now, ct);
            AuditLog.Add(db, clock, pseudonym, active ? "ChangeEventRegistration" : "RegisterForEvent", nameof(EventRegistration), reg.Id.ToString(),
                $"event {eventId}; {r.People} people; {planned} reminders planned");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        if (full)
        {
            db.ChangeTracker.Clear();
            return Outcome<Result>.Fail("People", L["Events.Full"]);
        }
        var left = await db.BinEvents.Where(x => x.Id == eventId).Select(x => x.Capacity == null ? (int?)null : x.Capacity - x.Taken).SingleAsync(ct);
        return new Outcome<Result>.Ok(new Result(eventId, r.People, RegistrationState.Registered, left, planned));
    }

    public static async Task<Outcome<Result>> CancelAsync(BinHubDb db, TimeProvider clock, Actor actor, int eventId, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "CancelEventRegistration", ct);
        if (m is null) return refusal!;
        var pseudonym = MeScope.Pseudonymous(actor, m);
        var reg = await db.EventRegistrations.AsNoTracking().FirstOrDefaultAsync(x => x.EventId == eventId && x.MemberId == m.Id, ct);
        if (reg is null) return await AuditLog.NotFoundAsync<Result>(db, clock, pseudonym, "CancelEventRegistration", nameof(BinEvent), eventId.ToString(), ct);
        if (reg.State == RegistrationState.Cancelled) return Outcome<Result>.Fail("id", L["Events.NotRegistered"]);
        var now = clock.GetUtcNow();
        var withdrawn = 0;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Conditional, so a double click frees the seats once.
            if (await db.EventRegistrations.Where(x => x.Id == reg.Id && x.State == RegistrationState.Registered)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, RegistrationState.Cancelled).SetProperty(x => x.CancelledAt, now).SetProperty(x => x.UpdatedAt, now), ct) == 0)
                return;
            await db.BinEvents.Where(x => x.Id == eventId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken - reg.People), ct);
            withdrawn = await EventNotices.WithdrawAsync(db, eventId, reg.Id, EventNotices.RegistrationCancelled, now, ct);
            AuditLog.Add(db, clock, pseudonym, "CancelEventRegistration", nameof(EventRegistration), reg.Id.ToString(), $"event {eventId}; {withdrawn} reminders withdrawn");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        });
        var left = await db.BinEvents.Where(x => x.Id == eventId).Select(x => x.Capacity == null ? (int?)null : x.Capacity - x.Taken).SingleAsync(ct);
        return new Outcome<Result>.Ok(new Result(eventId, 0, RegistrationState.Cancelled, left, 0));
    }
}
