using System.Threading.Channels;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using BinHub.Gateways.Sms;

namespace BinHub.Features.Dispatch;

/// <summary>
/// The one delivery-report endpoint of the sending queue, and the URLs that lead to it. The URL is built here, next to
/// the route that answers it, and handed to the SMS gateway with each hand-over: the gateway adapter knows no routes.
/// </summary>
public static class DeliveryReports
{
    public const string Route = "/sms/dlr/{secret}/delivery";

    /// <summary>Kannel's dlr-url for one row (<c>%d</c>: Kannel fills in the report type).</summary>
    public static string UrlFor(KannelOptions kannel, long deliveryId) => $"{Base(kannel)}?ref={deliveryId}&type=%d";

    /// <summary>For one request carrying many numbers of one message: Kannel fills in each number (<c>%p</c>).</summary>
    public static string UrlForMany(KannelOptions kannel, long messageId) => $"{Base(kannel)}?message={messageId}&to=%p&type=%d";

    private static string Base(KannelOptions k) => $"{k.PublicBaseUrl.TrimEnd('/')}/api/v1/sms/dlr/{Uri.EscapeDataString(k.InboundSecret)}/delivery";

    public static void MapDeliveryReports(this RouteGroupBuilder api)
    {
        api.MapGet(Route, async (string secret, long? @ref, long? message, string? to, int? type, BinHubDb db, TimeProvider clock,
                IOptions<SmsOptions> sms, DeliveryReportQueue queue, IServiceProvider services, CancellationToken ct) =>
            {
                if (!sms.Value.Kannel.SecretMatches(secret)) return Results.NotFound();
                if (type is null || !Enum.IsDefined((DeliveryReport)type.Value) || type == 0 || (@ref is null && (message is null || to is null)))
                    return Results.Problem(statusCode: 400, title: "ref (or message and to) and a known type are required");
                if (!IsFinal(type.Value)) return Results.NoContent();
                var report = new IncomingReport(@ref, @ref is null ? message : null, @ref is null ? Messages.MessageEndpoints.Number(to!) : null, (DeliveryReport)type.Value);
                await AcceptAsync(db, clock, queue, services, report, ct);
                return Results.NoContent();
            })
            .AllowAnonymous().WithTags("SMS gateway").WithName("SmsDeliveryReport")
            .WithSummary("Delivery report callback for every SMS BinHub sends (Kannel's dlr-url). The path carries the shared secret Sms:Kannel:InboundSecret.")
            .Produces(204).ProducesProblem(400).Produces(404)
            // Routed straight to the handler: no authentication, rate limiting or antiforgery to run for Kannel's callbacks
            // (the secret in the path is the check), because a national alarm brings 180,000 of them.
            .ShortCircuit();

        // The former outbox's route. SMS handed to Kannel before the upgrade to one queue still carry it in their dlr-url
        // (Kannel keeps them until the phone network answers): their rows moved to Deliveries with the old id in OutboxId.
        api.MapGet("/sms/dlr/{secret}", async (string secret, long? @ref, int? type, BinHubDb db, TimeProvider clock, IOptions<SmsOptions> sms,
                DeliveryReportQueue queue, IServiceProvider services, CancellationToken ct) =>
            {
                if (!sms.Value.Kannel.SecretMatches(secret)) return Results.NotFound();
                if (@ref is null || type is null || !Enum.IsDefined((DeliveryReport)type.Value) || type == 0)
                    return Results.Problem(statusCode: 400, title: "ref and a known type are required");
                var id = await db.Deliveries.Where(d => d.OutboxId == @ref).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
                if (id is null) return Results.NotFound();
                if (IsFinal(type.Value)) await AcceptAsync(db, clock, queue, services, new IncomingReport(id, null, null, (DeliveryReport)type.Value), ct);
                return Results.NoContent();
            })
            .AllowAnonymous().WithTags("SMS gateway").WithName("SmsDeliveryReportBeforeUpgrade")
            .WithSummary("Delivery reports for SMS handed to the gateway before the upgrade to one sending queue (former outbox ids). Deprecated.")
            .Produces(204).ProducesProblem(400).Produces(404)
            .AddOpenApiOperationTransformer((o, _, _) => { o.Deprecated = true; return Task.CompletedTask; })
            .ShortCircuit();
    }

    /// <summary>"Accepted by the SMSC" and "buffered" change nothing (BinHub does not ask for them; older requests may still bring them).</summary>
    private static bool IsFinal(int type) => (DeliveryReport)type is DeliveryReport.Delivered or DeliveryReport.Failed or DeliveryReport.RejectedBySmsc;

    /// <summary>Answered at once, applied in batches (see <see cref="DeliveryReportQueue"/>); a full queue applies the report inline.</summary>
    private static async Task AcceptAsync(BinHubDb db, TimeProvider clock, DeliveryReportQueue queue, IServiceProvider services, IncomingReport report, CancellationToken ct)
    {
        if (queue.TryEnqueue(report)) return;
        var changed = await DeliveryReportApplier.ApplyAsync(db, clock, [report], ct);
        services.GetService<Messages.DispatchLive>()?.Changed(changed);
    }
}

/// <summary>A delivery report as Kannel sent it: by delivery id (single request) or by message and number (batched request).</summary>
public readonly record struct IncomingReport(long? DeliveryId, long? MessageId, string? Number, DeliveryReport Report);

