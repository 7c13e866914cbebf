using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// The delivery dashboard's live channel (/hubs/messages). A connection follows one message at a time, and only a message
/// its user may see (<see cref="GetMessage.MaySeeAsync"/>); anything else is "not found", audited as for the page.
/// The pushes carry counts only, never who the members are.
/// </summary>
[Authorize]
public sealed class MessagesHub(BinHubDb db, TimeProvider clock, DispatchLive live) : Hub
{
    public const string Path = "/hubs/messages";
    public const string Progress = "progress";

    public static string Group(long messageId) => $"message-{messageId}";

    /// <summary>Joins the message's group; false (and an audit line) when the message is unknown or out of scope.</summary>
    public async Task<bool> Follow(long messageId)
    {
        var ct = Context.ConnectionAborted;
        var actor = await Actor.LoadAsync(Context.User!, db, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString(), ct);
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == messageId, ct);
        if (actor is null || message is null || !await GetMessage.MaySeeAsync(db, actor, message, ct))
        {
            if (actor is not null) await AuditLog.NotFoundAsync<bool>(db, clock, actor, "FollowMessage", nameof(Message), messageId.ToString(), ct);
            return false;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(messageId), ct);
        live.Follow(messageId, Context.ConnectionId);
        return true;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        live.Unfollow(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

/// <summary>
/// A member's web inbox, live (/hubs/member): members only, each connection in the group of its own account, so a
/// member hears about their own web deliveries and nothing else.
/// </summary>
[Authorize(Roles = Roles.Member)]
public sealed class MemberHub : Hub
{
    public const string Path = "/hubs/member";
    public const string InboxReceived = "inboxReceived";

    public static string Group(string userId) => $"user-{userId}";

    public override async Task OnConnectedAsync()
    {
        if (Context.User?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            Context.Abort();
            return;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(userId));
        await base.OnConnectedAsync();
    }
}

/// <summary>
/// What the dispatcher pushes after a round: the progress of every message it touched (dashboard) and each web delivery
/// it put in an inbox (the member's page). Optional in <see cref="Senders"/>: rounds driven by tests run without it.
/// A failed push is logged by the notifier; the round's outcomes are already stored.
/// </summary>
public sealed class DispatchLive(ILiveNotifier<MessagesHub> dashboards, ILiveNotifier<MemberHub> members)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> changed = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> followers = new();

    /// <summary>
    /// Counting a national alarm's deliveries takes a query over 180,000 rows: done only for messages a dashboard of this
    /// instance follows (SignalR groups are per instance), never for nobody.
    /// </summary>
    public void Follow(long messageId, string connectionId) => followers[connectionId] = messageId;

    public void Unfollow(string connectionId) => followers.TryRemove(connectionId, out _);

    private bool IsFollowed(long messageId) => followers.Values.Contains(messageId);

    /// <summary>
    /// A delivery report changed this message's counts. Reports arrive by the thousand during a big alarm: counting per
    /// report would cost a query over all its deliveries each time, so they are pushed together by <see cref="LiveProgressPusher"/>.
    /// </summary>
    public void Changed(long messageId) => changed.TryAdd(messageId, 0);

    public void Changed(IEnumerable<long> messageIds)
    {
        foreach (var id in messageIds) Changed(id);
    }

    public async Task PushChangedAsync(BinHubDb db, CancellationToken ct)
    {
        foreach (var id in changed.Keys)
        {
            changed.TryRemove(id, out _);
            if (!IsFollowed(id)) continue;
            if (await GetMessage.ProgressAsync(db, id, ct) is { } progress)
                await dashboards.PushAsync(MessagesHub.Group(id), MessagesHub.Progress, progress, ct);
        }
    }

    public async Task AfterRoundAsync(BinHubDb db, IReadOnlyCollection<long> messageIds, IReadOnlyCollection<long> webDeliveryIds, CancellationToken ct)
    {
        // Counted by the pusher at most twice a second, not after every round of a thousand deliveries.
        Changed(messageIds);
        if (webDeliveryIds.Count == 0) return;
        var rows = await WebInbox.RowsAsync(db.Deliveries.Where(d => webDeliveryIds.Contains(d.Id) && d.Channel == Channels.Web), ct);
        foreach (var row in rows)
            await members.PushAsync(MemberHub.Group(row.Recipient), MemberHub.InboxReceived, row.Item, ct);
    }
}

/// <summary>Pushes the dashboards of messages whose delivery reports came in, at most twice a second.</summary>
public sealed class LiveProgressPusher(IServiceScopeFactory scopes, DispatchLive live, ILogger<LiveProgressPusher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Twice a second, but never more than a fifth of the time counting: a dashboard of a huge alarm updates a
                // little less often rather than slowing the alarm down.
                await Task.Delay(pause, stoppingToken);
                var started = Environment.TickCount64;
                await using var scope = scopes.CreateAsyncScope();
                await live.PushChangedAsync(scope.ServiceProvider.GetRequiredService<BinHubDb>(), stoppingToken);
                pause = TimeSpan.FromMilliseconds(Math.Clamp((Environment.TickCount64 - started) * 4, 500, 5000));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Live progress push failed");
            }
            catch (OperationCanceledException) { return; }
        }
    }
}
