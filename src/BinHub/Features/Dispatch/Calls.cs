using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Gateways.Voice;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Dispatch;

/// <summary>Voice:RetryAfter, Voice:MaxAttempts: a call nobody confirmed is placed again after this, up to so many calls.</summary>
public sealed class CallRetryOptions
{
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(5);
    public int MaxAttempts { get; set; } = 3;
    /// <summary>
    /// A claimed call keeps its lease this long: longer than any call (ringing 30 s, the message twice, listening), so a
    /// running call is never taken over by another instance; a crashed instance's calls come back after it.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Voice:RingTimeout: how long a call rings before it counts as not answered (an answering machine picks up after ~20–30 s).</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Voice:ListenAfterAudio: how long after the message a key press is still awaited.</summary>
    public TimeSpan ListenAfterAudio { get; set; } = TimeSpan.FromSeconds(8);
}

/// <summary>
/// The voice lane of the one sending engine: voice rows become calls through the call gateway (baresip). Calls last a
/// minute, so they run in their own loop, as many at once as the trunk has channels (<see cref="ICallGateway.Channels"/>),
/// each claimed with a lease longer than a call. Alarms still go first: the claim orders by lane. A call ends in an
/// outcome (<see cref="CallOutcomes"/>); a gateway that cannot be reached puts the row back without spending an attempt.
/// In flight at a crash: at most Channels calls, which come back when their lease runs out and are called again — a
/// call that was running is recorded as Unknown meanwhile, never as confirmed.
/// </summary>
public sealed class CallDispatcher(IServiceScopeFactory scopes, ICallGateway gateway, TimeProvider clock, DispatchSignal signal, DispatchOptions options,
    CallRetryOptions retry, ILogger<CallDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        var running = new List<Task>();
        var swept = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            if (clock.GetUtcNow() - swept > TimeSpan.FromMinutes(15)) swept = Sweep();
            var claimed = 0;
            try { claimed = await StartAsync(running, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogError(e, "Claiming calls failed; retrying"); }
            if (claimed > 0 && running.Count < gateway.Channels) continue; // more may be waiting: fill the free channels
            var wake = signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), sms: false, stoppingToken);
            try { await Task.WhenAny(running.Append(wake)); }
            catch (OperationCanceledException) { }
        }
        try { await Task.WhenAll(running); } catch (OperationCanceledException) { }
    }

    /// <summary>Old rendered audio (<see cref="CallAudioSweep"/>): the script files and the gateway's padded copies.</summary>
    private DateTimeOffset Sweep()
    {
        var now = clock.GetUtcNow();
        try
        {
            using var scope = scopes.CreateScope();
            var sp = scope.ServiceProvider;
            var removed = CallAudioSweep.Run([(sp.GetService<ICallAudio>() as CallAudio)?.Directory, sp.GetService<CallOptions>()?.CallAudioDirectory], now);
            if (removed > 0) log.LogInformation("Removed {Count} old call audio files", removed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogWarning(e, "Sweeping old call audio failed; trying again later");
        }
        return now;
    }

    /// <summary>Claims as many due calls as channels are free and starts them; returns how many it started.</summary>
    private async Task<int> StartAsync(List<Task> running, CancellationToken ct)
    {
        var free = gateway.Channels - running.Count;
        if (free <= 0) return 0;
        var rows = await ClaimAsync(free, ct);
        running.AddRange(rows.Select(r => Task.Run(() => CallOneAsync(r, ct), ct)));
        return rows.Count;
    }

    /// <summary>One round as the loop runs it, waited for to the end of its calls (tests, the CLI): returns the calls placed.</summary>
    public async Task<int> RoundAsync(CancellationToken ct)
    {
        var running = new List<Task>();
        var started = await StartAsync(running, ct);
        await Task.WhenAll(running);
        return started;
    }

    private async Task<List<Delivery>> ClaimAsync(int size, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
        var now = clock.GetUtcNow();
        var ids = await Claim.BatchAsync(db, Channels.Voice, now, now + retry.Lease, options.Instance, size, ct);
        if (ids.Count == 0) return [];
        var rows = await db.Deliveries.AsNoTracking().Include(d => d.Message).Where(d => ids.Contains(d.Id)).ToListAsync(ct);
        return rows.OrderBy(d => d.Lane).ThenBy(d => d.DueAt).ToList();
    }

    private async Task CallOneAsync(Delivery d, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<BinHubDb>();
            var live = sp.GetService<DispatchLive>();
            string audio;
            string? thanks;
            var renderer = sp.GetRequiredService<ICallAudio>();
            var L = sp.GetRequiredService<IStringLocalizer<SharedResource>>();
            try
            {
                audio = await CallPlan.RenderAsync(renderer, L, d, ct);
                thanks = await CallPlan.ThanksAsync(renderer, L, d, log, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The text cannot be spoken: this row fails, visibly, with the reason; the other calls go on.
                await CallOutcomes.RecordAsync(db, clock, retry, d, new CallResult(CallOutcome.Failed, null, null, null, $"audio: {e.Message}"), ct, final: true);
                Changed(live, d);
                return;
            }
            var progress = new Progress<CallProgress>(p => _ = MarkAsync(d, p, ct));
            CallResult result;
            try
            {
                result = await gateway.CallAsync(new CallRequest(d.Recipient, audio, RingTimeout: retry.RingTimeout, ListenAfterAudio: retry.ListenAfterAudio,
                    ThanksPath: thanks), progress, ct);
            }
            catch (CallGatewayUnavailableException e)
            {
                // Not placed: back in the queue, the attempt not spent; calls resume when the gateway is back.
                await Transient.RetryAsync(() => db.Deliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Planned).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                        .SetProperty(x => x.Attempts, x => x.Attempts - 1).SetProperty(x => x.DueAt, clock.GetUtcNow().AddSeconds(10))
                        .SetProperty(x => x.LastError, $"call engine unavailable: {e.Message}"), ct), ct);
                return;
            }
            await Transient.RetryAsync(() => CallOutcomes.RecordAsync(db, clock, retry, d, result, ct), ct);
            Changed(live, d);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { /* shutting down: the lease brings the row back */ }
        catch (Exception e)
        {
            log.LogError(e, "Call for delivery {Id} failed to record; its lease brings it back", d.Id);
        }
    }

    private static void Changed(DispatchLive? live, Delivery d)
    {
        if (d.MessageId is { } m) live?.Changed(m);
    }

    /// <summary>Ringing and answered show on the dashboard while the call runs.</summary>
    private async Task MarkAsync(Delivery d, CallProgress p, CancellationToken ct)
    {
        CallState? state = p switch { CallProgress.Ringing => CallState.Ringing, CallProgress.Answered => CallState.Answered, _ => null };
        if (state is null) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var at = clock.GetUtcNow();
            // Progress reports arrive on the thread pool in no fixed order: a late "ringing" must not undo "answered".
            var rows = sp.GetRequiredService<BinHubDb>().Deliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Sending);
            if (state == CallState.Ringing) rows = rows.Where(x => x.Call != CallState.Answered);
            await rows.ExecuteUpdateAsync(s => s.SetProperty(x => x.Call, state).SetProperty(x => x.AnsweredAt, x => state == CallState.Answered ? at : x.AnsweredAt), ct);
            Changed(sp.GetService<DispatchLive>(), d);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not record call progress {Progress} for delivery {Id}", p, d.Id);
        }
    }
}

