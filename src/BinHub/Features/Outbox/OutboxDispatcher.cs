using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Outbox;

/// <summary>
/// Delivers due outbox messages and records each outcome. A message is marked sent only after the sender
/// accepted it, so a crash between the two can send it again: at-least-once, the in-flight window being one
/// batch. Failures are retried with exponential backoff and marked Failed (visible) after the last attempt.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxDispatcher> log, IConfiguration config)
    : BackgroundService
{
    public const int MaxAttempts = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(config.GetValue("Outbox:PollSeconds", 5));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
                await DispatchDueAsync(db, scope.ServiceProvider.GetRequiredService<IEmailSender>(),
                    scope.ServiceProvider.GetRequiredService<ISmsSender>(), clock, log, stoppingToken, scope.ServiceProvider.GetRequiredService<IVoiceSender>());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox dispatch round failed; retrying in {Interval}", interval);
            }
            try { await Task.Delay(interval, clock, stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    public static async Task<int> DispatchDueAsync(BinHubDb db, IEmailSender email, ISmsSender sms, TimeProvider clock, ILogger log, CancellationToken ct,
        IVoiceSender? voice = null)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages.AsNoTracking().Where(m => m.State == OutboxState.Pending && m.DueAt <= now)
            .OrderBy(m => m.DueAt).ThenBy(m => m.Id).Take(50).ToListAsync(ct);
        foreach (var m in due)
        {
            var attempts = m.Attempts + 1;
            // Outcomes are conditional updates, one by one as soon as known: a delivery report may already have
            // marked the message (even Failed) while the gateway call returned, and must not be overwritten.
            var pending = db.OutboxMessages.Where(x => x.Id == m.Id && x.State == OutboxState.Pending);
            try
            {
                if (m.Channel == OutboxChannel.Voice)
                {
                    // No call gateway yet: the audio is rendered and the message is held, visibly, with the reason.
                    var r = await (voice ?? throw new InvalidOperationException("No voice sender is configured")).RenderAsync(m.Id, m.Body, m.Subject, ct);
                    var note = $"Audio rendered ({r.Duration.TotalSeconds:0.0} s); no call gateway yet, the call is not placed.";
                    await pending.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, OutboxState.Held).SetProperty(x => x.Attempts, attempts)
                        .SetProperty(x => x.DeliveredVia, r.Via).SetProperty(x => x.LastError, note), ct);
                    continue;
                }
                var via = m.Channel == OutboxChannel.Sms
                    ? await sms.SendAsync(m.Recipient, m.Body, m.Id, ct)
                    : await email.SendAsync(m.Recipient, m.Subject, m.Body, ct);
                var sentAt = clock.GetUtcNow();
                await pending.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, OutboxState.Sent).SetProperty(x => x.SentAt, sentAt)
                    .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.DeliveredVia, via).SetProperty(x => x.LastError, (string?)null), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var error = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                var giveUp = attempts >= MaxAttempts || e is SmsGatewayException { Permanent: true };
                var retryAt = clock.GetUtcNow().AddMinutes(Math.Pow(2, attempts));
                await pending.ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, attempts).SetProperty(x => x.LastError, error)
                    .SetProperty(x => x.State, giveUp ? OutboxState.Failed : OutboxState.Pending).SetProperty(x => x.DueAt, giveUp ? m.DueAt : retryAt), ct);
                log.LogWarning("Outbox message {Id} ({Kind}) failed (attempt {Attempt}): {Error}", m.Id, m.Kind, attempts, error);
            }
        }
        return due.Count;
    }
}
