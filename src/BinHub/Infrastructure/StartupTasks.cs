using BinHub.Data;

namespace BinHub.Infrastructure;

/// <summary>
/// On start: apply migrations (Database:MigrateOnStart, default true) and, on an empty database, load the demo
/// (Demo:SeedOnFirstStart, default true in Development only). Runs before the server takes requests.
/// </summary>
public sealed class StartupTasks(IServiceScopeFactory scopes, IConfiguration config, IHostEnvironment env, ILogger<StartupTasks> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
        if (config.GetValue("Database:MigrateOnStart", true))
        {
            await Database.MigrateAsync(db, ct);
            log.LogInformation("Database migrated ({Provider})", db.IsPostgres ? "Postgres" : "Sqlite");
        }
        if (config.GetValue("Demo:SeedOnFirstStart", env.IsDevelopment()))
            await Features.Seeding.DemoOnFirstStart.RunAsync(scope.ServiceProvider, db, log, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
