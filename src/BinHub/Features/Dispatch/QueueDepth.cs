using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Dispatch;

/// <summary>
/// What waits in the one sending queue, per priority lane and channel: rows planned or being sent now (due), rows held
/// for later (quiet hours, retries after a backoff), and how long the oldest due row has waited — the figure that tells
/// an operator a lane is stuck. Read on the Sending engine page; counts only, no recipients.
/// </summary>
public static class QueueDepth
{
    public sealed record Row(int Lane, Channels Channel, int Due, int Sending, int Later, TimeSpan? OldestDueWait);

    public static async Task<List<Row>> HandleAsync(BinHubDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var groups = await db.Deliveries.Where(d => d.State == DeliveryState.Planned || d.State == DeliveryState.Sending)
            .GroupBy(d => new { d.Lane, d.Channel })
            .Select(g => new
            {
                g.Key.Lane, g.Key.Channel,
                Due = g.Count(d => d.State == DeliveryState.Planned && d.DueAt <= now),
                Sending = g.Count(d => d.State == DeliveryState.Sending),
                Later = g.Count(d => d.State == DeliveryState.Planned && d.DueAt > now),
            }).ToListAsync(ct);
        var rows = new List<Row>();
        foreach (var g in groups.OrderBy(g => g.Lane).ThenBy(g => g.Channel))
        {
            // One indexed lookup per lane and channel (State, Channel, Lane, DueAt): the oldest due row.
            var oldest = g.Due == 0 ? null : await db.Deliveries
                .Where(d => d.State == DeliveryState.Planned && d.Channel == g.Channel && d.Lane == g.Lane && d.DueAt <= now)
                .OrderBy(d => d.DueAt).Select(d => (DateTimeOffset?)d.DueAt).FirstOrDefaultAsync(ct);
            rows.Add(new Row(g.Lane, g.Channel, g.Due, g.Sending, g.Later, oldest is { } at ? now - at : null));
        }
        return rows;
    }
}
