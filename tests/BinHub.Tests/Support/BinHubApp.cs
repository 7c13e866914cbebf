using System.Net.Http.Headers;
using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BinHub.Tests.Support;

/// <summary>
/// BinHub in-process on its own fresh database (provider from BINHUB_TEST_PROVIDER), with a clock the test
/// controls and the outbox dispatcher's timer effectively off (tests dispatch explicitly).
/// </summary>
public class BinHubApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    public string ConnectionString { get; private set; } = "";
    protected virtual int AnonymousPerMinute => 10_000;
    protected virtual int CodesPerFiveMinutes => 10_000;
    /// <summary>The delivery dispatcher runs in the background only where a test wants it (others drive rounds themselves).</summary>
    protected virtual bool DispatcherRuns => false;
    /// <summary>Set to start on a database another instance used (restart and crash tests).</summary>
    public string? ExistingDatabase { get; init; }

    public virtual async Task InitializeAsync()
    {
        ConnectionString = ExistingDatabase ?? await TestDatabase.CreateEmptyAsync();
        Start(); // migrations run on start
    }

    protected virtual void Start() => _ = Services;

    // Virtual dispatch on purpose: fixtures that start more (Kannel, a browser) stop it in their override.
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", TestDatabase.Provider.ToString());
        builder.UseSetting("ConnectionStrings:BinHub", ConnectionString);
        builder.UseSetting("Demo:SeedOnFirstStart", "false");
        builder.UseSetting("Outbox:PollSeconds", "86400");
        builder.UseSetting("Dispatch:Enabled", DispatcherRuns ? "true" : "false");
        builder.UseSetting("RateLimits:AnonymousPerMinute", AnonymousPerMinute.ToString());
        builder.UseSetting("RateLimits:CodesPerFiveMinutes", CodesPerFiveMinutes.ToString());
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Clock);
        });
    }

    public BinHubDb Db() => TestDatabase.Open(ConnectionString);

    /// <summary>A client that acts as <paramref name="token"/>'s owner (API and pages alike).</summary>
    /// <summary>Set by fixtures that run BinHub on a real port (Kestrel); the in-memory client cannot reach those.</summary>
    protected virtual Uri? RealServer => null;

    public HttpClient ClientFor(string? token, string lang = "en")
    {
        var client = RealServer is { } server
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server }
            : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(lang);
        return client;
    }
}
