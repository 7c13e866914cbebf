using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BinHub.Gateways.Sms;

/// <summary>
/// Flow control towards the SMS gateway, bound from the section <c>Sms</c> (the same section as <c>SmsOptions</c>, which
/// keeps the provider and the sendsms settings; this class reads only what flow control needs).
/// </summary>
public sealed partial class SmsFlowOptions
{
    public const string Section = "Sms";

    /// <summary>Sms:Provider: with Kannel at least one link is required; with DevOutbox links are optional.</summary>
    public string Provider { get; set; } = "DevOutbox";

    /// <summary>
    /// Sms:Links: the operator links Kannel drains its queue into (one per Kannel <c>smsc</c> group id) and their
    /// contracted rate. None = no flow control (the dev outbox, or a gateway BinHub does not manage).
    /// </summary>
    public List<SmsLinkOptions> Links { get; set; } = [];

    /// <summary>
    /// Sms:QueueSeconds: how many seconds of work BinHub keeps queued in the gateway per link. Size it to cover BinHub's own
    /// top-up latency (a dispatcher round, about 100–300 ms, plus a status poll of 250 ms) so a link never idles while
    /// work waits in BinHub; keep it small, because an alarm handed over now waits behind that much earlier work in
    /// Kannel's first-in first-out queue. Measured (bench priority, 3 links of 100/s, 20,000 prevention SMS, then an
    /// alarm of 500): 1 s kept the links 0.97 busy and the alarm's last SMS left 2.6 s after it was sent (the alarm alone
    /// needs 1.7 s). On the smoke run (2 links, 2,000, alarm of 200) 0.5 s let the links idle (0.93–0.94) and 2 s added
    /// more than a second to the alarm (last SMS after 2.8 s instead of 1.5 s).
    /// </summary>
    public double QueueSeconds { get; set; } = 1;

    public SmsFlowKannelOptions Kannel { get; set; } = new();

    public const double MinQueueSeconds = 0.2, MaxQueueSeconds = 60, MaxRate = 100_000;

    /// <summary>
    /// Stops the start with one line naming the key, the value's problem and what the key means, so whoever deploys can fix
    /// it without reading code. Links apply whatever the provider (with the dev outbox they pace the outbox like a gateway).
    /// </summary>
    public static void Validate(SmsFlowOptions o)
    {
        if (o.Provider == "Kannel" && o.Links.Count == 0)
            throw new InvalidOperationException(
                "Sms:Provider is Kannel: configure at least one link in Sms:Links (Name = the Kannel smsc-id, Rate = its contracted SMS per second).");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < o.Links.Count; i++)
        {
            var link = o.Links[i];
            var key = $"Sms:Links:{i}";
            if (string.IsNullOrWhiteSpace(link.Name))
                throw new InvalidOperationException($"{key}:Name is empty (the link's smsc-id in Kannel's configuration).");
            if (!LinkName().IsMatch(link.Name))
                throw new InvalidOperationException($"{key}:Name '{link.Name}' may hold only letters, digits, '_', '.' and '-' (the link's smsc-id in Kannel's configuration).");
            if (seen.TryGetValue(link.Name, out var first))
                throw new InvalidOperationException($"{key}:Name '{link.Name}' is already the name of Sms:Links:{first} (each link once).");
            seen[link.Name] = i;
            // "not > 0" also refuses NaN.
            if (!(link.Rate > 0))
                throw new InvalidOperationException($"{key}:Rate must be greater than 0 (the link's contracted SMS per second).");
            if (link.Rate > MaxRate)
                throw new InvalidOperationException($"{key}:Rate must be at most {MaxRate.ToString(CultureInfo.InvariantCulture)} (the link's contracted SMS per second).");
        }
        if (!(o.QueueSeconds >= MinQueueSeconds && o.QueueSeconds <= MaxQueueSeconds))
            throw new InvalidOperationException(
                $"Sms:QueueSeconds must be between {MinQueueSeconds.ToString(CultureInfo.InvariantCulture)} and {MaxQueueSeconds.ToString(CultureInfo.InvariantCulture)} " +
                $"(seconds of work kept queued in the gateway per link), not {o.QueueSeconds.ToString(CultureInfo.InvariantCulture)}.");
        if (!string.IsNullOrWhiteSpace(o.Kannel.StatusUrl) &&
            !(Uri.TryCreate(o.Kannel.StatusUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
            throw new InvalidOperationException(
                "Sms:Kannel:StatusUrl must be an absolute http(s) URL like http://127.0.0.1:13000/status.xml?password=… (Kannel's admin status page).");
    }

    /// <summary>What Kannel accepts in an smsc-id that is also safe to show and to log as is.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex LinkName();
}

public sealed class SmsLinkOptions
{
    /// <summary>The Kannel <c>smsc-id</c> of the link, as status.xml reports it in <c>&lt;id&gt;</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Contracted SMS (parts) per second; Kannel's <c>throughput</c> for that link should say the same.</summary>
    public double Rate { get; set; }
}

public sealed class SmsFlowKannelOptions
{
    /// <summary>
    /// Sms:Kannel:StatusUrl: Kannel's admin status page (<c>http://127.0.0.1:13000/status.xml?password=…</c>, the
    /// <c>status-password</c>). Without it BinHub counts on its own arithmetic and sees no link state; with it the estimate
    /// is corrected every 250 ms and a dead or stalled link is noticed.
    /// </summary>
    public string? StatusUrl { get; set; }
}

public static class SmsFlowRegistration
{
    /// <summary>The HttpClient name of the status poller.</summary>
    public const string StatusClient = "BinHub.SmsFlow.KannelStatus";

    /// <summary>
    /// Flow control towards the gateway: validates <c>Sms:Links</c>, <c>Sms:QueueSeconds</c> and <c>Sms:Kannel:StatusUrl</c>
    /// (a bad value stops the start with one line, as a bad provider does) and registers <see cref="SmsFlow"/>, its
    /// status poller and a health check that reports a stalled link.
    /// </summary>
    public static IServiceCollection AddSmsFlow(this IServiceCollection services, IConfiguration config)
    {
        var options = config.GetSection(SmsFlowOptions.Section).Get<SmsFlowOptions>() ?? new SmsFlowOptions();
        SmsFlowOptions.Validate(options);
        services.AddSingleton(options);
        services.AddSingleton<SmsFlow>();
        services.AddSingleton<ISmsRoom>(sp => sp.GetRequiredService<SmsFlow>());
        // A status page that does not answer within two seconds is a failed poll: the next one starts 250 ms later.
        // Four polls a second would be sixteen request log lines a second; failures are logged by SmsFlow, once per outage.
        services.AddHttpClient(StatusClient, c => c.Timeout = TimeSpan.FromSeconds(2)).RemoveAllLoggers();
        services.AddHostedService<KannelStatusPoller>();
        services.AddHealthChecks().AddCheck<SmsLinksHealthCheck>("sms-links", HealthStatus.Degraded);
        return services;
    }
}
