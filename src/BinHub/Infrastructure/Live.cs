using System.Security.Claims;
using BinHub.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace BinHub.Infrastructure;

/// <summary>
/// Pushes to browsers (and scripts) connected to a SignalR hub, by group. Live pushes are a convenience on top of
/// what is stored: a push that fails is logged, never an error for the business change that is already saved.
/// Other features get their own hub and ask for <c>ILiveNotifier&lt;TheirHub&gt;</c>.
/// </summary>
public interface ILiveNotifier<THub> where THub : Hub
{
    Task PushAsync(string group, string method, object payload, CancellationToken ct = default);
}

public sealed class LiveNotifier<THub>(IHubContext<THub> hub, ILogger<LiveNotifier<THub>> log) : ILiveNotifier<THub> where THub : Hub
{
    public async Task PushAsync(string group, string method, object payload, CancellationToken ct = default)
    {
        try { await hub.Clients.Group(group).SendAsync(method, payload, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Live push {Method} to {Group} failed", method, group);
        }
    }
}

public static class LiveGroups
{
    public static string Zone(int zoneNumber) => $"zone-{zoneNumber}";
}

/// <summary>
/// The police inbox's live channel (/hubs/police): officers only, each connection in the group of its zone,
/// so an officer hears about the reports of their own zone and nothing else.
/// </summary>
[Authorize(Roles = Roles.PoliceOfficer)]
public sealed class PoliceHub : Hub
{
    public const string Path = "/hubs/police";
    public const string ReportReceived = "reportReceived";

    public override async Task OnConnectedAsync()
    {
        if (!int.TryParse(Context.User?.FindFirstValue(Actor.ZoneClaim), out var zone))
        {
            Context.Abort(); // an officer without a zone has no inbox
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Zone(zone));
        await base.OnConnectedAsync();
    }
}

public static class LiveRegistration
{
    public static IServiceCollection AddBinHubLive(this IServiceCollection services)
    {
        // Enums as names, as in the API (the inbox script shows "Burglary", not 2).
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddSingleton(typeof(ILiveNotifier<>), typeof(LiveNotifier<>));
        return services;
    }

    /// <summary>
    /// Browsers cannot put a header on a WebSocket or an event stream, so SignalR sends the token as access_token in the
    /// query string there; it is accepted on the hubs only (never on pages or the API, where it would end up in logs and links).
    /// </summary>
    public static string? HubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } t ? t : null;
}
