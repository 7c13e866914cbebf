using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using BinHub.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BinHub.Bench;

/// <summary>
/// Issue 12, item 4: does an alarm overtake a prevention backlog? Kannel with L links throttled to T SMS/s each
/// (<c>bench/kannel</c>), a prevention to B households by SMS, and <c>--alarm-after</c> seconds later an alarm to one BIN.
/// Measured at the operator side (what each link's sink received) and in the database. See bench/README.md, "priority".
/// </summary>
public static partial class Priority
{
    public const string Usage = """
        usage: BinHub.Bench priority [--links L] [--link-rate T] [--background B] [--alarm A] [--provider sqlite|postgres] [options]
               BinHub.Bench priority --smoke --provider sqlite|postgres   (L=2, T=100, B=2000, A=200; exit 1 unless lost=0)
          --links L            operator links link1..linkL in Kannel (default 3, smoke 2)
          --link-rate T        throughput per link, SMS/s (default 100)
          --background B       households receiving the prevention by SMS (default 20000, smoke 2000)
          --alarm A            households of the alarm BIN (default 500, smoke 200)
          --alarm-after S      seconds between the prevention's API answer and the alarm (default 5)
          --queue-seconds Q    passed to BinHub as Sms:QueueSeconds (default: not set, BinHub's default)
          --calibrate S        first measure the links alone with L×T×S SMS straight to Kannel (default 3, smoke 2; 0 = skip)
          --pg "conn"          PostgreSQL server to create the bench database in (default BINHUB_BENCH_PG or
                               Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres)
          --keep-kannel        leave our Kannel running (a next run with the same links reuses it)
          --kannel-wait S      how long to wait for someone else's Kannel to free the ports (default 300)
          --timeout S          give up after S seconds of sending (default max(120, 2(B+A)/(L×T) + 60))
          --strict             exit 1 also when a target is missed (default: only when lost > 0)
        """;

    private static Stopwatch Clock => BenchHost.Clock;
    private static void Say(string s) => BenchHost.Say(s);
    private const string StatusUrl = "http://127.0.0.1:13000/status.xml?password=statuspw";

