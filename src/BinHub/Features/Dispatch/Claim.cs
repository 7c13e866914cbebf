using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BinHub.Features.Dispatch;

/// <summary>
/// Claims due rows of one channel for one dispatcher round: Planned → Sending with a lease and the instance's name, the
/// lowest lane first (an alarm before any waiting feedback, code or prevention row), then the oldest due time. On
/// PostgreSQL several BinHub instances share the work: <c>FOR UPDATE SKIP LOCKED</c> lets each take rows nobody else is
/// taking, in one statement. SQLite has one writer at a time and one BinHub instance dispatches (see the README); its
/// claim is a conditional UPDATE of the first due rows. Rows past their expiry are left to the housekeeping, which fails
/// them visibly.
/// </summary>
public static class Claim
{
    public static async Task<List<long>> BatchAsync(BinHubDb db, Channels channel, DateTimeOffset now, DateTimeOffset lease, string instance, int size,
        CancellationToken ct)
    {
        if (size <= 0) return [];
        if (db.IsPostgres) return await PostgresAsync(db, channel, now, lease, instance, size, ct);
        var ids = await db.Deliveries.Where(d => d.State == DeliveryState.Planned && d.Channel == channel && d.DueAt <= now
                && (d.ExpiresAt == null || d.ExpiresAt > now))
            .OrderBy(d => d.Lane).ThenBy(d => d.DueAt).ThenBy(d => d.Id).Select(d => d.Id).Take(size).ToListAsync(ct);
        if (ids.Count == 0) return ids;
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Planned)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Sending).SetProperty(d => d.LeaseUntil, lease)
                .SetProperty(d => d.DispatchedBy, instance).SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
        return ids;
    }

    /// <summary>
    /// Claimed rows back to the queue (Sending → Planned, lease cleared): leases that ran out, an instance's own after it
    /// restarted, a round's unsent ones after an error. Rows no longer Sending (sent, reported) are left alone. A call cut
    /// off this way is marked Unknown.
    /// </summary>
    public static Task<int> ReleaseAsync(IQueryable<Delivery> claimed, CancellationToken ct) =>
        claimed.Where(d => d.State == DeliveryState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Planned).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                // A call that was ringing or being listened to when its dispatcher died: we do not know how it ended, and it
                // is called again — never counted as confirmed without the digit.
                .SetProperty(d => d.Call, d => d.Call == CallState.Ringing || d.Call == CallState.Answered ? CallState.Unknown : d.Call), ct);

    /// <summary>
    /// Ordered by lane and due time only: the index (State, Channel, Lane, DueAt) yields that order directly and the LIMIT
    /// stops after a round's rows, where a tie-break on Id would sort all 180,000 rows of a national alarm (they share one
    /// due time) every round.
    /// </summary>
    private static async Task<List<long>> PostgresAsync(BinHubDb db, Channels channel, DateTimeOffset now, DateTimeOffset lease, string instance, int size,
        CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await connection.OpenAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand("""
                UPDATE "Deliveries" SET "State" = @sending, "LeaseUntil" = @lease, "DispatchedBy" = @me, "Attempts" = "Attempts" + 1
                WHERE "Id" IN (SELECT "Id" FROM "Deliveries" WHERE "State" = @planned AND "Channel" = @channel AND "DueAt" <= @now
                                 AND ("ExpiresAt" IS NULL OR "ExpiresAt" > @now)
                               ORDER BY "Lane", "DueAt" LIMIT @size FOR UPDATE SKIP LOCKED)
                RETURNING "Id"
                """, connection);
            command.Parameters.AddWithValue("sending", (int)DeliveryState.Sending);
            command.Parameters.AddWithValue("planned", (int)DeliveryState.Planned);
            command.Parameters.AddWithValue("channel", (int)channel);
            command.Parameters.AddWithValue("lease", lease.ToUniversalTime());
            command.Parameters.AddWithValue("now", now.ToUniversalTime());
            command.Parameters.AddWithValue("me", instance);
            command.Parameters.AddWithValue("size", size);
            var ids = new List<long>(size);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
            return ids;
        }
        finally
        {
            if (opened) await connection.CloseAsync();
        }
    }
}
