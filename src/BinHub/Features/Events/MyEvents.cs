using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Events;

/// <summary>
/// The events a household can go to (its BIN's, municipality's, region's and national ones that have not ended), soonest
/// first, 20 a page, each with the household's own registration; a cancelled event it had registered for stays listed, marked.
/// </summary>
public static class MyEvents
{
    public sealed record Item(EventView Event, int? MyPeople);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, int MaxPeople);

    public const int PageSize = 20;

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Page>(db, clock, actor, "MyEvents", ct);
        if (m is null) return refusal!;
        var now = clock.GetUtcNow();
        var mine = db.EventRegistrations.Where(r => r.MemberId == m.Id && r.State == RegistrationState.Registered);
        var events = (await EventScope.ForMemberAsync(db, m, ct)).AsNoTracking()
            .Where(e => e.EndsAt >= now && (e.State == EventState.Published || mine.Any(r => r.EventId == e.Id)))
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id);
        var total = await events.CountAsync(ct);
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, last);
        var rows = await events.Skip((number - 1) * PageSize).Take(PageSize)
            .Select(e => new { Event = e, People = mine.Where(r => r.EventId == e.Id).Select(r => (int?)r.People).FirstOrDefault() }).ToListAsync(ct);
        return new Outcome<Page>.Ok(new Page(rows.Select(r => new Item(EventView.Of(r.Event), r.People)).ToList(), total, number, PageSize,
            RegisterForEvent.MaxPeople));
    }
}