/// <summary>
/// Kannel calls the report URL about one request at a time, so the time BinHub takes to answer one report sets the pace
/// of a whole national alarm (two reports per SMS, 180,000 SMS). Reports are therefore answered at once and applied in
/// batches of up to <see cref="BatchSize"/> by <see cref="DeliveryReportApplier"/>: one UPDATE per message per batch
/// instead of one per report. The trade-off: reports still in memory when the process is killed are lost — those
/// deliveries stay "sent" and become "unknown" after the report timeout (visible, never silently "delivered"); a normal
/// shutdown applies what is queued first. When the queue is full the endpoint applies the report itself (slower, never dropped).
/// </summary>
public sealed class DeliveryReportQueue
{
    public const int BatchSize = 1000;
    public const int Capacity = 250_000;
    private readonly Channel<IncomingReport> channel = Channel.CreateBounded<IncomingReport>(new BoundedChannelOptions(Capacity)
    { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private long pending;

    /// <summary>False when the queue is full: the caller applies the report itself.</summary>
    public bool TryEnqueue(IncomingReport report)
    {
        Interlocked.Increment(ref pending);
        if (channel.Writer.TryWrite(report)) return true;
        Interlocked.Decrement(ref pending);
        return false;
    }

    /// <summary>Reports accepted but not yet applied (tests wait for 0; the dashboard's figures lag by these).</summary>
    public long Pending => Interlocked.Read(ref pending);

    internal ChannelReader<IncomingReport> Reader => channel.Reader;
    internal void Applied(int count) => Interlocked.Add(ref pending, -count);
    internal void Complete() => channel.Writer.TryComplete();
}

/// <summary>Applies queued delivery reports in batches; retries a batch while the database is away (a restart), drains on shutdown.</summary>
public sealed class DeliveryReportApplier(IServiceScopeFactory scopes, DeliveryReportQueue queue, TimeProvider clock, ILogger<DeliveryReportApplier> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IncomingReport>(DeliveryReportQueue.BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
                await DrainAsync(batch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // What was answered to Kannel is applied before the process ends (within the host's shutdown timeout).
        queue.Complete();
        try { await DrainAsync(new List<IncomingReport>(DeliveryReportQueue.BatchSize), cancellationToken); }
        catch (OperationCanceledException) { log.LogWarning("{Count} delivery reports not applied at shutdown", queue.Pending); }
    }

    private async Task DrainAsync(List<IncomingReport> batch, CancellationToken ct)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < DeliveryReportQueue.BatchSize && queue.Reader.TryRead(out var r)) batch.Add(r);
            if (batch.Count == 0) return;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sp = scope.ServiceProvider;
                    HashSet<long> changed = [];
                    await Transient.RetryAsync(async () => changed = await ApplyAsync(sp.GetRequiredService<BinHubDb>(), clock, batch, ct), ct);
                    sp.GetService<DispatchLive>()?.Changed(changed);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database restarting must not cost the reports: the same batch is tried again.
                    log.LogWarning(e, "Applying {Count} delivery reports failed (attempt {Attempt}); retrying", batch.Count, attempt);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), ct);
                }
            }
            queue.Applied(batch.Count);
        }
    }

    /// <summary>
    /// One batch: "delivered" as one UPDATE per message (batched requests) plus one for reports by id; failures one by one
    /// (they fail over). Delivered (1) and failed (2, 16) are final and never overwritten: only a delivery still sending,
    /// sent or unknown takes a report. Returns the messages whose counts changed.
    /// </summary>
    public static async Task<HashSet<long>> ApplyAsync(BinHubDb db, TimeProvider clock, IReadOnlyList<IncomingReport> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = new HashSet<long>();
        var open = db.Deliveries.Where(d => d.Channel == Channels.Sms
            && (d.State == DeliveryState.Sent || d.State == DeliveryState.Sending || d.State == DeliveryState.Unknown));
        foreach (var group in batch.Where(r => r.Report == DeliveryReport.Delivered && r.DeliveryId is null).GroupBy(r => r.MessageId!.Value))
        {
            var numbers = group.Select(r => r.Number!).Distinct().ToList();
            if (await DeliveredAsync(open.Where(d => d.MessageId == group.Key && numbers.Contains(d.Recipient)), now, ct) > 0)
                changed.Add(group.Key);
        }
        var delivered = batch.Where(r => r.Report == DeliveryReport.Delivered && r.DeliveryId is not null).Select(r => r.DeliveryId!.Value).Distinct().ToList();
        if (delivered.Count > 0 && await DeliveredAsync(open.Where(d => delivered.Contains(d.Id)), now, ct) > 0)
            changed.UnionWith(await db.Deliveries.Where(d => delivered.Contains(d.Id) && d.MessageId != null).Select(d => d.MessageId!.Value).Distinct().ToListAsync(ct));
        foreach (var r in batch.Where(r => r.Report is DeliveryReport.Failed or DeliveryReport.RejectedBySmsc))
        {
            var id = r.DeliveryId ?? await db.Deliveries.Where(d => d.MessageId == r.MessageId && d.Channel == Channels.Sms && d.Recipient == r.Number)
                .Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
            if (id is not { } found) continue;
            if (await open.Where(d => d.Id == found).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.FinalAt, now)
                    .SetProperty(d => d.SentAt, d => d.SentAt ?? now).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                    .SetProperty(d => d.LastError, $"delivery report: {r.Report}"), ct) == 0) continue;
            await Failover.PlanAsync(db, found, now, ct); // a failed alarm SMS fails over to the member's next channel
            if ((r.MessageId ?? await db.Deliveries.Where(d => d.Id == found).Select(d => d.MessageId).FirstAsync(ct)) is { } message) changed.Add(message);
        }
        return changed;
    }

    /// <summary>The report can beat the dispatcher's own "sent" bookkeeping (Kannel answers within milliseconds): it records that too.</summary>
    private static Task<int> DeliveredAsync(IQueryable<Delivery> rows, DateTimeOffset now, CancellationToken ct) =>
        rows.ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Delivered).SetProperty(d => d.FinalAt, now)
            .SetProperty(d => d.SentAt, d => d.SentAt ?? now).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
}