    public static async Task<int> RunAsync(PriorityOptions o)
    {
        var repo = BenchHost.RepoRoot();
        var scripts = Path.Combine(repo, "bench", "kannel");
        var stamp = BenchHost.Stamp();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{stamp}-priority-{o.Provider}-{o.Background}");
        Directory.CreateDirectory(runDir);
        var gateway = Gateway.WithLinks(scripts, Path.Combine(repo, "bench", ".runs", "kannel-links"), o.Links, o.LinkRate);
        BinHubProcess? binhub = null;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        var tails = new List<FakesmscTail>();
        try
        {
            // 1. Data.
            Say($"preparing a fresh {o.Provider} database: {o.Background} prevention households, an alarm BIN of {o.Alarm}…");
            var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, $"binhub_bench_priority_{o.Background}");
            var seeded = await Seeder.SeedPriorityAsync(o.Provider, cs, o.Background, o.Alarm);
            Say($"seeded {seeded.Background} + {seeded.Alarm} households in {seeded.BackgroundBins.Count} + 1 BINs in {seeded.Took.TotalSeconds:0.0} s");

            // 2. Kannel with L links, and what each link's operator saw.
            await gateway.StartOrReuseAsync(o.KannelWait, Say);
            var seen = new Seen(o.Links);
            for (var i = 0; i < o.Links; i++)
            {
                var link = i;
                tails.Add(new FakesmscTail(gateway.LinkOutputs[i], Clock, (ms, to, text) => seen.Add(link, ms, to, text)));
            }
            using var kannel = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var calibration = o.CalibrateSeconds > 0 ? await CalibrateAsync(o, seen, kannel, cancel.Token) : null;

            // 3. BinHub.
            binhub = BinHubProcess.Start(o.Provider, cs, runDir, Settings(o));
            await binhub.WaitHealthyAsync(cancel.Token);
            Say($"BinHub up on {binhub.BaseUrl} (pid {binhub.Process.Id})");
            using var api = binhub.Client();
            await using DbConnection db = o.Provider == "postgres" ? new NpgsqlConnection(cs) : new SqliteConnection(cs);
            await db.OpenAsync(cancel.Token);
            await PreviewAsync(api, seeded, cancel.Token); // a BinHub in service has answered requests before

            // 4. The prevention, then the alarm, followed to the end.
            var result = await RunMessagesAsync(o, seeded, api, db, binhub, seen, kannel, cancel.Token);
            result = result with
            {
                Calibration = calibration, Seeding = seeded.Took.TotalSeconds, Commit = BenchHost.Git(repo, "rev-parse", "--short", "HEAD"),
                Date = DateTime.UtcNow.ToString("O"), Settings = Settings(o),
            };

            // 5. Report.
            Print(result);
            var dir = Environment.GetEnvironmentVariable("BINHUB_BENCH_RESULTS") is { Length: > 0 } r ? r : Path.Combine(repo, "bench", "results");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"priority-{o.Provider}-L{o.Links}-T{o.LinkRate}-B{o.Background}-{stamp}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Say($"written {Path.GetRelativePath(repo, file)}");
            Console.WriteLine(result.Line);
            if (result.Lost != 0 || result.TimedOut) return 1;
            return o.Strict && !result.TargetsMet ? 1 : 0;
        }
        catch (OperationCanceledException)
        {
            Say("cancelled");
            return 130;
        }
        finally
        {
            foreach (var t in tails) await t.DisposeAsync();
            if (binhub is not null) await binhub.DisposeAsync();
            if (!o.KeepKannel && (gateway.Started || gateway.Reused))
            {
                await gateway.StopAsync();
                Say("stopped our Kannel");
            }
        }
    }

    /// <summary>
    /// What BinHub is told (env form): the links and their contracted rates (<c>Sms:Links</c>), how many seconds of work it
    /// keeps queued in Kannel (<c>Sms:QueueSeconds</c>) and where it reads Kannel's queue (<c>Sms:Kannel:StatusUrl</c>).
    /// </summary>
    public static Dictionary<string, string> Settings(PriorityOptions o)
    {
        var s = new Dictionary<string, string>
        {
            ["Sms__Kannel__StatusUrl"] = StatusUrl,
        };
        for (var i = 0; i < o.Links; i++)
        {
            s[$"Sms__Links__{i}__Name"] = $"link{i + 1}";
            s[$"Sms__Links__{i}__Rate"] = o.LinkRate.ToString(CultureInfo.InvariantCulture);
        }
        if (o.QueueSeconds is { } q) s["Sms__QueueSeconds"] = q.ToString(CultureInfo.InvariantCulture);
        return s;
    }

    /// <summary>Every SMS the links' operators received, in order, with the link and which message it belongs to.</summary>
    public sealed class Seen(int links)
    {
        public readonly object Gate = new();
        public readonly List<(double Ms, int Link, string Kind)> Events = [];
        private readonly Dictionary<string, HashSet<string>> distinct = [];
        private readonly Dictionary<string, double> complete = [];
        private readonly Dictionary<string, int> expected = [];
        public readonly int[] PerLink = new int[links];
        public readonly Dictionary<string, int[]> PerLinkByKind = [];
        private readonly List<(string Marker, string Kind)> markers = [];

        public void Watch(string marker, string kind)
        {
            lock (Gate)
            {
                markers.Add((marker, kind));
                distinct[kind] = [];
                PerLinkByKind[kind] = new int[PerLink.Length];
            }
        }

        public void Expect(string kind, int count)
        {
            lock (Gate) expected[kind] = count;
        }

        public void Add(int link, double ms, string to, string text)
        {
            lock (Gate)
            {
                PerLink[link]++;
                foreach (var (marker, kind) in markers)
                {
                    if (!text.Contains(marker, StringComparison.Ordinal)) continue;
                    Events.Add((ms, link, kind));
                    PerLinkByKind[kind][link]++;
                    var set = distinct[kind];
                    if (set.Add(to) && expected.TryGetValue(kind, out var n) && set.Count >= n && !complete.ContainsKey(kind)) complete[kind] = ms;
                }
            }
        }

        public int Distinct(string kind) { lock (Gate) return distinct.TryGetValue(kind, out var s) ? s.Count : 0; }
        public int Lines(string kind) { lock (Gate) return PerLinkByKind.TryGetValue(kind, out var a) ? a.Sum() : 0; }
        public bool Has(string kind, string to) { lock (Gate) return distinct.TryGetValue(kind, out var s) && s.Contains(to); }
        public double? CompleteMs(string kind) { lock (Gate) return complete.TryGetValue(kind, out var v) ? v : null; }
        public double? FirstMs(string kind) { lock (Gate) return Events.Where(e => e.Kind == kind).Select(e => (double?)e.Ms).FirstOrDefault(); }
        public double? LastMs(string kind) { lock (Gate) return Events.Where(e => e.Kind == kind).Select(e => (double?)e.Ms).LastOrDefault(); }

        /// <summary>
        /// Recomputes when each kind became complete after <see cref="Expect"/> came late (SMS seen before the count was known).
        /// Each event's recipient is not kept, so this counts events: exact when there are no duplicates.
        /// </summary>
        public void Settle()
        {
            lock (Gate)
                foreach (var (kind, n) in expected)
                    if (!complete.ContainsKey(kind) && distinct[kind].Count >= n)
                    {
                        var k = 0;
                        foreach (var e in Events.Where(e => e.Kind == kind))
                            if (++k == n) { complete[kind] = e.Ms; break; }
                    }
        }
    }

    public sealed record Calibration(int Sms, double Seconds, double PerSecond, double[] PerLinkPerSecond, int[] PerLink);

    /// <summary>
    /// The links alone: L×T×S SMS straight to Kannel's sendsms (100 numbers a request, no reports), then how fast each link's
    /// operator received them. Shows whether Kannel spreads over all links and whether each really drains T/s.
    /// </summary>
    private static async Task<Calibration> CalibrateAsync(PriorityOptions o, Seen seen, HttpClient kannel, CancellationToken ct)
    {
        var marker = $"CAL{Random.Shared.Next(100000, 999999)}";
        seen.Watch(marker, "calibration");
        var n = (int)Math.Max(o.Links * 50, o.Links * o.LinkRate * o.CalibrateSeconds);
        seen.Expect("calibration", n);
        var text = Uri.EscapeDataString($"Bench {marker} link calibration");
        var requests = Enumerable.Range(0, (n + 99) / 100).Select(r => string.Join("%20",
            Enumerable.Range(r * 100, Math.Min(100, n - r * 100)).Select(i => $"%2B32499{i:0000000}"))).ToList();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (to, c) =>
        {
            using var r = await kannel.GetAsync($"http://127.0.0.1:13013/cgi-bin/sendsms?username=alerts&password=secret&from=BIN&to={to}&text={text}", c);
            if (r.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK)) throw new InvalidOperationException($"calibration sendsms answered {(int)r.StatusCode}");
        });
        var deadline = Stopwatch.StartNew();
        while (seen.Distinct("calibration") < n && deadline.Elapsed < TimeSpan.FromSeconds(60 + 3.0 * n / (o.Links * o.LinkRate))) await Task.Delay(50, ct);
        (double Ms, int Link, string Kind)[] events;
        lock (seen.Gate) events = seen.Events.Where(e => e.Kind == "calibration").ToArray();
        var first = events.First().Ms;
        var last = events.Last().Ms;
        var seconds = (last - first) / 1000;
        var perLink = Enumerable.Range(0, o.Links).Select(l => events.Count(e => e.Link == l)).ToArray();
        var perLinkRate = Enumerable.Range(0, o.Links).Select(l =>
        {
            var mine = events.Where(e => e.Link == l).ToArray();
            return mine.Length > 1 ? (mine.Length - 1) / ((mine[^1].Ms - mine[0].Ms) / 1000) : 0;
        }).ToArray();
        var cal = new Calibration(events.Length, seconds, seconds > 0 ? (events.Length - 1) / seconds : 0, perLinkRate, perLink);
        Say($"links alone: {cal.Sms} SMS in {cal.Seconds:0.00} s = {cal.PerSecond:0}/s (L×T = {o.Links * o.LinkRate}); per link " +
            string.Join(", ", perLink.Select((c, i) => $"link{i + 1} {c} at {perLinkRate[i]:0}/s")));
        await Task.Delay(500, ct);
        return cal;
    }

    private static async Task PreviewAsync(HttpClient api, Seeder.PrioritySeeded seeded, CancellationToken ct)
    {
        using var warm = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/preview")
        {
            Content = JsonContent.Create(new { kind = "Alarm", binIds = new[] { seeded.AlarmBin }, texts = new Dictionary<string, string> { ["nl"] = "Voorbeeld." } }),
        };
        warm.Headers.Authorization = new("Bearer", seeded.Token);
        using var warmed = await api.SendAsync(warm, ct);
        if (!warmed.IsSuccessStatusCode) throw new InvalidOperationException($"the warm-up preview answered {(int)warmed.StatusCode}: {await warmed.Content.ReadAsStringAsync(ct)}");
    }

    private static async Task<(long Id, int Members, string State, double ApiMs, double AnsweredMs)> SendAsync(HttpClient api, string token, object body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        var t0 = Clock.Elapsed.TotalMilliseconds;
        using var response = await api.SendAsync(request, ct);
        var t1 = Clock.Elapsed.TotalMilliseconds;
        var text = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST /api/v1/messages answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        return (root.GetProperty("messageId").GetInt64(), root.GetProperty("members").GetInt32(), root.GetProperty("state").ToString(), t1 - t0, t1);
    }

    public sealed record Result(int Links, int LinkRate, int Background, int Alarm, string Provider, double AlarmAfterS, double? QueueSeconds,
        long PreventionId, long AlarmId, int PreventionDeliveries, int AlarmDeliveries, int PreventionHeld, double PreventionApiMs, double AlarmApiMs,
        double? AlarmFirstMs, double? AlarmAllAtGatewayMs, double? AlarmHandedMs, double? BackgroundFirstMs, double? BackgroundDoneMs,
        double? BinHubQueueEmptyMs, double WindowS, int WindowSms, double LinkUtilisation, double SendingPerS,
        int[] PerLinkBackground, int[] PerLinkAlarm, int[] PerLinkAll, double[] PerLinkWindowPerS,
        int AlarmAheadOfBackground, int BackgroundAtAlarm, int BackgroundBeforeAlarmFirst, int KannelQueuedAtAlarm, int KannelQueuedMax,
        double CpuS, double CpuMsPer1000Sms, double PeakRssMb, int Lost, int Duplicates, int Failed, Dictionary<string, int> FinalStates,
        double AlarmTargetMs, bool AlarmTargetMet, bool UtilisationTargetMet, bool TimedOut,
        Calibration? Calibration = null, double Seeding = 0, string Commit = "", string Date = "", Dictionary<string, string>? Settings = null)
    {
        public bool TargetsMet => AlarmTargetMet && UtilisationTargetMet && Lost == 0;

        /// <summary>The same rate ÷ what the links alone delivered in the calibration (their real capacity on this machine).</summary>
        public double? UtilisationOfMeasured => Calibration is { PerSecond: > 0 } c ? LinkUtilisation * Links * LinkRate / c.PerSecond : null;

        public string Line => string.Create(CultureInfo.InvariantCulture,
            $"priority links={Links} link_rate={LinkRate} background={Background} alarm={Alarm} alarm_first_ms={Fmt(AlarmFirstMs)} " +
            $"alarm_all_at_gateway_ms={Fmt(AlarmAllAtGatewayMs)} link_utilisation={LinkUtilisation:0.00} background_done_ms={Fmt(BackgroundDoneMs)} lost={Lost}");

        private static string Fmt(double? v) => v is { } x ? x.ToString("0", CultureInfo.InvariantCulture) : "na";
    }

    private static async Task<Result> RunMessagesAsync(PriorityOptions o, Seeder.PrioritySeeded seeded, HttpClient api, DbConnection db, BinHubProcess binhub,
        Seen seen, HttpClient kannel, CancellationToken ct)
    {
        var bgMarker = $"PREV{Random.Shared.Next(100000, 999999)}";
        var alarmMarker = $"ALARM{Random.Shared.Next(100000, 999999)}";
        seen.Watch(bgMarker, "background");
        seen.Watch(alarmMarker, "alarm");
        var pid = binhub.Process.Id;
        var cpu0 = ProcStats.Cpu(pid);

        Say($"POST /api/v1/messages: prevention to zone {seeded.Zone} ({o.Background} households by SMS)…");
        var prevention = await SendAsync(api, seeded.Token, new
        {
            kind = "Prevention", zoneNumber = seeded.Zone,
            texts = new Dictionary<string, string> { ["nl"] = $"Preventietip ({bgMarker}): sluit ramen en deuren als u weggaat." },
        }, ct);
        if (prevention.State == "AwaitingApproval") throw new InvalidOperationException("the prevention awaits approval: an officer's should not");
        var tPrev = prevention.AnsweredMs;
        var held = await HeldAsync(db, o.Provider, prevention.Id, ct);
        var prevDeliveries = (await CountsAsync(db, [prevention.Id], ct)).Where(kv => kv.Key.Message == prevention.Id).Sum(kv => kv.Value);
        seen.Expect("background", prevDeliveries);
        Say($"prevention {prevention.Id}: {prevention.Members} households, {prevDeliveries} deliveries ({held} deferred) in {prevention.ApiMs:0} ms");
        if (held > 0) Say($"WARNING: {held} prevention deliveries are deferred (quiet hours?): the run does not measure what it should");

        // The backlog builds up for --alarm-after seconds.
        var statusEvery = TimeSpan.FromMilliseconds(500);
        var kannelQueuedMax = 0;
        var lastStatus = TimeSpan.Zero;
        async Task<int?> KannelQueuedAsync()
        {
            try
            {
                var xml = await kannel.GetStringAsync(StatusUrl, ct);
                var smscs = xml[Math.Max(0, xml.IndexOf("<smscs>", StringComparison.Ordinal))..];
                var q = QueuedRegex().Matches(smscs).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                kannelQueuedMax = Math.Max(kannelQueuedMax, q);
                return q;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException { CancellationToken.IsCancellationRequested: false }) { return null; }
        }
        while (Clock.Elapsed.TotalMilliseconds < tPrev + o.AlarmAfter * 1000)
        {
            if (Clock.Elapsed - lastStatus >= statusEvery) { lastStatus = Clock.Elapsed; await KannelQueuedAsync(); }
            await Task.Delay(50, ct);
        }

        var queuedAtAlarm = await KannelQueuedAsync() ?? -1;
        var bgAtAlarm = seen.Lines("background");
        Say($"POST /api/v1/messages: alarm to BIN {seeded.AlarmBin} ({o.Alarm} households); {bgAtAlarm} prevention SMS out so far, Kannel queue {queuedAtAlarm}…");
        var alarm = await SendAsync(api, seeded.Token, new
        {
            kind = "Alarm", binIds = new[] { seeded.AlarmBin },
            texts = new Dictionary<string, string> { ["nl"] = $"Inbraak bezig Kerkstraat ({alarmMarker}). Bel 112." },
        }, ct);
        var tAlarm = alarm.AnsweredMs;
        var alarmDeliveries = (await CountsAsync(db, [alarm.Id], ct)).Where(kv => kv.Key.Message == alarm.Id).Sum(kv => kv.Value);
        seen.Expect("alarm", alarmDeliveries);
        Say($"alarm {alarm.Id}: {alarm.Members} households, {alarmDeliveries} deliveries; API answered in {alarm.ApiMs:0} ms");

        double? alarmHanded = null, queueEmpty = null;
        (double User, double Sys)? cpuAtEmpty = null;
        var timedOut = false;
        var peak = 0.0;
        var lastProgress = Clock.Elapsed;
        var lastSignature = "";
        var nextSay = 0.0;
        Dictionary<(long Message, DeliveryState State), int> counts = [];
        while (true)
        {
            var now = Clock.Elapsed.TotalMilliseconds;
            counts = await CountsAsync(db, [prevention.Id, alarm.Id], ct);
            var interval = Math.Max(100, (Clock.Elapsed.TotalMilliseconds - now) * 4);
            int Waiting(long m) => counts.Where(kv => kv.Key.Message == m && kv.Key.State is DeliveryState.Planned or DeliveryState.Sending).Sum(kv => kv.Value);
            int Failed(long m) => counts.Where(kv => kv.Key.Message == m && kv.Key.State == DeliveryState.Failed).Sum(kv => kv.Value);
            if (alarmHanded is null && Waiting(alarm.Id) == 0) alarmHanded = now - tAlarm;
            if (queueEmpty is null && Waiting(alarm.Id) == 0 && Waiting(prevention.Id) == 0)
            {
                queueEmpty = now;
                cpuAtEmpty = ProcStats.Cpu(pid);
            }
            if (Clock.Elapsed - lastStatus >= statusEvery) { lastStatus = Clock.Elapsed; await KannelQueuedAsync(); }
            peak = Math.Max(peak, ProcStats.PeakRssMb(pid) ?? 0);
            var bg = seen.Distinct("background");
            var al = seen.Distinct("alarm");
            if (now >= nextSay)
            {
                Say($"prevention waiting in BinHub {Waiting(prevention.Id)}, at operators {bg}/{prevDeliveries}; alarm waiting {Waiting(alarm.Id)}, at operators {al}/{alarmDeliveries}; " +
                    $"Kannel queue {kannelQueuedMax} max; per link {string.Join('/', seen.PerLink)}");
                nextSay = now + 5000;
            }
            var bgDone = bg + Failed(prevention.Id) >= prevDeliveries;
            var alDone = al + Failed(alarm.Id) >= alarmDeliveries;
            if (queueEmpty is not null && bgDone && alDone) break;
            var signature = $"{bg}/{al}/{Waiting(prevention.Id)}/{Waiting(alarm.Id)}";
            if (signature != lastSignature) { lastSignature = signature; lastProgress = Clock.Elapsed; }
            if (Clock.Elapsed - lastProgress > TimeSpan.FromSeconds(60) || now - tAlarm > o.Timeout.TotalMilliseconds)
            {
                timedOut = true;
                Say("no progress for 60 s or timeout reached: stopping the measurement");
                break;
            }
            if (binhub.Process.HasExited) throw new InvalidOperationException($"BinHub exited ({binhub.Process.ExitCode}) during the run");
            await Task.Delay(TimeSpan.FromMilliseconds(interval), ct);
        }
        await Task.Delay(1000, ct); // late duplicates, if any
        seen.Settle();
        var cpuEnd = cpuAtEmpty ?? ProcStats.Cpu(pid);
        peak = Math.Max(peak, ProcStats.PeakRssMb(pid) ?? 0);

        // Lost: a planned SMS delivery that no operator received and that is not visibly failed.
        var lost = 0;
        var failed = 0;
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"SELECT \"MessageId\", \"Recipient\", \"State\" FROM \"Deliveries\" WHERE \"MessageId\" IN ({prevention.Id}, {alarm.Id}) AND \"Channel\" = {(int)Channels.Sms}";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var kind = r.GetInt64(0) == alarm.Id ? "alarm" : "background";
                var state = (DeliveryState)Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture);
                if (state == DeliveryState.Failed) failed++;
                else if (!seen.Has(kind, r.GetString(1))) lost++;
            }
        }

        (double Ms, int Link, string Kind)[] events;
        lock (seen.Gate) events = seen.Events.Where(e => e.Kind is "background" or "alarm").ToArray();
        // Utilisation: SMS the operators received per second, over the span in which work was waiting — from the first SMS to
        // the moment BinHub's queue was empty (nothing Planned or Sending), or the last SMS if that came first.
        var first = events.Length > 0 ? events[0].Ms : 0;
        var lastSms = events.Length > 0 ? events[^1].Ms : 0;
        var end = Math.Min(queueEmpty ?? lastSms, lastSms);
        var inWindow = events.Where(e => e.Ms >= first && e.Ms <= end).ToArray();
        var windowS = (end - first) / 1000;
        var windowRate = windowS > 0 ? (inWindow.Length - 1) / windowS : 0;
        var perLinkWindow = Enumerable.Range(0, o.Links).Select(l => windowS > 0 ? inWindow.Count(e => e.Link == l) / windowS : 0).ToArray();
        var sendingRate = lastSms > first ? (events.Length - 1) / ((lastSms - first) / 1000) : 0;
        // How many prevention SMS still went out between the alarm's API answer and its first SMS: what the alarm waited behind.
        var alarmFirstAbs = seen.FirstMs("alarm");
        var behind = events.Count(e => e.Kind == "background" && e.Ms > tAlarm && (alarmFirstAbs is null || e.Ms < alarmFirstAbs));
        var alarmAhead = 0;
        if (seen.CompleteMs("alarm") is { } alarmDone)
            alarmAhead = events.Count(e => e.Kind == "background" && e.Ms > alarmDone);
        var totalSms = events.Length;
        var cpuS = cpuEnd.User + cpuEnd.Sys - cpu0.User - cpu0.Sys;
        var alarmTarget = (1.2 * o.Alarm / (o.Links * o.LinkRate) + 1) * 1000;
        var alarmAll = seen.CompleteMs("alarm") is { } c ? c - tAlarm : (double?)null;
        var utilisation = windowRate / (o.Links * o.LinkRate);
        int[] ByKind(string k) { lock (seen.Gate) return seen.PerLinkByKind[k].ToArray(); }
        return new Result(o.Links, o.LinkRate, o.Background, o.Alarm, o.Provider, o.AlarmAfter, o.QueueSeconds,
            prevention.Id, alarm.Id, prevDeliveries, alarmDeliveries, held, prevention.ApiMs, alarm.ApiMs,
            seen.FirstMs("alarm") is { } af ? af - tAlarm : null, alarmAll, alarmHanded,
            seen.FirstMs("background") is { } bf ? bf - tPrev : null, seen.CompleteMs("background") is { } bd ? bd - tPrev : null,
            queueEmpty is { } qe ? qe - tPrev : null, windowS, inWindow.Length, utilisation, sendingRate,
            ByKind("background"), ByKind("alarm"), Enumerable.Range(0, o.Links).Select(l => ByKind("background")[l] + ByKind("alarm")[l]).ToArray(), perLinkWindow,
            alarmAhead, bgAtAlarm, behind, queuedAtAlarm, kannelQueuedMax,
            cpuS, totalSms > 0 ? cpuS * 1000 / totalSms * 1000 : 0, peak, lost, seen.Lines("background") + seen.Lines("alarm") - seen.Distinct("background") - seen.Distinct("alarm"), failed,
            counts.GroupBy(kv => kv.Key.State).ToDictionary(g => g.Key.ToString(), g => g.Sum(kv => kv.Value)),
            alarmTarget, alarmAll is { } aa && aa <= alarmTarget, utilisation >= 0.95, timedOut);
    }

    [GeneratedRegex(@"<queued>(\d+)</queued>")]
    private static partial Regex QueuedRegex();

    private static async Task<Dictionary<(long Message, DeliveryState State), int>> CountsAsync(DbConnection db, long[] messages, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT \"MessageId\", \"State\", COUNT(*) FROM \"Deliveries\" WHERE \"MessageId\" IN ({string.Join(',', messages)}) AND \"Channel\" = {(int)Channels.Sms} GROUP BY \"MessageId\", \"State\"";
        var result = new Dictionary<(long, DeliveryState), int>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            result[(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), (DeliveryState)Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture))] = Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture);
        return result;
    }

    /// <summary>Deliveries of the message due more than a minute from now: deferred by quiet hours (the bench's members have none).</summary>
    private static async Task<int> HeldAsync(DbConnection db, string provider, long messageId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM \"Deliveries\" WHERE \"MessageId\" = {messageId} AND \"DueAt\" > @later";
        var p = cmd.CreateParameter();
        p.ParameterName = "@later";
        var later = DateTimeOffset.UtcNow.AddMinutes(1);
        p.Value = provider == "postgres" ? later : later.UtcTicks; // SqliteBinHubDb stores instants as UTC ticks
        cmd.Parameters.Add(p);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static void Print(Result r)
    {
        string Ms(double? v) => v is { } x ? $"{x:0} ms" : "n/a";
        string Met(bool b) => b ? "met" : "MISSED";
        var cal = r.Calibration;
        var rows = new List<(string, string, string)>
        {
            ("links", $"{r.Links} × {r.LinkRate}/s", $"L×T = {r.Links * r.LinkRate} SMS/s; Sms:QueueSeconds {(r.QueueSeconds?.ToString(CultureInfo.InvariantCulture) ?? "not set")}"),
            ("links alone", cal is null ? "skipped" : $"{cal.PerSecond:0} /s", cal is null ? "" : $"{cal.Sms} SMS straight to Kannel; per link {string.Join(", ", cal.PerLinkPerSecond.Select((x, i) => $"{x:0}/s ({cal.PerLink[i]})"))}"),
            ("prevention", $"{r.PreventionDeliveries} SMS", $"planned in {r.PreventionApiMs:0} ms, {r.PreventionHeld} deferred"),
            ("alarm", $"{r.AlarmDeliveries} SMS", $"{r.AlarmAfterS:0.#} s after the prevention; planned in {r.AlarmApiMs:0} ms; {r.BackgroundAtAlarm} prevention SMS out by then, Kannel queue {r.KannelQueuedAtAlarm}"),
            ("alarm first", Ms(r.AlarmFirstMs), "alarm API answered → first alarm SMS at an operator"),
            ("alarm all", Ms(r.AlarmAllAtGatewayMs), $"alarm API answered → every alarm SMS at an operator; target ≤ {r.AlarmTargetMs:0} ms: {Met(r.AlarmTargetMet)}"),
            ("alarm handed", Ms(r.AlarmHandedMs), "alarm API answered → no alarm delivery Planned or Sending in the DB (all handed to Kannel)"),
            ("waited for", $"{r.BackgroundBeforeAlarmFirst} SMS", "prevention SMS that reached an operator between the alarm's API answer and its first SMS"),
            ("overtaken", $"{r.AlarmAheadOfBackground} SMS", "prevention SMS that reached an operator after the last alarm SMS"),
            ("background", Ms(r.BackgroundDoneMs), $"prevention API answered → every prevention SMS at an operator (first after {Ms(r.BackgroundFirstMs)})"),
            ("queue empty", Ms(r.BinHubQueueEmptyMs), "prevention API answered → nothing Planned or Sending in BinHub"),
            ("utilisation", $"{r.LinkUtilisation:0.00}", $"{r.WindowSms} SMS in {r.WindowS:0.0} s while work waited ÷ L×T; target ≥ 0.95: {Met(r.UtilisationTargetMet)}" +
                (r.UtilisationOfMeasured is { } u ? $"; ÷ the links alone {u:0.00}" : "")),
            ("per link", string.Join(" / ", r.PerLinkAll), $"SMS per link (prevention {string.Join('/', r.PerLinkBackground)}, alarm {string.Join('/', r.PerLinkAlarm)}); in the window {r.PerLinkWindow()}"),
            ("kannel queue", $"{r.KannelQueuedMax} max", "sum of the links' <queued> in status.xml, sampled every 0.5 s"),
            ("cpu", $"{r.CpuMsPer1000Sms:0} ms / 1000 SMS", $"BinHub {r.CpuS:0.0} s user+sys from the prevention to its queue empty; peak RSS {r.PeakRssMb:0} MB"),
            ("lost", r.Lost.ToString(CultureInfo.InvariantCulture), $"{(r.TimedOut ? "TIMED OUT; " : "")}planned SMS at no operator and not failed; {r.Failed} failed, {r.Duplicates} duplicates"),
            ("final states", string.Join(", ", r.FinalStates.Select(kv => $"{kv.Key} {kv.Value}")), ""),
        };
        Console.WriteLine();
        foreach (var (k, v, note) in rows) Console.WriteLine($"  {k,-13} {v,-22} {note}");
        Console.WriteLine($"  targets       {(r.TargetsMet ? "all met" : "not all met")}");
        Console.WriteLine();
    }

    private static string PerLinkWindow(this Result r) => string.Join(" / ", r.PerLinkWindowPerS.Select(x => x.ToString("0", CultureInfo.InvariantCulture) + "/s"));
}
