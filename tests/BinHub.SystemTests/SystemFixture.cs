using System.Collections.Concurrent;
using System.Diagnostics;

namespace BinHub.SystemTests;

/// <summary>
/// One Kannel (the shared recipe: bearerbox, smsbox, fakesmsc) for all system tests, and the PostgreSQL server from
/// <c>BINHUB_TEST_PG</c> (test.sh starts a throwaway one; <c>BINHUB_TEST_PG_CTL</c> is its pg_ctl, for the restart test).
/// Kannel's ports are fixed, so these tests never run in parallel with each other or with the other Kannel tests.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public static readonly Stopwatch Clock = Stopwatch.StartNew();
    public string PgBase { get; } = Environment.GetEnvironmentVariable("BINHUB_TEST_PG")
        ?? throw new InvalidOperationException("BINHUB_TEST_PG is not set: the system tests need a PostgreSQL server (test.sh sets it)");
    public string RunDir { get; } = Path.Combine(BenchHost.RepoRoot(), "artifacts", "system", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss"));
    public Gateway Kannel { get; private set; } = null!;
    public FakesmscTail Tail { get; private set; } = null!;
    /// <summary>What the Kannel supervisor did, for the failure messages and the test output.</summary>
    public ConcurrentQueue<string> GatewayEvents { get; } = new();
    private readonly CancellationTokenSource stopSupervisor = new();
    private Task supervisor = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RunDir);
        Kannel = Gateway.WithStore(Path.Combine(BenchHost.Recipes(), "kannel"), Path.Combine(RunDir, "kannel"));
        await Kannel.StartOrReuseAsync(TimeSpan.FromMinutes(5), _ => { });
        Tail = new FakesmscTail(Kannel.FakesmscOut, Clock);
        // Production runs Kannel under a supervisor (README); so do these tests, or one smsbox PANIC caused by a
        // killed BinHub would stall every test after it.
        supervisor = Kannel.SuperviseAsync(e => GatewayEvents.Enqueue($"{Clock.Elapsed.TotalSeconds:0.0}s {e}"), stopSupervisor.Token);
    }

    public string GatewaySummary => GatewayEvents.IsEmpty ? "Kannel never restarted" : $"Kannel: {string.Join(" | ", GatewayEvents)}";

    public async Task DisposeAsync()
    {
        await stopSupervisor.CancelAsync();
        await supervisor;
        await Tail.DisposeAsync();
        await Kannel.StopAsync();
    }

    /// <summary>A fresh database for one scenario, seeded with <paramref name="households"/> members with a verified mobile each.</summary>
    public async Task<(string Cs, Seeded Seeded)> FreshAsync(string name, int households)
    {
        var cs = await Seeder.FreshDatabaseAsync("postgres", PgBase, RunDir, $"binhub_system_{name}");
        return (cs, await Seeder.SeedAsync("postgres", cs, households));
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
