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
                    scope.ServiceProvider.GetRequiredService<ISmsSender>(), clock, log, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox dispatch round failed; retrying in {Interval}", interval);
            }
            try { await Task.Delay(interval, clock, stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    public static Task<int> DispatchDueAsync(BinHubDb db, IEmailSender email, TimeProvider clock, ILogger log, CancellationToken ct) =>
        DispatchDueAsync(db, email, new DevOutboxSmsSender(), clock, log, ct);

    public static async Task<int> DispatchDueAsync(BinHubDb db, IEmailSender email, ISmsSender sms, TimeProvider clock, ILogger log, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.OutboxMessages.Where(m => m.State == OutboxState.Pending && m.DueAt <= now)
            .OrderBy(m => m.DueAt).ThenBy(m => m.Id).Take(50).ToListAsync(ct);
        foreach (var m in due)
        {
            m.Attempts++;
            try
            {
                m.DeliveredVia = m.Channel == OutboxChannel.Sms
                    ? await sms.SendAsync(m.Recipient, m.Body, m.Id, ct)
                    : await email.SendAsync(m.Recipient, m.Subject, m.Body, ct);
                m.State = OutboxState.Sent;
                m.SentAt = clock.GetUtcNow();
                m.LastError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                m.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
                if (m.Attempts >= MaxAttempts || e is SmsGatewayException { Permanent: true }) m.State = OutboxState.Failed;
                else m.DueAt = clock.GetUtcNow().AddMinutes(Math.Pow(2, m.Attempts));
                log.LogWarning("Outbox message {Id} to {Kind} failed (attempt {Attempt}): {Error}", m.Id, m.Kind, m.Attempts, m.LastError);
            }
            await db.SaveChangesAsync(ct); // one by one: an outcome is on record as soon as it is known
        }
        return due.Count;
    }
}
