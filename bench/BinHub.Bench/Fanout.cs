using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using BinHub.Domain;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BinHub.Bench;

/// <summary>
/// One fan-out run: fresh database → Kannel (shared recipe) → BinHub as a separate process → Kannel's raw sendsms rate
/// (the reference) → one alarm to all N through BinHub's real path (API → deliveries → dispatcher → Kannel → fakesmsc,
/// delivery reports back to BinHub) → figures.
/// </summary>
public static class Fanout
{
    public const string Usage = """
        usage: BinHub.Bench fanout --recipients N --provider sqlite|postgres [options]
               BinHub.Bench fanout --smoke --provider sqlite|postgres       (N = 1000, exit 1 unless lost=0)
          --pg "conn"          PostgreSQL server to create the bench database in (default BINHUB_BENCH_PG or
                               Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres)
          --concurrency C      Dispatch:Concurrency for BinHub and the raw load generator (default: BinHub's default)
          --batch B            Dispatch:BatchSize (default: BinHub's default)
          --raw-requests M     requests of the raw Kannel measurement (default min(N, 5000))
          --recipes DIR        the shared recipes (default BINHUB_RECIPES or <repo>/../shared/recipes)
          --keep-kannel        leave our Kannel running for the next run (which then reuses it)
          --kannel-wait S      how long to wait for someone else's Kannel to free the ports (default 300)
          --timeout S          give up waiting for the fan-out after S seconds (default max(120, N/50))
        """;

    private static Stopwatch Clock => BenchHost.Clock;
    private static void Say(string s) => BenchHost.Say(s);

    public static async Task<int> RunAsync(FanoutOptions o)
    {
        var repo = BenchHost.RepoRoot();
        var recipes = o.RecipesDir ?? BenchHost.Recipes();
        var kannelRecipe = Path.Combine(recipes, "kannel");
        if (!File.Exists(Path.Combine(kannelRecipe, "start.sh"))) { Console.Error.WriteLine($"no Kannel recipe at {kannelRecipe} (use --recipes)"); return 2; }
        var stamp = BenchHost.Stamp();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{stamp}-{o.Provider}-{o.Recipients}");
        Directory.CreateDirectory(runDir);
        var gateway = new Gateway(kannelRecipe, Path.Combine(repo, "bench", ".runs", "kannel"));
        Process? binhub = null;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        // SIGTERM (timeout, CI cancel) too: unwind so that BinHub and our Kannel are stopped.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            // 1. Data.
            Say($"preparing a fresh {o.Provider} database with {o.Recipients} households…");
            var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, $"binhub_bench_{o.Recipients}");
            var seeded = await Seeder.SeedAsync(o.Provider, cs, o.Recipients);
            Say($"seeded {seeded.Members} households in {seeded.Bins} BINs of zone {seeded.Zone} in {seeded.Took.TotalSeconds:0.0} s");

            // 2. Kannel and BinHub.
            await gateway.StartOrReuseAsync(o.KannelWait, Say);
            var port = BenchHost.FreePort();
            var secret = Guid.NewGuid().ToString("N");
            binhub = StartBinHub(repo, runDir, o, cs, port, secret);
            var baseUrl = $"http://127.0.0.1:{port}";
            using var api = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
            await BenchHost.WaitHealthyAsync(api, binhub, Path.Combine(runDir, "binhub.out"), cancel.Token);
            Say($"BinHub up on {baseUrl} (pid {binhub.Id}), RSS {ProcStats.RssMb(binhub.Id):0} MB");

            await using var tail = new FakesmscTail(gateway.FakesmscOut, Clock);

            // 3. Kannel's raw rate.
            var raw = await RawKannelAsync(o, tail, cancel.Token);
            Say($"Kannel raw: {raw.Requests} requests at concurrency {o.Concurrency} in {raw.Seconds:0.00} s = {raw.PerSecond:0} req/s ({raw.Errors} errors); " +
                $"all at fakesmsc after {raw.AtGatewaySeconds:0.00} s");

