
namespace BinHub.Gateways.Sms;

/// <summary>One link on the sending-engine dashboard.</summary>
/// <param name="Queued">What this link's connections hold (Kannel's per-smsc queue); null when unmonitored.</param>
/// <param name="MeasuredRate">SMS per second from Kannel's sent counter over the last few seconds; null until measured.</param>
/// <param name="Utilisation">MeasuredRate / Rate.</param>
/// <param name="StalledSince">When work began waiting without this link draining it.</param>
public sealed record SmsLinkSnapshot(string Name, double Rate, SmsLinkState State, bool CountsAsUp, long? Queued, long? Sent,
    long? Failed, double? MeasuredRate, double? Utilisation, bool Stalled, DateTimeOffset? StalledSince);

/// <summary>The gateway as flow control sees it.</summary>
/// <param name="Unlimited">No links configured: no flow control.</param>
/// <param name="Monitored">Sms:Kannel:StatusUrl is configured.</param>
/// <param name="EstimatedQueued">What BinHub believes waits in the gateway now.</param>
/// <param name="GatewayQueued">Kannel's global queue at the last status (taken by no link yet).</param>
/// <param name="HandedTotal">SMS handed to the gateway since this process started.</param>
/// <param name="StatusError">Why the last status poll failed; null when it succeeded.</param>
public sealed record SmsFlowSnapshot(DateTimeOffset At, bool Unlimited, bool Monitored, double QueueSeconds, double Capacity, int Room,
    double EstimatedQueued, long HandedTotal, long? GatewayQueued, DateTimeOffset? StatusAt, string? StatusError, DateTimeOffset? StatusUnavailableSince,
    IReadOnlyList<SmsLinkSnapshot> Links)
{
    public double ContractedRate => Links.Sum(l => l.Rate);
    public double? MeasuredRate => Links.Any(l => l.MeasuredRate is not null) ? Links.Sum(l => l.MeasuredRate ?? 0) : null;
    public double? Utilisation => MeasuredRate is { } m && ContractedRate > 0 ? m / ContractedRate : null;
    public bool AnyStalled => Links.Any(l => l.Stalled);
}

/// <summary>
/// The gateway's room. Kannel's outgoing queue is first-in first-out and its links drain it at their contracted rate, so
/// whatever BinHub hands over waits behind everything handed before. BinHub therefore keeps only
/// <see cref="SmsFlowOptions.QueueSeconds"/> of work queued per link and tops it up as the links drain: the next alarm is
/// then at most that long from the wire, while the links never run dry.
/// <para>
/// The estimate of what is queued is a leaky bucket — every SMS handed over goes in, the links that are up drain it at
/// Σ Rate — corrected from Kannel's status page when <see cref="SmsFlowKannelOptions.StatusUrl"/> is set (what Kannel
/// reports as queued, plus what was handed since that poll was asked for, so a hand-over racing the poll is not lost).
/// </para>
/// <para>
/// A link Kannel reports as not online adds no room: work handed to a dead link only waits in front of later alarms.
/// When no link is online the gateway still gets a bounded allowance — one QueueSeconds' worth of the slowest link —
/// and nothing drains it until Kannel shows its queue emptying. Why not zero: Kannel keeps (with its store) what it
/// accepted, so the first SMS of an alarm are already in line the moment a link comes back, without waiting for BinHub's
/// next poll; and a status page that is wrong (a link working while reported down) still lets SMS through, one
/// allowance per poll. Why not more: the rest stays in BinHub, where the dispatcher orders it by priority, instead of in
/// Kannel's FIFO. Nothing is lost either way: a refused hand-over (503) is retried by the dispatcher.
/// </para>
/// Thread-safe; one instance per process. Several BinHub instances on one gateway: with the status page each sees the
/// whole queue, so together they keep about QueueSeconds of work queued (plus what each hands over within one poll);
/// without it each counts only its own hand-overs, so give each instance its share of the rates.
/// </summary>
public sealed class SmsFlow : ISmsRoom
{
    /// <summary>The sent counter is measured over this window for the drain rate.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    /// <summary>Work waiting this long while a link's sent counter does not move makes the link stalled.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(10);
    /// <summary>The longest a waiter sleeps before looking again (the status poll interval).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(250);

    private readonly object gate = new();
    private readonly TimeProvider clock;
    private readonly ILogger<SmsFlow> log;
    private readonly Link[] links;
    private readonly double queueSeconds;
    private double estimate;
    private DateTimeOffset estimateAt;
    private long handed;
    private long? gatewayQueued;
    private DateTimeOffset? statusAt;
    private string? statusError;
    private DateTimeOffset? outageSince;
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SmsFlow(SmsFlowOptions options, TimeProvider clock, ILogger<SmsFlow> log)
    {
        this.clock = clock;
        this.log = log;
        queueSeconds = options.QueueSeconds;
        Monitored = !string.IsNullOrWhiteSpace(options.Kannel.StatusUrl);
        links = options.Links.Select(l => new Link(l.Name, l.Rate, Monitored ? SmsLinkState.Unknown : SmsLinkState.Unmonitored)).ToArray();
        estimateAt = clock.GetUtcNow();
    }

