using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// BinHub on a host where clients connect from loopback (a client on the same machine, or a proxy that is not
/// configured): each request below claims another address in X-Forwarded-For.
/// </summary>
public class LoopbackClientApp : BinHubApp
{
    protected override int AnonymousPerMinute => 5;
    protected virtual string? KnownProxy => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (KnownProxy is { } proxy) builder.UseSetting("ForwardedHeaders:KnownProxies:0", proxy);
        // The in-memory server has no client address; give every request the loopback one a local client would have.
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, LoopbackClient>());
    }

    private sealed class LoopbackClient : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, n) => { ctx.Connection.RemoteIpAddress = IPAddress.Loopback; return n(ctx); });
            next(app);
        };
    }
}

/// <summary>The same host with its reverse proxy on loopback named in ForwardedHeaders:KnownProxies.</summary>
public sealed class KnownProxyApp : LoopbackClientApp
{
    protected override string? KnownProxy => "127.0.0.1";
}

public class ForwardedHeadersTests(LoopbackClientApp app) : IClassFixture<LoopbackClientApp>
{
    [Fact]
    public async Task A_client_cannot_pick_its_address_with_x_forwarded_for_unless_a_proxy_is_configured()
    {
        var statuses = await ForgedAddressesAsync(app, 12);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses); // one loopback client, one budget of 5 a minute
    }

    internal static async Task<List<HttpStatusCode>> ForgedAddressesAsync(BinHubApp app, int count)
    {
        var client = app.ClientFor(null);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/Privacy");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        return statuses;
    }
}

public class KnownProxyTests(KnownProxyApp app) : IClassFixture<KnownProxyApp>
{
    [Fact]
    public async Task Behind_a_configured_proxy_each_forwarded_client_has_its_own_budget()
    {
        var statuses = await ForwardedHeadersTests.ForgedAddressesAsync(app, 12);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public void A_proxy_entry_that_is_not_an_address_stops_start_up_with_one_clear_line()
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "proxy.example" }).Build();
        var e = Assert.Throws<InvalidOperationException>(() => { BinHub.Infrastructure.TrustedProxies.Options(config); });
        Assert.Contains("proxy.example", e.Message);
    }
}