            // 4. The alarm.
            var result = await AlarmAsync(o, cs, seeded, api, binhub, tail, raw, cancel.Token);
            var probe = await ProbeReportsAsync(o, baseUrl, secret, binhub, result.Deliveries, cancel.Token);
            Say($"report endpoint alone: {probe.PerSecond:0} callbacks/s, {probe.CpuMsPerCall:0.00} ms BinHub CPU per callback");
            result = result with { ReportProbe = probe, Seeding = seeded.Took.TotalSeconds, Commit = BenchHost.Git(repo, "rev-parse", "--short", "HEAD"), Date = DateTime.UtcNow.ToString("O") };

            // 5. Report.
            Print(result);
            var dir = Environment.GetEnvironmentVariable("BINHUB_BENCH_RESULTS") is { Length: > 0 } r ? r : Path.Combine(repo, "bench", "results");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"fanout-{o.Provider}-{o.Recipients}-{stamp}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Say($"written {Path.GetRelativePath(repo, file)}");
            Console.WriteLine(result.Line);
            return result.Lost == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            Say("cancelled");
            return 130;
        }
        finally
        {
            await BenchHost.StopAsync(binhub);
            if (!o.KeepKannel && (gateway.Started || gateway.Reused))
            {
                await gateway.StopAsync();
                Say("stopped our Kannel");
            }
        }
    }

    private static Process StartBinHub(string repo, string runDir, FanoutOptions o, string cs, int port, string secret)
    {
        var settings = BinHubProcess.KannelSettings(port, secret);
        settings["Dispatch__Concurrency"] = o.Concurrency.ToString(CultureInfo.InvariantCulture);
        settings["Dispatch__BatchSize"] = o.BatchSize.ToString(CultureInfo.InvariantCulture);
        return BenchHost.StartBinHub(repo, runDir, o.Provider, cs, port, settings);
    }

    public sealed record Raw(int Requests, int Errors, double Seconds, double PerSecond, double AtGatewaySeconds, int AtGateway);

    /// <summary>
    /// The reference: Kannel's sendsms driven by a plain HTTP load generator with BinHub's concurrency, one recipient per
    /// request, keep-alive connections, no delivery reports (numbers +32499…, which no member has).
    /// </summary>
    private static async Task<Raw> RawKannelAsync(FanoutOptions o, FakesmscTail tail, CancellationToken ct)
    {
        var marker = $"RAW{Random.Shared.Next(100000, 999999)}";
        tail.For(marker);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) });
        var text = Uri.EscapeDataString($"Bench {marker} raw sendsms reference");
        string Url(int i) => $"http://127.0.0.1:13013/cgi-bin/sendsms?username=alerts&password=secret&from=BIN&to=%2B32499{i:0000000}&text={text}";
        // Warm up connections (not counted).
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(i => http.GetAsync(Url(9_000_000 + i), ct)));
        var next = -1;
        var errors = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < o.RawRequests)
            {
                using var r = await http.GetAsync(Url(i), ct);
                if (r.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK)) Interlocked.Increment(ref errors);
            }
        }, ct)));
        var seconds = sw.Elapsed.TotalSeconds;
        // Let the gateway drain before the alarm, so both start from an idle Kannel.
        var total = o.RawRequests + o.Concurrency;
        var deadline = Stopwatch.StartNew();
        while (tail.Snapshot(marker).Distinct < total && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50, ct);
        var atGateway = sw.Elapsed.TotalSeconds;
        await Task.Delay(500, ct);
        return new Raw(o.RawRequests, errors, seconds, o.RawRequests / seconds, atGateway, tail.Snapshot(marker).Distinct);
    }

    public sealed record Probe(int Calls, double PerSecond, double CpuMsPerCall);

    /// <summary>
    /// After the alarm: the delivery-report endpoint alone, with "accepted by SMSC" (type 8) reports for existing
    /// deliveries (they change nothing), at the dispatcher's concurrency: what one callback costs BinHub.
    /// </summary>
    private static async Task<Probe> ProbeReportsAsync(FanoutOptions o, string baseUrl, string secret, Process binhub, int deliveries, CancellationToken ct)
    {
        var calls = Math.Min(2000, Math.Max(deliveries, 1));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = o.Concurrency }) { BaseAddress = new Uri(baseUrl) };
        var cpu0 = ProcStats.Cpu(binhub.Id);
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
                using (await http.GetAsync($"/api/v1/sms/dlr/{secret}/delivery?ref={i % deliveries + 1}&type=8", ct)) { }
        }, ct)));
        var seconds = sw.Elapsed.TotalSeconds;
        var cpu1 = ProcStats.Cpu(binhub.Id);
        return new Probe(calls, calls / seconds, (cpu1.User + cpu1.Sys - cpu0.User - cpu0.Sys) * 1000 / calls);
    }

    public sealed record Result(int Recipients, string Provider, int Bins, int Concurrency, int BatchSize, int Deliveries,
        double ApiMs, double PlanMs, double? FirstSmsMs, double? AllHandedMs, double HandedPerS, double KannelRawPerS, double Ratio,
        double? AllAtGatewayMs, double? FirstDlrMs, double? AllDeliveredMs, double DlrPerS, double PeakRssMb, double RssBeforeMb,
        double CpuUserS, double CpuSysS, double CpuAlarmUserS, double CpuAlarmSysS, int AtGateway, int AtGatewayLines, int Lost, int Duplicates,
        Dictionary<string, int> FinalStates, Raw KannelRaw, bool TimedOut, Probe? ReportProbe = null, double Seeding = 0, string Commit = "", string Date = "")
    {
        /// <summary>BinHub CPU (user + system) per 1,000 SMS, from the alarm's API call to all handed over.</summary>
        public double CpuMsPer1000Sms { get; init; }

        public string Line => string.Create(CultureInfo.InvariantCulture,
            $"fanout recipients={Recipients} provider={Provider} plan_ms={PlanMs:0} first_sms_ms={Fmt(FirstSmsMs)} handed_per_s={HandedPerS:0} " +
            $"kannel_raw_per_s={KannelRawPerS:0} ratio={Ratio:0.00} all_at_gateway_ms={Fmt(AllAtGatewayMs)} dlr_per_s={DlrPerS:0} peak_rss_mb={PeakRssMb:0} " +
            $"cpu_ms_per_1000_sms={CpuMsPer1000Sms:0} lost={Lost}");

        private static string Fmt(double? v) => v is { } x ? x.ToString("0", CultureInfo.InvariantCulture) : "na";
    }

    private static async Task<Result> AlarmAsync(FanoutOptions o, string cs, Seeded seeded, HttpClient api, Process binhub, FakesmscTail tail, Raw raw,
        CancellationToken ct)
    {
        var marker = $"ALARM{Random.Shared.Next(100000, 999999)}";
        tail.For(marker);
        await using DbConnection db = o.Provider == "postgres" ? new NpgsqlConnection(cs) : new SqliteConnection(cs);
        await db.OpenAsync(ct);
        // A BinHub in service has answered requests before its first alarm: one preview for a single BIN first (not
        // measured, nothing written) so that plan_ms is the alarm's planning, not the process's first API call.
        await using (var first = db.CreateCommand())
        {
            first.CommandText = "SELECT MIN(\"Id\") FROM \"Bins\"";
            var bin = Convert.ToInt32(await first.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            using var warm = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/preview")
            {
                Content = JsonContent.Create(new { kind = "Alarm", binIds = new[] { bin }, texts = new Dictionary<string, string> { ["nl"] = "Voorbeeld." } }),
            };
            warm.Headers.Authorization = new("Bearer", seeded.Token);
            using var warmed = await api.SendAsync(warm, ct);
            if (!warmed.IsSuccessStatusCode) throw new InvalidOperationException($"the warm-up preview answered {(int)warmed.StatusCode}: {await warmed.Content.ReadAsStringAsync(ct)}");
        }

        var rssBefore = ProcStats.RssMb(binhub.Id) ?? 0;
        var cpu0 = ProcStats.Cpu(binhub.Id);
        Say($"POST /api/v1/messages: alarm to zone {seeded.Zone} ({o.Recipients} households)…");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { kind = "Alarm", zoneNumber = seeded.Zone, texts = new Dictionary<string, string> { ["nl"] = $"Inbraak bezig Kerkstraat ({marker}). Bel 112." } }),
        };
        request.Headers.Authorization = new("Bearer", seeded.Token);
        var t0 = Clock.Elapsed.TotalMilliseconds;
        using var response = await api.SendAsync(request, ct);
        var tApi = Clock.Elapsed.TotalMilliseconds;
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST /api/v1/messages answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        var messageId = json.RootElement.GetProperty("messageId").GetInt64();
        var members = json.RootElement.GetProperty("members").GetInt32();
        var apiMs = tApi - t0;
        Say($"message {messageId} planned for {members} members; API answered in {apiMs:0} ms");

        // Follow it: delivery states in the database, messages at fakesmsc.
        // The count is itself a query over all N rows: it must not take a noticeable share of the machine it measures,
        // so the poll waits at least four times as long as the last count took (the figures get that much coarser).
        var interval = 100.0;
        double? planMs = null, allHanded = null, firstDlr = null, allDelivered = null, allAtGateway = null;
        (double User, double Sys)? cpuHanded = null;
        var peak = 0.0;
        var lastProgress = Clock.Elapsed;
        var lastSignature = "";
        var timedOut = false;
        Dictionary<DeliveryState, int> counts = [];
        var nextSay = 0.0;
        while (true)
        {
            var now = Clock.Elapsed.TotalMilliseconds;
            counts = await Seeder.CountsAsync(db, messageId);
            interval = Math.Max(100, (Clock.Elapsed.TotalMilliseconds - now) * 4);
            int C(DeliveryState s) => counts.GetValueOrDefault(s);
            var total = counts.Values.Sum();
            var handed = C(DeliveryState.Sent) + C(DeliveryState.Delivered) + C(DeliveryState.Failed) + C(DeliveryState.Unknown);
            var delivered = C(DeliveryState.Delivered);
            var gw = tail.Snapshot(marker);
            planMs ??= total >= members ? Math.Max(apiMs, 0) : null;
            if (allHanded is null && total > 0 && handed >= total)
            {
                allHanded = now - tApi;
                cpuHanded = ProcStats.Cpu(binhub.Id);
            }
            if (firstDlr is null && delivered > 0) firstDlr = now - tApi;
            if (allDelivered is null && total > 0 && delivered >= total) allDelivered = now - tApi;
            if (allAtGateway is null && gw.Distinct >= members) allAtGateway = gw.LastMs!.Value - tApi;
            peak = Math.Max(peak, ProcStats.PeakRssMb(binhub.Id) ?? 0);
            if (now >= nextSay)
            {
                Say($"deliveries planned {C(DeliveryState.Planned)} sending {C(DeliveryState.Sending)} sent {C(DeliveryState.Sent)} delivered {delivered} " +
                    $"failed {C(DeliveryState.Failed)}; at fakesmsc {gw.Distinct}; RSS {ProcStats.RssMb(binhub.Id):0} MB");
                nextSay = now + 5000;
            }
            if (allHanded is not null && allDelivered is not null && allAtGateway is not null) break;
            var signature = $"{handed}/{delivered}/{gw.Distinct}";
            if (signature != lastSignature) { lastSignature = signature; lastProgress = Clock.Elapsed; }
            if (Clock.Elapsed - lastProgress > TimeSpan.FromSeconds(60) || now - tApi > o.Timeout.TotalMilliseconds)
            {
                timedOut = true;
                Say("no progress for 60 s or timeout reached: stopping the measurement");
                break;
            }
            if (binhub.HasExited) throw new InvalidOperationException($"BinHub exited ({binhub.ExitCode}) during the fan-out");
            await Task.Delay(TimeSpan.FromMilliseconds(interval), ct);
        }
        var cpu1 = ProcStats.Cpu(binhub.Id);
        var cpuH = cpuHanded ?? cpu1;
        // BinHub's own cost per SMS: user+system CPU from just before the alarm's API call until every delivery was handed
        // over (recorded Sent, or already Delivered) — planning, dispatching and the reports that came in meanwhile.
        var cpuPer1000 = members > 0 ? (cpuH.User + cpuH.Sys - cpu0.User - cpu0.Sys) * 1000 / members * 1000 : 0;
        peak = Math.Max(peak, ProcStats.PeakRssMb(binhub.Id) ?? 0);
        var final = tail.Snapshot(marker);
        var handedPerS = allHanded is { } h && h > 0 ? members / (h / 1000) : 0;
        var dlrWindow = allDelivered is { } ad && firstDlr is { } fd ? Math.Max(ad - fd, interval) : (double?)null;
        // DLRs per second over the span from the first to the last delivered report (both sampled every poll interval).
        var dlrPerS = dlrWindow is { } w ? counts.GetValueOrDefault(DeliveryState.Delivered) / (w / 1000) : 0;
        return new Result(o.Recipients, o.Provider, seeded.Bins, o.Concurrency, o.BatchSize, members,
            apiMs, planMs ?? apiMs, final.FirstMs is { } f ? f - tApi : null, allHanded, handedPerS, raw.PerSecond, raw.PerSecond > 0 ? handedPerS / raw.PerSecond : 0,
            allAtGateway, firstDlr, allDelivered, dlrPerS, peak, rssBefore, cpu1.User, cpu1.Sys, cpu1.User - cpu0.User, cpu1.Sys - cpu0.Sys,
            final.Distinct, final.Lines, o.Recipients - final.Distinct, final.Lines - final.Distinct,
            counts.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value), raw, timedOut) { CpuMsPer1000Sms = cpuPer1000 };
    }

    private static void Print(Result r)
    {
        var rows = new List<(string, string, string)>
        {
            ("recipients", $"{r.Recipients} ({r.Bins} BINs of {Seeder.PerBin})", "households, one verified mobile each"),
            ("provider", r.Provider, $"Dispatch:Concurrency={r.Concurrency}, BatchSize={r.BatchSize}"),
            ("seeding", $"{r.Seeding:0.0} s", "fresh database, migrations, bulk insert (not part of the figures)"),
            ("kannel raw", $"{r.KannelRaw.PerSecond:0} req/s", $"{r.KannelRaw.Requests} sendsms, 1 recipient each, {r.KannelRaw.Errors} errors"),
            ("api call", $"{r.ApiMs:0} ms", "POST /api/v1/messages (plans and writes the deliveries)"),
            ("plan", $"{r.PlanMs:0} ms", "until all delivery rows exist"),
            ("first sms", Ms(r.FirstSmsMs), "API answered → first alarm SMS at fakesmsc"),
            ("all handed", Ms(r.AllHandedMs), "API answered → every delivery Sent/Delivered/Failed in the DB"),
            ("handed rate", $"{r.HandedPerS:0} /s", $"ratio to Kannel raw {r.Ratio:0.00}"),
            ("all at gateway", Ms(r.AllAtGatewayMs), "API answered → all N distinct recipients at fakesmsc"),
            ("first dlr", Ms(r.FirstDlrMs), "API answered → first Delivered state"),
            ("all delivered", Ms(r.AllDeliveredMs), "API answered → every delivery Delivered"),
            ("dlr rate", $"{r.DlrPerS:0} /s", "Delivered reports applied per second (one final report per SMS)"),
            ("peak rss", $"{r.PeakRssMb:0} MB", $"VmHWM of BinHub (RSS before the alarm {r.RssBeforeMb:0} MB)"),
            ("cpu alarm", $"{r.CpuAlarmUserS:0.0} s user / {r.CpuAlarmSysS:0.0} s sys", $"BinHub during the alarm (since start {r.CpuUserS:0.0}/{r.CpuSysS:0.0})"),
            ("cpu per sms", $"{r.CpuMsPer1000Sms:0} ms / 1000 SMS", "BinHub user+sys from the API call to all handed over"),
            ("at fakesmsc", $"{r.AtGateway} distinct", $"{r.AtGatewayLines} lines, {r.Duplicates} duplicates"),
            ("lost", r.Lost.ToString(CultureInfo.InvariantCulture), r.TimedOut ? "TIMED OUT" : "N − distinct recipients at fakesmsc"),
            ("report probe", r.ReportProbe is { } p ? $"{p.PerSecond:0} /s" : "n/a", r.ReportProbe is { } q ? $"dlr endpoint alone (type 8), {q.CpuMsPerCall:0.00} ms BinHub CPU per callback" : ""),
            ("final states", string.Join(", ", r.FinalStates.Select(kv => $"{kv.Key} {kv.Value}")), ""),
        };
        Console.WriteLine();
        foreach (var (k, v, note) in rows) Console.WriteLine($"  {k,-15} {v,-28} {note}");
        Console.WriteLine();
    }

    private static string Ms(double? v) => v is { } x ? $"{x:0} ms" : "n/a";
}