    /// <summary>No links configured: every hand-over may go at once.</summary>
    public bool Unlimited => links.Length == 0;

    /// <summary>A status URL is configured: the poller corrects the estimate and watches the links.</summary>
    public bool Monitored { get; }

    /// <summary>How many SMS may be handed to the gateway now (int.MaxValue without links).</summary>
    public int Room()
    {
        if (Unlimited) return int.MaxValue;
        lock (gate)
        {
            Drain(clock.GetUtcNow());
            return RoomLocked();
        }
    }

    /// <summary>
    /// After the gateway accepted a hand-over: <paramref name="count"/> SMS as the links send them — recipients × parts
    /// of the text (<see cref="PartsOf"/>), since a link's contracted rate counts parts.
    /// </summary>
    public void Handed(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (gate)
        {
            handed += count;
            if (Unlimited) return;
            Drain(clock.GetUtcNow());
            estimate += count;
        }
    }

    /// <summary>
    /// Returns when <see cref="Room"/> is above 0: sleeps until the bucket should have drained enough (at most
    /// <see cref="MaxWait"/>), and wakes early when a status poll changed the picture.
    /// </summary>
    public Task WaitForRoomAsync(CancellationToken ct) => WaitForRoomAsync(1, ct);

    /// <summary>
    /// A top-up worth a dispatcher round: a quarter of the room the links hold, at most 100 SMS (one gateway request).
    /// Waiting for it instead of for one SMS keeps BinHub from running a database round per SMS at the links' pace.
    /// </summary>
    public int TopUp
    {
        get
        {
            if (Unlimited) return 1;
            lock (gate) return (int)Math.Clamp(Math.Floor(Shape().Capacity / 4), 1, 100);
        }
    }

