using BinHub.Data;
using BinHub.Infrastructure;
using Npgsql;

namespace BinHub.Tests.Support;

/// <summary>
/// Every test class gets its own empty database on the provider chosen by BINHUB_TEST_PROVIDER
/// (Sqlite, the default, or Postgres at BINHUB_TEST_PG). The whole suite runs once per provider.
/// </summary>
public static class TestDatabase
{
    public static DatabaseProvider Provider =>
        string.Equals(Environment.GetEnvironmentVariable("BINHUB_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("BINHUB_TEST_PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    public static async Task<string> CreateEmptyAsync()
    {
        var name = "binhub_t_" + Guid.NewGuid().ToString("N")[..12];
        if (Provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "binhub-tests");
            Directory.CreateDirectory(dir);
            return $"Data Source={Path.Combine(dir, name + ".db")}";
        }
        await using (var conn = new NpgsqlConnection(PostgresAdmin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static BinHubDb Open(string connectionString) => Provider == DatabaseProvider.Postgres
        ? new PostgresBinHubDb(new DbContextOptionsBuilder<PostgresBinHubDb>().UseNpgsql(connectionString).Options)
        : new SqliteBinHubDb(new DbContextOptionsBuilder<SqliteBinHubDb>().UseSqlite(connectionString).Options);

    /// <summary>A fresh database with all migrations applied.</summary>
    public static async Task<string> CreateMigratedAsync()
    {
        var cs = await CreateEmptyAsync();
        await using var db = Open(cs);
        await Database.MigrateAsync(db);
        return cs;
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
    public void Advance(TimeSpan by) => Now += by;
}
