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

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(RunDir);
        Kannel = Gateway.WithStore(Path.Combine(BenchHost.Recipes(), "kannel"), Path.Combine(RunDir, "kannel"));
        await Kannel.StartOrReuseAsync(TimeSpan.FromMinutes(5), _ => { });
        Tail = new FakesmscTail(Kannel.FakesmscOut, Clock);
    }

    public async Task DisposeAsync()
    {
        await Tail.DisposeAsync();
        await Kannel.StopAsync();
    }

    /// <summary>A fresh database for one scenario, seeded with <paramref name="households"/> members with a verified mobile each.</summary>
    public async Task<(string Cs, Seeded Seeded)> FreshAsync(string name, int households)
    {
        await Kannel.EnsureRunningAsync(TimeSpan.FromMinutes(1), _ => { });
        var cs = await Seeder.FreshDatabaseAsync("postgres", PgBase, RunDir, $"binhub_system_{name}");
        return (cs, await Seeder.SeedAsync("postgres", cs, households));
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
