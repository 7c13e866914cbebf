using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Dispatch;

public sealed class DispatchOptions
{
    /// <summary>Most rows one round claims per channel (SMS rounds also stop at the gateway's room, see <see cref="ISmsRoom"/>).</summary>
    public int BatchSize { get; set; } = 1000;
    public int Concurrency { get; set; } = 8;
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
    public double PollSeconds { get; set; } = 1;
    /// <summary>Numbers per gateway request when many members get the same text (Kannel takes several in <c>to</c>).</summary>
    public int SmsRecipientsPerRequest { get; set; } = 100;
    /// <summary>Off in tests that drive rounds themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// The channel edges one round uses; the web inbox needs none (the row is the inbox entry). <paramref name="Live"/> pushes
/// progress to dashboards and new web deliveries to members' pages; null where nobody listens (tests, the CLI).
/// <paramref name="Kannel"/> builds delivery-report URLs (null: the gateway gives no reports, e.g. the dev outbox);
/// <paramref name="SmsRoom"/> says how much the SMS gateway may take now (null: unlimited).
/// </summary>
public sealed record Senders(ISmsSender Sms, IEmailSender Email, IVoiceSender Voice, IStringLocalizer L, string PublicUrl, DispatchLive? Live = null,
    ISmsRoom? SmsRoom = null, KannelOptions? Kannel = null)
{
    public static Senders From(IServiceProvider sp, string publicUrl, bool live = true, ISmsSender? sms = null, IEmailSender? email = null,
        IVoiceSender? voice = null) =>
        new(sms ?? sp.GetRequiredService<ISmsSender>(), email ?? sp.GetRequiredService<IEmailSender>(), voice ?? sp.GetRequiredService<IVoiceSender>(),
            sp.GetRequiredService<IStringLocalizer<SharedResource>>(), publicUrl, live ? sp.GetService<DispatchLive>() : null,
            sp.GetService<ISmsRoom>(), sms is null ? sp.GetService<KannelOptions>() : null);
}

/// <summary>
/// The one sending engine. Every outbound row — alarm, feedback, code, confirmation, reminder, prevention, information —
/// waits in <c>Deliveries</c> and is sent here. Two loops run side by side so that e-mail and web keep their own pace and
/// never wait for SMS: one for SMS, paced by the gateway's room (<see cref="ISmsRoom"/>: BinHub keeps only a few seconds
/// of work queued in Kannel, whose queue is first-in first-out, so a new alarm is next on the wire), one for web, e-mail
/// and voice. Each round claims the lowest lane first (<see cref="Claim"/>) with a lease (Planned → Sending, lease until
/// now + 2 min), hands rows to the channel edges concurrently and records every outcome with a conditional update; the
/// kind's <see cref="DispatchPolicy"/> decides retries, backoff and fail-over. A dispatcher that dies leaves its lease to
/// run out; the rows then go back to Planned and are sent again. That is the documented in-flight window: the hand-overs
/// of the chunk being sent when the process died can be sent twice — never more than twice, and never lost. A chunk is
/// <see cref="DispatchOptions.Concurrency"/> hand-overs (8 by default); with a batching gateway (Kannel) an SMS hand-over
/// carries up to <see cref="DispatchOptions.SmsRecipientsPerRequest"/> numbers, so the bound is Concurrency ×
/// SmsRecipientsPerRequest SMS (800 by default) and never more than the gateway's room, otherwise Concurrency rows.
/// </summary>
public sealed class DeliveryDispatcher(IServiceScopeFactory scopes, TimeProvider clock, DispatchSignal signal, DispatchOptions options,
    ILogger<DeliveryDispatcher> log, ICallGateway? calls = null) : BackgroundService
{
    /// <summary>The SMS loop's channels, and the other loop's (web first: it costs nothing and members see it at once).</summary>
    public static readonly Channels[] SmsLoop = [Channels.Sms];
    public static readonly Channels[] OtherLoop = [Channels.Web, Channels.Email, Channels.Voice];
    public static readonly Channels[] Everything = [Channels.Sms, Channels.Web, Channels.Email, Channels.Voice];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        await ReclaimOwnLeasesAsync(stoppingToken);
        // With a call gateway, voice rows are calls and have their own loop (CallDispatcher); without one, their audio is
        // rendered here and they wait, visibly, as "audio ready".
        var other = calls is null ? OtherLoop : OtherLoop.Where(c => c != Channels.Voice).ToArray();
        await Task.WhenAll(LoopAsync(SmsLoop, stoppingToken), LoopAsync(other, stoppingToken));
    }

