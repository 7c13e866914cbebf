using BinHub.Data;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

public static class Database
{
    /// <summary>Reads <c>Database:Provider</c> (Sqlite | Postgres) and <c>ConnectionStrings:BinHub</c>.</summary>
    public static IServiceCollection AddBinHubDatabase(this IServiceCollection services, IConfiguration config)
    {
        var provider = ProviderFrom(config);
        var cs = ConnectionString(config, provider);
        if (provider == DatabaseProvider.Postgres)
            services.AddDbContext<BinHubDb, PostgresBinHubDb>(o => o.UseNpgsql(cs));
        else
            services.AddDbContext<BinHubDb, SqliteBinHubDb>(o => o.UseSqlite(cs));
        return services;
    }

    public static DatabaseProvider ProviderFrom(IConfiguration config)
    {
        var raw = config["Database:Provider"];
        if (string.IsNullOrWhiteSpace(raw)) return DatabaseProvider.Sqlite;
        return Enum.TryParse<DatabaseProvider>(raw, ignoreCase: true, out var p)
            ? p
            : throw new InvalidOperationException($"Database:Provider must be Sqlite or Postgres, not '{raw}'.");
    }

    public static string ConnectionString(IConfiguration config, DatabaseProvider provider)
    {
        var cs = config.GetConnectionString("BinHub");
        if (!string.IsNullOrWhiteSpace(cs)) return cs;
        if (provider == DatabaseProvider.Postgres)
            throw new InvalidOperationException("ConnectionStrings:BinHub is required when Database:Provider is Postgres.");
        var dir = config["DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "binhub.db")}";
    }

    /// <summary>Applies the versioned migrations of the configured provider.</summary>
    public static async Task MigrateAsync(BinHubDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            // WAL lets readers continue while the dispatcher writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
