using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BinHub.Gateways.Sms;

/// <summary>
/// Reads Kannel's status page every 250 ms while links and a status URL are configured. 250 ms is about one dispatcher
/// round: often enough that a link going down stops the top-ups before much lands in front of it, rare enough that the
/// page (one small XML document) costs bearerbox nothing noticeable. Polls do not overlap: the next starts after the
/// previous one ended (a hung page times out after two seconds).
/// </summary>
public sealed class KannelStatusPoller(SmsFlow flow, SmsFlowOptions options, IHttpClientFactory http, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (flow.Unlimited || options.Kannel.StatusUrl is not { Length: > 0 } url) return;
        var client = http.CreateClient(SmsFlowRegistration.StatusClient);
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do await flow.PollAsync(ct => KannelStatus.ReadAsync(client, url, ct), stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { /* shutting down */ }
    }
}

/// <summary>
/// /health reports Degraded (still HTTP 200: the instance itself works) while a link is stalled or Kannel's status page
/// cannot be read, so monitoring that watches /health sees a link that stopped draining.
/// </summary>
public sealed class SmsLinksHealthCheck(SmsFlow flow) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var s = flow.Snapshot();
        var stalled = s.Links.Where(l => l.Stalled).Select(l => l.Name).ToList();
        return Task.FromResult(
            stalled.Count > 0 ? HealthCheckResult.Degraded($"SMS links not draining: {string.Join(", ", stalled)}.")
            : s.StatusError is { } error ? HealthCheckResult.Degraded($"Kannel's status page cannot be read: {error}")
            : HealthCheckResult.Healthy());
    }
}