    /// <summary>Returns when <see cref="Room"/> is at least <paramref name="atLeast"/> (or all the room the links now hold, if less).</summary>
    public async Task WaitForRoomAsync(int atLeast, CancellationToken ct)
    {
        if (Unlimited) return;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Task wake;
            TimeSpan delay;
            lock (gate)
            {
                var now = clock.GetUtcNow();
                Drain(now);
                var (capacity, rate) = Shape();
                var need = Math.Clamp(atLeast, 1, Math.Max(1, (int)Math.Floor(capacity)));
                if (RoomLocked() >= need) return;
                wake = changed.Task;
                // Room appears when the estimate falls to capacity − need; a millisecond more absorbs rounding.
                delay = rate > 0 ? TimeSpan.FromSeconds((estimate - (capacity - need)) / rate) + TimeSpan.FromMilliseconds(1) : MaxWait;
                if (delay > MaxWait) delay = MaxWait;
            }
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(wake, Task.Delay(delay, clock, stop.Token));
            // Woken by a status: the timer is no longer needed.
            await stop.CancelAsync();
        }
    }

    /// <summary>
    /// One status poll: remembers what was handed before asking, so SMS handed while the request is under way count on
    /// top of what Kannel reports. A failed read falls back to the own accounting, logged once per outage.
    /// </summary>
    public async Task PollAsync(Func<CancellationToken, Task<KannelStatus>> read, CancellationToken ct)
    {
        long mark;
        lock (gate) mark = handed;
        KannelStatus status;
        try { status = await read(ct); }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            StatusFailed(e.Message);
            return;
        }
        StatusReceived(status, mark);
    }

    /// <summary>Kannel's status, read after <paramref name="handedBeforeRequest"/> SMS had been handed in total.</summary>
    public void StatusReceived(KannelStatus status, long handedBeforeRequest)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (outageSince is { } since)
                log.LogInformation("Kannel's status page answers again after {Seconds:0} s; flow control follows Kannel's queue again.", (now - since).TotalSeconds);
            outageSince = null;
            statusError = null;
            statusAt = now;
            gatewayQueued = status.GatewayQueued;
            estimate = status.TotalQueued + (handed - handedBeforeRequest);
            estimateAt = now;
            foreach (var link in links) link.Observe(status, now, log);
            Signal();
        }
    }

    /// <summary>The status page could not be read: the leaky bucket carries on with every link counted as up.</summary>
    public void StatusFailed(string error)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            Drain(now);
            if (outageSince is null)
            {
                outageSince = now;
                log.LogWarning("Kannel's status page cannot be read ({Error}); flow control counts on its own arithmetic until it answers again.", error);
            }
            statusError = error;
            foreach (var link in links) link.Unknown();
            Signal();
        }
    }

    public SmsFlowSnapshot Snapshot()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            Drain(now);
            var capacity = Unlimited ? double.PositiveInfinity : Shape().Capacity;
            return new SmsFlowSnapshot(now, Unlimited, Monitored, queueSeconds, capacity, Unlimited ? int.MaxValue : RoomLocked(), estimate,
                handed, gatewayQueued, statusAt, statusError, outageSince, links.Select(l => l.Snapshot(now)).ToList());
        }
    }

    /// <summary>How many SMS a text takes on the air: 160 GSM 7-bit characters or 70 UCS-2 ones in one, 153 or 67 a part when concatenated.</summary>
    public static int PartsOf(string text)
    {
        if (Gsm7.Fits(text))
        {
            var septets = Gsm7.Septets(text);
            return septets <= 160 ? 1 : (septets + 152) / 153;
        }
        return text.Length <= 70 ? 1 : (text.Length + 66) / 67;
    }

    /// <summary>What the gateway may hold and how fast it drains, from the links that count as up.</summary>
    private (double Capacity, double Rate) Shape()
    {
        var up = links.Where(l => l.CountsAsUp).ToList();
        // At least one SMS, or a slow link with a short QueueSeconds would never get any.
        return up.Count > 0
            ? (Math.Max(1, up.Sum(l => l.Rate) * queueSeconds), up.Sum(l => l.Rate))
            // No link configured at all (SMS off): nothing drains; the engine page showed a 500 here (Min of nothing).
            : (Math.Max(1, links.Select(l => l.Rate).DefaultIfEmpty(0).Min() * queueSeconds), 0);
    }

    private int RoomLocked()
    {
        var room = Math.Floor(Shape().Capacity - estimate);
        return room <= 0 ? 0 : room >= int.MaxValue ? int.MaxValue : (int)room;
    }

    private void Drain(DateTimeOffset now)
    {
        var elapsed = (now - estimateAt).TotalSeconds;
        if (elapsed <= 0) return;
        estimate = Math.Max(0, estimate - Shape().Rate * elapsed);
        estimateAt = now;
    }

    private void Signal()
    {
        var woken = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        woken.TrySetResult();
    }

    /// <summary>A configured link and what the status pages said about it. Guarded by the flow's lock.</summary>
    private sealed class Link(string name, double rate, SmsLinkState initial)
    {
        public string Name { get; } = name;
        public double Rate { get; } = rate;
        private SmsLinkState state = initial;
        private long? queued, sent, failed;
        private readonly Queue<(DateTimeOffset At, long Sent)> samples = new();
        private DateTimeOffset progressAt;
        private DateTimeOffset? stalledSince;
        private bool missingLogged;

        /// <summary>Unmonitored and unknown links are trusted; only what Kannel says is down is left out.</summary>
        public bool CountsAsUp => state is SmsLinkState.Online or SmsLinkState.Unmonitored or SmsLinkState.Unknown;

        public void Observe(KannelStatus status, DateTimeOffset now, ILogger log)
        {
            var seen = status.Link(Name);
            if (seen is null)
            {
                if (!missingLogged)
                    log.LogError("SMS link {Link} (Sms:Links) is not an smsc-id in Kannel's status (it has {Ids}): no room is counted for it.",
                        Name, string.Join(", ", status.Links.Select(l => l.Id).Distinct()));
                missingLogged = true;
            }
            else missingLogged = false;
            state = seen?.State ?? SmsLinkState.Missing;
            queued = seen?.Queued ?? 0;
            failed = seen?.Failed;
            if (seen is not null)
            {
                // A smaller counter means Kannel restarted: earlier samples say nothing about the new counter.
                if (sent is { } before && seen.Sent < before) { samples.Clear(); sent = null; }
                if (sent is null || seen.Sent > sent) progressAt = now;
                sent = seen.Sent;
                samples.Enqueue((now, seen.Sent));
                while (samples.Count > 2 && now - samples.Peek().At > RateWindow) samples.Dequeue();
            }
            // Work waits for this link: in its own queue, or in the gateway's queue no link has taken yet.
            var waiting = queued > 0 || status.GatewayQueued > 0;
            if (!waiting) progressAt = now;
            var stalled = waiting && (state != SmsLinkState.Online || now - progressAt >= StallAfter);
            if (stalled && stalledSince is null)
            {
                stalledSince = now;
                log.LogError("SMS link {Link} stopped draining: {State}, {Queued} queued on the link and {GatewayQueued} in the gateway, nothing sent for {Seconds:0} s.",
                    Name, state, queued, status.GatewayQueued, (now - progressAt).TotalSeconds);
            }
            else if (!stalled && stalledSince is { } since)
            {
                stalledSince = null;
                log.LogWarning("SMS link {Link} drains again ({State}) after {Seconds:0} s stalled.", Name, state, (now - since).TotalSeconds);
            }
        }

        /// <summary>No status: the link is trusted again and its rate is no longer measured; a stall stays until a status says otherwise.</summary>
        public void Unknown()
        {
            state = SmsLinkState.Unknown;
            queued = null;
            samples.Clear();
        }

        public SmsLinkSnapshot Snapshot(DateTimeOffset now)
        {
            double? measured = null;
            if (samples.Count >= 2)
            {
                var (fromAt, fromSent) = samples.Peek();
                var (toAt, toSent) = samples.Last();
                var span = (toAt - fromAt).TotalSeconds;
                if (span >= 1) measured = (toSent - fromSent) / span;
            }
            return new SmsLinkSnapshot(Name, Rate, state, CountsAsUp, queued, sent, failed, measured, measured / Rate, stalledSince is not null, stalledSince);
        }
    }
}
