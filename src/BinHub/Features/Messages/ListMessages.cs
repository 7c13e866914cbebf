using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// The messages a sender's scope holds, newest first: the zone's for its officers, those to one's own BINs (all of
/// them) for coordinators, all for the Kenniscentrum — the same rule as <see cref="GetMessage.MaySeeAsync"/>. Alarms
/// still waiting for their feedback and messages waiting for the officer's approval are flagged, so they are not forgotten.
/// </summary>
public static class ListMessages
{
    public sealed record Item(long Id, MessageKind Kind, MessageState State, string SenderName, DateTimeOffset CreatedAt, string TargetSummary,
        bool OpenAlarm, string? Preview) : MessageMarks;

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int OpenAlarms, int AwaitingApproval, int PageNumber, int PageSize);

    public static IQueryable<Message> Visible(BinHubDb db, Actor actor)
    {
        if (actor.IsNational) return db.Messages;
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        var own = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
        return db.Messages.Where(m => (zone != null && m.ZoneNumber == zone)
            || (own.Length > 0 && db.MessageBins.Any(b => b.MessageId == m.Id) && !db.MessageBins.Any(b => b.MessageId == m.Id && !own.Contains(b.BinId))));
    }

    public static IQueryable<Message> OpenAlarms(IQueryable<Message> q) =>
        q.Where(m => m.Kind == MessageKind.Alarm && m.FeedbackSentAt == null && m.State != MessageState.Refused);

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, CancellationToken ct, int pageSize = 25)
    {
        if (!(actor.IsNational || actor.IsOfficer || actor.IsCoordinator))
            return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListMessages", nameof(Message), null, ct);
        var q = Visible(db, actor);
        var total = await q.CountAsync(ct);
        var open = await OpenAlarms(q).CountAsync(ct);
        var awaiting = await q.CountAsync(m => m.State == MessageState.AwaitingApproval, ct);
        var number = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await q.OrderByDescending(m => m.Id).Skip((number - 1) * pageSize).Take(pageSize).AsNoTracking().ToListAsync(ct);
        var items = rows.Select(m =>
        {
            var text = Languages.All.Select(m.Text).FirstOrDefault(t => t is not null);
            return new Item(m.Id, m.Kind, m.State, m.SenderName, m.CreatedAt, m.TargetSummary,
                m.Kind == MessageKind.Alarm && m.FeedbackSentAt is null && m.State != MessageState.Refused,
                text is { Length: > 80 } ? text[..80] + "…" : text)
            {
                IsExercise = m.IsExercise, Amendment = m.Amendment, AmendsId = m.AmendsId,
            };
        }).ToList();
        return new Outcome<Page>.Ok(new Page(items, total, open, awaiting, number, pageSize));
    }

    /// <summary>The zone's alarms without feedback yet, newest first: what the composer offers to follow up.</summary>
    public static Task<List<Item>> AlarmsWithoutFeedbackAsync(BinHubDb db, Actor actor, CancellationToken ct) =>
        actor.IsOfficer
            ? OpenAlarms(db.Messages.Where(m => m.ZoneNumber == actor.ZoneNumber)).OrderByDescending(m => m.Id).Take(50)
                .Select(m => new Item(m.Id, m.Kind, m.State, m.SenderName, m.CreatedAt, m.TargetSummary, true, null)).ToListAsync(ct)
            : Task.FromResult(new List<Item>());
}
