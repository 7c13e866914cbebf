using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BinHub.Features.Join;

/// <summary>
/// The address put in links sent by e-mail. Configured (<c>App:PublicUrl</c>) in production so that a forged Host header can
/// never make BinHub mail a link to someone else's site — production refuses to start without it (<see cref="RequireInProduction"/>).
/// Without it (development), the address BinHub actually listens on, so links work whatever port it was started on.
/// </summary>
public static class PublicUrl
{
    public const string Setting = "App:PublicUrl";
    /// <summary>The same setting as an environment variable, the way operators set it.</summary>
    public const string EnvironmentVariable = "App__PublicUrl";
    /// <summary>Only for runs without a web server of their own (the CLI outside production): nothing better is known.</summary>
    private const string Fallback = "http://localhost:5080";

    public static string Of(HttpContext http) =>
        Known(http.RequestServices) ?? $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>For work done outside a request (the dispatcher's e-mails, the nightly jobs, the CLI).</summary>
    public static string For(IServiceProvider sp) => Known(sp) ?? Fallback;

    public static string? Configured(IConfiguration config) =>
        config[Setting] is { Length: > 0 } configured ? configured.TrimEnd('/') : null;

    /// <summary>Production sends links to members' mailboxes: an unset address would make them point at the wrong site.</summary>
    public static void RequireInProduction(IConfiguration config, IHostEnvironment env)
    {
        if (env.IsProduction() && Configured(config) is null)
            throw new CliException($"{EnvironmentVariable} is not set. In production BinHub needs the public address members reach it on "
                                   + $"(e.g. {EnvironmentVariable}=https://binhub.example.be) for the links it sends by e-mail.");
    }

    private static string? Known(IServiceProvider sp) =>
        Configured(sp.GetRequiredService<IConfiguration>()) ?? Listening(sp);

    /// <summary>
    /// The first http(s) address the server listens on, once it has started (before that the feature holds the configured
    /// patterns, such as port 0); a wildcard host becomes localhost, the machine's own name for itself.
    /// </summary>
    public static string? Listening(IServiceProvider sp)
    {
        if (sp.GetService<IHostApplicationLifetime>() is not { ApplicationStarted.IsCancellationRequested: true }) return null;
        var addresses = sp.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                                                  || a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri))
            return null;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return new UriBuilder(uri.Scheme, host, uri.Port).Uri.GetLeftPart(UriPartial.Authority);
    }
}
