using Npgsql;

namespace BinHub.Infrastructure;

/// <summary>
/// Retries one idempotent statement on PostgreSQL's transient errors. The dispatcher's "sent" and the delivery reports'
/// "delivered" update the same rows from two sides in different orders, so a deadlock (40P01) is expected now and then
/// during a big alarm; the database aborts one side, which simply runs again.
/// </summary>
public static class Transient
{
    public static async Task RetryAsync(Func<Task> statement, CancellationToken ct, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await statement();
                return;
            }
            catch (Exception e) when (attempt < attempts && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt + Random.Shared.Next(20)), ct);
            }
        }
    }

    public static bool IsTransient(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure || pg.IsTransient,
        NpgsqlException npg => npg.IsTransient,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