/// <summary>
/// How a call ends in the queue. Confirmed: delivered, never called again (a landline verification call verifies the
/// number). Not confirmed (heard without a digit, no answer, busy, rejected, failed): called again after RetryAfter, up
/// to MaxAttempts calls; then final — "answered, not confirmed" counts as sent (the member heard it), the rest as
/// failed — and an alarm moves to the member's next channel (an SMS to a mobile, e-mail, web) if the plan allows one.
/// </summary>
public static class CallOutcomes
{
    public static async Task RecordAsync(BinHubDb db, TimeProvider clock, CallRetryOptions retry, Delivery d, CallResult r, CancellationToken ct, bool final = false)
    {
        var at = clock.GetUtcNow();
        var mine = db.Deliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Sending);
        var call = r.Outcome switch
        {
            CallOutcome.Confirmed => CallState.Confirmed, CallOutcome.AnsweredNotConfirmed => CallState.AnsweredNotConfirmed,
            CallOutcome.NoAnswer => CallState.NoAnswer, CallOutcome.Busy => CallState.Busy, CallOutcome.Rejected => CallState.Rejected, _ => CallState.Failed,
        };
        var note = r.Detail is { Length: > 500 } long_ ? long_[..500] : r.Detail;
        if (r.Outcome == CallOutcome.Confirmed)
        {
            var changed = await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Delivered).SetProperty(x => x.Call, call)
                .SetProperty(x => x.SentAt, x => x.SentAt ?? at).SetProperty(x => x.FinalAt, at).SetProperty(x => x.ConfirmedAt, at)
                .SetProperty(x => x.AnsweredAt, x => r.AnsweredAt ?? x.AnsweredAt).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.Via, "call").SetProperty(x => x.LastError, (string?)null), ct);
            if (changed > 0 && d.Kind == "CodeVerifyPhone") await VerifyLandlineAsync(db, clock, d.Recipient, at, ct);
            return;
        }
        if (!final && d.Attempts < retry.MaxAttempts)
        {
            var again = at + retry.RetryAfter;
            await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Planned).SetProperty(x => x.DueAt, again).SetProperty(x => x.Call, call)
                .SetProperty(x => x.AnsweredAt, x => r.AnsweredAt ?? x.AnsweredAt).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.LastError, note), ct);
            return;
        }
        var heard = r.Outcome == CallOutcome.AnsweredNotConfirmed;
        if (await mine.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, heard ? DeliveryState.Sent : DeliveryState.Failed).SetProperty(x => x.Call, call)
                .SetProperty(x => x.SentAt, x => heard ? x.SentAt ?? at : x.SentAt).SetProperty(x => x.FinalAt, at)
                .SetProperty(x => x.AnsweredAt, x => r.AnsweredAt ?? x.AnsweredAt).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.Via, "call").SetProperty(x => x.LastError, note), ct) > 0
            && DispatchPolicy.For(d.Kind).FailsOver)
            await Failover.PlanAsync(db, d.Id, at, ct);
    }

    /// <summary>
    /// The member answered the verification call and pressed 1: the landline rings at that household. Every unverified
    /// entry of that number with an open verification call is verified (a code still valid for it is used up).
    /// </summary>
    private static async Task VerifyLandlineAsync(BinHubDb db, TimeProvider clock, string number, DateTimeOffset at, CancellationToken ct)
    {
        var members = await db.VerificationCodes.Where(c => c.Target == number && c.Purpose == CodePurpose.VerifyPhone && c.UsedAt == null
                && c.Channel == OutboxChannel.Voice)
            .Select(c => c.MemberId).Distinct().ToListAsync(ct);
        if (members.Count == 0) return;
        await db.MemberPhones.Where(p => p.Number == number && !p.Verified && members.Contains(p.MemberId))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Verified, true).SetProperty(p => p.VerifiedAt, at), ct);
        await db.VerificationCodes.Where(c => c.Target == number && c.Purpose == CodePurpose.VerifyPhone && c.UsedAt == null && c.Channel == OutboxChannel.Voice)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, at), ct);
        foreach (var m in members)
            AuditLog.Add(db, clock, Actor.System("call"), "VerifyPhone", nameof(Member), m.ToString(), "landline confirmed by call (1 pressed)");
        await db.SaveChangesAsync(ct);
    }
}
