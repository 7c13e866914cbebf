using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Outbox;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Messages;

public sealed class DispatchOptions
{
    public int BatchSize { get; set; } = 1000;
    public int Concurrency { get; set; } = 8;
    public int MaxAttempts { get; set; } = 12;
    /// <summary>
    /// Longest wait between two tries after a transient error (gateway unreachable, 503): backoff doubles from 2 s up to
    /// this. With 12 attempts a delivery rides out about four minutes of gateway outage before it fails for good (and an
    /// alarm fails over to the next channel); an alarm is sent at most this long after the gateway comes back.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>
    /// This process's name in <see cref="Delivery.DispatchedBy"/>. Set it (stable per instance, unique among the instances
    /// sharing the database) and a restarted instance takes its own leases back at once; left empty, it is
    /// "machine:pid" and a killed instance's leases are taken over only when they run out (<see cref="Lease"/>).
    /// </summary>
    public string? InstanceId { get; set; }
    public string Instance => instance ??= string.IsNullOrWhiteSpace(InstanceId) ? $"{Environment.MachineName}:{Environment.ProcessId}" : InstanceId.Trim();
    private string? instance;
    public TimeSpan ReportTimeout { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan FeedbackReminderAfter { get; set; } = TimeSpan.FromHours(24);
    public double PollSeconds { get; set; } = 2;
    /// <summary>Numbers per gateway request when many members get the same text (Kannel takes several in <c>to</c>).</summary>
    public int SmsRecipientsPerRequest { get; set; } = 100;
    /// <summary>At most this many SMS per second to the gateway (what the operator's contract allows); 0 = no limit.</summary>
    public int SmsPerSecond { get; set; }
    /// <summary>Off in tests that drive rounds themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The channel edges one round uses; the web inbox needs none (the delivery row is the inbox entry). <paramref name="Live"/>
/// pushes progress to dashboards and new web deliveries to members' pages; null where nobody listens (tests, the CLI).
/// </summary>
public sealed record Senders(ISmsSender Sms, IEmailSender Email, IVoiceSender Voice, IStringLocalizer L, string PublicUrl, DispatchLive? Live = null,
    System.Threading.RateLimiting.RateLimiter? SmsRate = null);

/// <summary>One token bucket for the process: the SMS contract's rate is per gateway account, not per round.</summary>
public sealed class SmsRateLimit(DispatchOptions options)
{
    public System.Threading.RateLimiting.RateLimiter? Limiter { get; } = options.SmsPerSecond <= 0 ? null
        : new System.Threading.RateLimiting.TokenBucketRateLimiter(new System.Threading.RateLimiting.TokenBucketRateLimiterOptions
        {
            TokenLimit = options.SmsPerSecond, TokensPerPeriod = options.SmsPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = int.MaxValue, AutoReplenishment = true,
        });
}

/// <summary>
/// Delivers planned deliveries. Each round claims a batch with a lease (Planned → Sending, lease until now + 2 min),
/// hands them to the channel edges concurrently and records every outcome with a conditional update. A dispatcher that
/// dies leaves its lease to run out; the deliveries then go back to Planned and are sent again. That is the documented
/// in-flight window: the hand-overs of the chunk being sent when the process died can be sent twice — never more than
/// twice, and never lost. A chunk is <see cref="DispatchOptions.Concurrency"/> hand-overs (8 by default); with a batching
/// gateway (Kannel) an SMS hand-over carries up to <see cref="DispatchOptions.SmsRecipientsPerRequest"/> numbers, so the
/// bound is Concurrency × SmsRecipientsPerRequest SMS (800 by default), otherwise Concurrency deliveries. Transient gateway errors (503 backpressure, unreachable) retry with
/// exponential backoff; the last attempt, or a permanent refusal, marks the delivery failed, and an alarm that failed
/// by SMS fails over to the member's next channel (voice, e-mail, web).
/// </summary>
public sealed class DeliveryDispatcher(IServiceScopeFactory scopes, TimeProvider clock, DispatchSignal signal, DispatchOptions options,
    ILogger<DeliveryDispatcher> log, IConfiguration config) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        await ReclaimOwnLeasesAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            // The bookkeeping scans the whole deliveries table: every ten seconds is plenty (a lease runs two minutes),
            // and a big alarm's rounds then spend their time sending, not scanning.
            var housekeeping = Environment.TickCount64 - lastHousekeeping >= 10_000;
            if (housekeeping) lastHousekeeping = Environment.TickCount64;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var senders = new Senders(sp.GetRequiredService<ISmsSender>(), sp.GetRequiredService<IEmailSender>(), sp.GetRequiredService<IVoiceSender>(),
                    sp.GetRequiredService<IStringLocalizer<SharedResource>>(), config["App:PublicUrl"] ?? "http://localhost:5080",
                    sp.GetService<DispatchLive>(), sp.GetRequiredService<SmsRateLimit>().Limiter);
                var db = sp.GetRequiredService<BinHubDb>();
                busy = await RunOnceAsync(db, senders, clock, options, log, stoppingToken, housekeeping) > 0;
                // A national alarm just added 180,000 rows that PostgreSQL's statistics know nothing of: without a fresh
                // ANALYZE the delivery-report updates of the next minutes can pick scans over the whole table. After the
                // first round, so that the first SMS does not wait for it.
                if (busy && db.IsPostgres && signal.TakeBulk())
                    await db.Database.ExecuteSqlRawAsync("ANALYZE \"Deliveries\"", stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Delivery round failed; retrying");
            }
            if (!busy)
            {
                try { await signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), stoppingToken); }
                catch (OperationCanceledException) { }
            }
        }
    }

    /// <summary>A stable instance id that starts again held nothing before: whatever it still leases was cut off by its own crash.</summary>
    private async Task ReclaimOwnLeasesAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.InstanceId)) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BinHubDb>();
            var me = options.Instance;
            var back = await Claim.ReleaseAsync(db.Deliveries.Where(d => d.DispatchedBy == me), ct);
            if (back > 0) log.LogWarning("Took back {Count} deliveries this instance ({Instance}) had claimed before it stopped", back, me);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not take back this instance's leases; they return when they run out");
        }
    }

    private enum Result { Sent, AudioReady, Retry, Failed }

    /// <summary>What happened to one hand-over: one delivery, or all the numbers of one batched SMS request.</summary>
    private sealed record Outcome(IReadOnlyList<Delivery> Deliveries, Result Result, string? Note)
    {
        public Outcome(Delivery delivery, Result result, string? note) : this([delivery], result, note) { }
    }

    /// <summary>One round; returns how many deliveries it handled (0: nothing due).</summary>
    private long lastHousekeeping = long.MinValue / 2;

    public static async Task<int> RunOnceAsync(BinHubDb db, Senders senders, TimeProvider clock, DispatchOptions o, ILogger log, CancellationToken ct,
        bool housekeeping = true)
    {
        var now = clock.GetUtcNow();
        if (housekeeping) await Housekeeping.RunAsync(db, senders, now, o, ct);
        var lease = now + o.Lease;
        var ids = await Claim.BatchAsync(db, now, lease, o.Instance, o.BatchSize, ct);
        if (ids.Count == 0) return 0;
        var batch = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Sending && d.DispatchedBy == o.Instance && d.LeaseUntil == lease).ToListAsync(ct);
        // The texts once per message, not once per delivery row.
        var messageIds = batch.Select(d => d.MessageId).Distinct().ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        foreach (var d in batch) d.Message = messages[d.MessageId];

        // Hand-overs run in chunks as wide as the allowed concurrency, each chunk's outcomes recorded before the next
        // starts: what a crash can leave handed-over-but-unrecorded is one chunk, which bounds the duplicates a restart
        // may send. An SMS hand-over to a batching gateway carries up to SmsRecipientsPerRequest numbers with the same text.
        var outcomes = new List<Outcome>(batch.Count);
        var handed = new HashSet<long>();
        try
        {
            foreach (var chunk in Units(batch, senders, o).Chunk(o.Concurrency))
            {
                var done = await Task.WhenAll(chunk.Select(u => SendAsync(u, senders, ct)));
                handed.UnionWith(done.SelectMany(x => x.Deliveries).Select(d => d.Id));
                await Transient.RetryAsync(() => RecordAsync(db, clock, o, log, done, ct), ct);
                outcomes.AddRange(done);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What this round claimed but never handed over goes back to the queue now, not when the lease runs out: a
            // failed bookkeeping statement must not hold the rest of an alarm back for minutes. What was handed over and
            // not recorded keeps its lease (the in-flight window: sent again only if no delivery report comes first).
            var unsent = batch.Where(d => !handed.Contains(d.Id)).Select(d => d.Id).ToList();
            try
            {
                await Claim.ReleaseAsync(db.Deliveries.Where(d => unsent.Contains(d.Id) && d.DispatchedBy == o.Instance && d.LeaseUntil == lease), ct);
            }
            catch (Exception release) when (release is not OperationCanceledException)
            {
                log.LogWarning(release, "Could not release {Count} claimed deliveries; they return when the lease runs out", unsent.Count);
            }
            throw;
        }
        if (senders.Live is { } live)
        {
            var web = outcomes.Where(x => x.Result == Result.Sent).SelectMany(x => x.Deliveries).Where(d => d.Channel == Channels.Web).Select(d => d.Id).ToList();
            await live.AfterRoundAsync(db, batch.Select(d => d.MessageId).Distinct().ToList(), web, ct);
        }
        return batch.Count;
    }

    /// <summary>
    /// A chunk's outcomes: everything handed over in one statement (a chunk of a national alarm is 800 SMS; one UPDATE
    /// instead of eight keeps the gateway waiting less), audio per text, retries and failures one by one.
    /// </summary>
    private static async Task RecordAsync(BinHubDb db, TimeProvider clock, DispatchOptions o, ILogger log, IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        IQueryable<Delivery> Mine(IEnumerable<Outcome> of)
        {
            var ids = of.SelectMany(x => x.Deliveries).Select(d => d.Id).ToList();
            return db.Deliveries.Where(x => ids.Contains(x.Id) && x.State == DeliveryState.Sending);
        }
        if (outcomes.Any(x => x.Result == Result.Sent))
            await Mine(outcomes.Where(x => x.Result == Result.Sent)).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Sent).SetProperty(x => x.SentAt, at)
                .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, (string?)null), ct);
        foreach (var audio in outcomes.Where(x => x.Result == Result.AudioReady).GroupBy(x => x.Note))
            await Mine(audio).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.AudioReady).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.LastError, audio.Key), ct);
        foreach (var outcome in outcomes.Where(x => x.Result is Result.Retry or Result.Failed))
            await RecordUnsentAsync(db, o, log, outcome, at, ct);
    }

    private static async Task RecordUnsentAsync(BinHubDb db, DispatchOptions o, ILogger log, Outcome outcome, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var d in outcome.Deliveries)
        {
            var one = db.Deliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Sending);
            if (outcome.Result == Result.Retry && d.Attempts < o.MaxAttempts)
            {
                var retryAt = at + TimeSpan.FromSeconds(Math.Min(o.MaxBackoff.TotalSeconds, Math.Pow(2, d.Attempts)));
                await one.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Planned).SetProperty(x => x.DueAt, retryAt)
                    .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, outcome.Note), ct);
                continue;
            }
            if (await one.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Failed).SetProperty(x => x.FinalAt, at)
                    .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, outcome.Note), ct) > 0)
                await Failover.PlanAsync(db, d.Id, at, ct);
            log.LogWarning("Delivery {Id} ({Channel}) failed: {Error}", d.Id, d.Channel, outcome.Note);
        }
    }

    /// <summary>The hand-overs of a batch: SMS with the same text grouped for a batching gateway, everything else one by one.</summary>
    private static IEnumerable<IReadOnlyList<Delivery>> Units(List<Delivery> batch, Senders s, DispatchOptions o)
    {
        if (s.Sms is not ISmsBatchSender || o.SmsRecipientsPerRequest <= 1)
        {
            foreach (var d in batch) yield return [d];
            yield break;
        }
        // A rate-limited account can take at most its per-second budget in one request.
        var per = s.SmsRate is null ? o.SmsRecipientsPerRequest : Math.Max(1, Math.Min(o.SmsRecipientsPerRequest, Math.Max(1, o.SmsPerSecond)));
        foreach (var d in batch.Where(d => d.Channel != Channels.Sms)) yield return [d];
        foreach (var group in batch.Where(d => d.Channel == Channels.Sms).GroupBy(d => (d.MessageId, d.Language)))
        foreach (var part in group.Chunk(per))
            yield return part;
    }

    private static async Task<Outcome> SendAsync(IReadOnlyList<Delivery> unit, Senders s, CancellationToken ct)
    {
        if (unit.Count == 1) return await SendAsync(unit[0], s, ct);
        var m = unit[0].Message!;
        var text = m.Text(unit[0].Language) ?? m.Text(m.LanguageFor(unit[0].Language, unit[0].Language)) ?? "";
        try
        {
            if (s.SmsRate is { } rate)
            {
                using var lease = await rate.AcquireAsync(unit.Count, ct);
                if (!lease.IsAcquired) return new Outcome(unit, Result.Retry, "SMS rate limit reached");
            }
            await ((ISmsBatchSender)s.Sms).SendManyAsync(unit.Select(d => d.Recipient).ToList(), text, m.Id, ct);
            return new Outcome(unit, Result.Sent, null);
        }
        catch (SmsGatewayException e)
        {
            return new Outcome(unit, e.Permanent ? Result.Failed : Result.Retry, Trim(e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Outcome(unit, Result.Retry, Trim(e.Message));
        }
    }

    private static async Task<Outcome> SendAsync(Delivery d, Senders s, CancellationToken ct)
    {
        var m = d.Message!;
        var text = m.Text(d.Language) ?? m.Text(m.LanguageFor(d.Language, d.Language)) ?? "";
        try
        {
            switch (d.Channel)
            {
                case Channels.Sms:
                    if (s.SmsRate is { } rate)
                    {
                        using var lease = await rate.AcquireAsync(1, ct);
                        if (!lease.IsAcquired) return new Outcome(d, Result.Retry, "SMS rate limit reached");
                    }
                    await s.Sms.SendAsync(d.Recipient, text, d.Id, ct, SmsRef.Delivery);
                    return new Outcome(d, Result.Sent, null);
                case Channels.Email:
                    var (subject, body) = EmailText.Compose(m, d.Language, text, s.L, s.PublicUrl);
                    await s.Email.SendAsync(d.Recipient, subject, body, ct);
                    return new Outcome(d, Result.Sent, null);
                case Channels.Voice:
                    var audio = await s.Voice.RenderTelephonyAsync($"message-{m.Id}-{d.Language}", text, d.Language, ct);
                    return new Outcome(d, Result.AudioReady, $"audio ready ({audio.Duration.TotalSeconds:0.0} s), call pending");
                case Channels.Web:
                    return new Outcome(d, Result.Sent, null); // the delivery row is the inbox entry
                default:
                    return new Outcome(d, Result.Failed, $"unknown channel {d.Channel}");
            }
        }
        catch (SmsGatewayException e)
        {
            return new Outcome(d, e.Permanent ? Result.Failed : Result.Retry, Trim(e.Message));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new Outcome(d, Result.Retry, Trim(e.Message));
        }
    }

    private static string Trim(string s) => s.Length > 500 ? s[..500] : s;
}

/// <summary>The e-mail form of a message: a subject per kind, the text, and what members need around it.</summary>
public static class EmailText
{
    public static (string Subject, string Body) Compose(Message m, string lang, string text, IStringLocalizer L, string publicUrl)
    {
        using var _ = new InLanguage(lang);
        var subject = L[$"Message.Subject.{m.Kind}"].Value;
        var footer = m.IsUrgent ? L["Message.EmailFooterUrgent"].Value : L["Message.EmailFooter", $"{publicUrl.TrimEnd('/')}/Me/Preferences"].Value;
        return (subject, $"{text}\n\n--\n{footer}");
    }
}
