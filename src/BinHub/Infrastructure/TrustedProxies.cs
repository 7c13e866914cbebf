using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace BinHub.Infrastructure;

/// <summary>
/// X-Forwarded-For / -Proto are believed only from the reverse proxies named in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR). None by default: ASP.NET Core would otherwise trust
/// loopback, and anyone on the same host could pick a new client address per request and walk past the per-address
/// rate limits and lock-outs.
/// </summary>
public static class TrustedProxies
{
    public static IApplicationBuilder UseTrustedForwardedHeaders(this WebApplication app)
    {
        var options = Options(app.Configuration);
        if (options is not null) app.UseForwardedHeaders(options);
        return app;
    }

    /// <summary>The middleware's options, or null when no proxy is configured (headers then ignored). A bad entry stops start-up.</summary>
    public static ForwardedHeadersOptions? Options(IConfiguration config)
    {
        var proxies = config.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = config.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0) return null;
        var o = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        o.KnownProxies.Clear();
        o.KnownIPNetworks.Clear();
        foreach (var p in proxies)
            o.KnownProxies.Add(IPAddress.TryParse(p, out var ip) ? ip
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address."));
        foreach (var n in networks)
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(n, out var net) ? net
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 10.0.0.0/8)."));
        return o;
    }
}
