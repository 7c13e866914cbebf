using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Events;

/// <summary>The events a publisher manages, upcoming first (or past ones, newest first), 25 a page; and one of them.</summary>
public static class ListEvents
{
    /// <param name="Past">true: events that have ended, newest first.</param>
    public sealed record Query(int? Page = null, bool? Past = null);

    public sealed record Page(IReadOnlyList<EventView> Items, int Total, int PageNumber, int PageSize);

    public const int PageSize = 25;

    public static async Task<Page> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var events = EventScope.Managed(db, actor).AsNoTracking();
        IOrderedQueryable<BinEvent> ordered = q.Past == true
            ? events.Where(e => e.EndsAt < now).OrderByDescending(e => e.StartsAt)
            : events.Where(e => e.EndsAt >= now).OrderBy(e => e.StartsAt);
        var total = await ordered.CountAsync(ct);
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(q.Page ?? 1, 1, last);
        var items = await ordered.ThenBy(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new Page(items.Select(EventView.Of).ToList(), total, page, PageSize);
    }

    public static async Task<Outcome<EventView>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct) =>
        await EventScope.Managed(db, actor).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct) is { } e
            ? new Outcome<EventView>.Ok(EventView.Of(e))
            : await AuditLog.NotFoundAsync<EventView>(db, clock, actor, "GetEvent", nameof(BinEvent), id.ToString(), ct);
}
