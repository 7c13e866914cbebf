using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BinHub.Gateways.Voice;

/// <summary>
/// /health reports Degraded (HTTP 200: the instance works, SMS and e-mail go on) while channels of the call engine cannot be
/// reached: calls wait in the queue then, and monitoring must see it before a landline-only household misses an alarm.
/// </summary>
public sealed class CallEngineHealthCheck(ICallGateway calls) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var h = calls.Health;
        return Task.FromResult(
            !h.Connected ? HealthCheckResult.Degraded($"Call engine unreachable since {h.Since:u}: {h.LastError ?? "no channel connected"}.")
            : h.ChannelsConnected < h.Channels ? HealthCheckResult.Degraded($"Call engine: {h.ChannelsConnected} of {h.Channels} channels connected ({h.LastError}).")
            : HealthCheckResult.Healthy());
    }
}