    private async Task LoopAsync(Channels[] channels, CancellationToken stoppingToken)
    {
        var sms = channels.Contains(Channels.Sms);
        var lastHousekeeping = long.MinValue / 2;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            // The bookkeeping scans the whole table: every ten seconds is plenty (a lease runs two minutes), and a big
            // alarm's rounds then spend their time sending, not scanning. The other loop does it; SMS rounds only send.
            var housekeeping = !sms && Environment.TickCount64 - lastHousekeeping >= 10_000;
            if (housekeeping) lastHousekeeping = Environment.TickCount64;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var senders = Senders.From(sp, Join.PublicUrl.For(sp));
                if (sms && senders.SmsRoom is { } room) await room.WaitForRoomAsync(room.TopUp, stoppingToken);
                var db = sp.GetRequiredService<BinHubDb>();
                busy = await RunOnceAsync(db, senders, clock, options, log, stoppingToken, housekeeping, channels) > 0;
                // A national alarm just added 180,000 rows that PostgreSQL's statistics know nothing of: without a fresh
                // ANALYZE the delivery-report updates of the next minutes can pick scans over the whole table. After the
                // first round, so that the first SMS does not wait for it.
                if (busy && db.IsPostgres && signal.TakeBulk())
                    await db.Database.ExecuteSqlRawAsync("ANALYZE \"Deliveries\"", stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Dispatch round ({Channels}) failed; retrying", string.Join(",", channels));
            }
            if (!busy)
            {
                try { await signal.WaitAsync(TimeSpan.FromSeconds(options.PollSeconds), sms, stoppingToken); }
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

    /// <summary>What happened to one hand-over: one row, or all the numbers of one batched SMS request.</summary>
    private sealed record Outcome(IReadOnlyList<Delivery> Deliveries, Result Result, string? Note, string? Via = null)
    {
        public Outcome(Delivery delivery, Result result, string? note, string? via = null) : this([delivery], result, note, via) { }
    }

    /// <summary>
    /// One round over <paramref name="channels"/> (default: all); returns how many rows it handled (0: nothing due). SMS
    /// claims stop at the gateway's room, so what a round hands to the gateway never exceeds what it can drain in a few
    /// seconds, and the next round claims again from the top lane.
    /// </summary>
    public static async Task<int> RunOnceAsync(BinHubDb db, Senders senders, TimeProvider clock, DispatchOptions o, ILogger log, CancellationToken ct,
        bool housekeeping = true, Channels[]? channels = null)
    {
        var now = clock.GetUtcNow();
        if (housekeeping) await Housekeeping.RunAsync(db, senders, now, o, ct);
        var lease = now + o.Lease;
        var ids = new List<long>();
        foreach (var channel in channels ?? Everything)
        {
            var size = channel == Channels.Sms && senders.SmsRoom is { } room ? Math.Min(o.BatchSize, room.Room()) : o.BatchSize;
            ids.AddRange(await Claim.BatchAsync(db, channel, now, lease, o.Instance, size, ct));
        }
        if (ids.Count == 0) return 0;
        var batch = await db.Deliveries.AsNoTracking()
            .Where(d => ids.Contains(d.Id) && d.State == DeliveryState.Sending && d.DispatchedBy == o.Instance && d.LeaseUntil == lease).ToListAsync(ct);
        // The texts once per message, not once per row; service messages carry their own.
        var messageIds = batch.Where(d => d.MessageId != null).Select(d => d.MessageId!.Value).Distinct().ToList();
        var messages = await db.Messages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        foreach (var d in batch.Where(d => d.MessageId != null)) d.Message = messages[d.MessageId!.Value];
        // Lowest lane first within the round too: the claim's order is not the order rows come back in.
        batch = batch.OrderBy(d => d.Lane).ThenBy(d => d.DueAt).ThenBy(d => d.Id).ToList();

        // Hand-overs run in chunks as wide as the allowed concurrency, each chunk's outcomes recorded before the next
        // starts: what a crash can leave handed-over-but-unrecorded is one chunk, which bounds the duplicates a restart
        // may send.
        var outcomes = new List<Outcome>(batch.Count);
        var handed = new HashSet<long>();
        try
        {
            foreach (var claimed in Units(batch, senders, o).Chunk(o.Concurrency))
            {
                // An event's reminder may have been claimed before its event or registration was cancelled: checked again
                // now, just before it goes, and cancelled instead (no query when the chunk holds none).
                var stale = await Events.EventNotices.StaleAsync(db, claimed.SelectMany(u => u), clock.GetUtcNow(), ct);
                var chunk = stale.Count == 0 ? claimed : claimed.Where(u => !stale.Contains(u[0].Id)).ToArray();
                var done = await Task.WhenAll(chunk.Select(u => SendAsync(u, senders, ct)));
                handed.UnionWith(done.SelectMany(x => x.Deliveries).Select(d => d.Id));
                senders.SmsRoom?.Handed(done.Where(x => x.Result == Result.Sent && x.Deliveries[0].Channel == Channels.Sms)
                    .Sum(x => x.Deliveries.Count * SmsFlow.PartsOf(TextOf(x.Deliveries[0]))));
                await Transient.RetryAsync(() => RecordAsync(db, clock, log, done, ct), ct);
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
        if (senders.Live is { } live && messageIds.Count > 0)
        {
            var web = outcomes.Where(x => x.Result == Result.Sent).SelectMany(x => x.Deliveries).Where(d => d.Channel == Channels.Web).Select(d => d.Id).ToList();
            await live.AfterRoundAsync(db, messageIds, web, ct);
        }
        return batch.Count;
    }

    /// <summary>
    /// A chunk's outcomes: everything handed over in one statement per gateway (a chunk of a national alarm is 800 SMS; one
    /// UPDATE instead of eight keeps the gateway waiting less), audio per text, retries and failures one by one.
    /// </summary>
    private static async Task RecordAsync(BinHubDb db, TimeProvider clock, ILogger log, IReadOnlyList<Outcome> outcomes, CancellationToken ct)
    {
        var at = clock.GetUtcNow();
        IQueryable<Delivery> Mine(IEnumerable<Outcome> of)
        {
            var ids = of.SelectMany(x => x.Deliveries).Select(d => d.Id).ToList();
            return db.Deliveries.Where(x => ids.Contains(x.Id) && x.State == DeliveryState.Sending);
        }
        foreach (var sent in outcomes.Where(x => x.Result == Result.Sent).GroupBy(x => x.Via))
            await Mine(sent).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Sent).SetProperty(x => x.SentAt, at)
                .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, (string?)null).SetProperty(x => x.Via, sent.Key), ct);
        foreach (var audio in outcomes.Where(x => x.Result == Result.AudioReady).GroupBy(x => (x.Note, x.Via)))
            await Mine(audio).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.AudioReady).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(x => x.LastError, audio.Key.Note).SetProperty(x => x.Via, audio.Key.Via), ct);
        foreach (var outcome in outcomes.Where(x => x.Result is Result.Retry or Result.Failed))
            await RecordUnsentAsync(db, log, outcome, at, ct);
    }

    private static async Task RecordUnsentAsync(BinHubDb db, ILogger log, Outcome outcome, DateTimeOffset at, CancellationToken ct)
    {
        foreach (var d in outcome.Deliveries)
        {
            var policy = DispatchPolicy.For(d.Kind);
            var one = db.Deliveries.Where(x => x.Id == d.Id && x.State == DeliveryState.Sending);
            if (outcome.Result == Result.Retry && d.Attempts < policy.MaxAttempts)
            {
                var retryAt = at + policy.BackoffAfter(d.Attempts);
                await one.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Planned).SetProperty(x => x.DueAt, retryAt)
                    .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, outcome.Note), ct);
                continue;
            }
            if (await one.ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DeliveryState.Failed).SetProperty(x => x.FinalAt, at)
                    .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.LastError, outcome.Note), ct) > 0 && policy.FailsOver)
                await Failover.PlanAsync(db, d.Id, at, ct);
            log.LogWarning("Delivery {Id} ({Kind}, {Channel}) failed: {Error}", d.Id, d.Kind, d.Channel, outcome.Note);
        }
    }

    /// <summary>The hand-overs of a batch: SMS of one message in one language grouped for a batching gateway, everything else one by one.</summary>
    private static IEnumerable<IReadOnlyList<Delivery>> Units(List<Delivery> batch, Senders s, DispatchOptions o)
    {
        var per = Math.Max(1, Math.Min(o.SmsRecipientsPerRequest, s.Sms.MaxRecipients));
        static bool Batched(Delivery d, int per) => d.Channel == Channels.Sms && d.MessageId is not null && per > 1;
        var units = batch.Where(d => !Batched(d, per)).Select(d => (IReadOnlyList<Delivery>)[d])
            .Concat(batch.Where(d => Batched(d, per)).GroupBy(d => (d.MessageId, d.Language)).SelectMany(g => g.Chunk(per)));
        return units.OrderBy(u => u[0].Lane); // stable: within a lane, the claim's order
    }

    private static string TextOf(Delivery d) =>
        d.Body ?? (d.Message is { } m ? DeliveryText.For(m, d.Language) : "");

    private static async Task<Outcome> SendAsync(IReadOnlyList<Delivery> unit, Senders s, CancellationToken ct)
    {
        var d = unit[0];
        var text = TextOf(d);
        try
        {
            switch (d.Channel)
            {
                case Channels.Sms:
                    var report = s.Kannel is null ? null
                        : unit.Count == 1 ? DeliveryReports.UrlFor(s.Kannel, d.Id) : DeliveryReports.UrlForMany(s.Kannel, d.MessageId!.Value);
                    var via = await s.Sms.SendAsync(unit.Select(x => x.Recipient).ToList(), text, report, ct);
                    return new Outcome(unit, Result.Sent, null, via);
                case Channels.Email when d.Message is { } m:
                    var (subject, body) = EmailText.Compose(m, d.Language, text, s.L, s.PublicUrl);
                    return new Outcome(d, Result.Sent, null, await s.Email.SendAsync(d.Recipient, subject, body, ct));
                case Channels.Email:
                    return new Outcome(d, Result.Sent, null, await s.Email.SendAsync(d.Recipient, d.Subject ?? "", text, ct));
                case Channels.Voice:
                    // No call gateway yet: the audio is rendered and the row is held, visibly, with the reason.
                    var audio = d.Message is { } spoken
                        ? await s.Voice.RenderTelephonyAsync($"message-{spoken.Id}-{d.Language}", text, d.Language, ct)
                        : await s.Voice.RenderAsync(d.Id, text, d.Language, ct);
                    return new Outcome(d, Result.AudioReady, $"audio ready ({audio.Duration.TotalSeconds:0.0} s), call pending: no call gateway is configured", audio.Via);
                case Channels.Web:
                    return new Outcome(d, Result.Sent, null, "web"); // the row is the inbox entry
                default:
                    return new Outcome(unit, Result.Failed, $"unknown channel {d.Channel}");
            }
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

    private static string Trim(string s) => s.Length > 500 ? s[..500] : s;
}

/// <summary>The e-mail form of a message: a subject per kind, the text, and what members need around it.</summary>
public static class EmailText
{
    public static (string Subject, string Body) Compose(Message m, string lang, string text, IStringLocalizer L, string publicUrl)
    {
        using var _ = new InLanguage(lang);
        // An exercise says so in the subject too: the first thing read in a mailbox.
        var subject = DeliveryText.Marked(L[$"Message.Subject.{m.Kind}"].Value, lang, m.IsExercise);
        var footer = m.IsUrgent ? L["Message.EmailFooterUrgent"].Value : L["Message.EmailFooter", $"{publicUrl.TrimEnd('/')}/Me/Preferences"].Value;
        return (subject, $"{text}\n\n--\n{footer}");
    }
}
