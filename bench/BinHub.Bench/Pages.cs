using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace BinHub.Bench;

/// <summary>
/// Latency of the pages people wait for, on the national registry, under N concurrent users: the registry list (first
/// page and a filtered, sorted later page) and one BIN's page as a Kenniscentrum admin, the police inbox as an officer of
/// a zone with reports, and the public statistics API. One phase per target: warm-up (not counted), then the measured
/// requests; every answer must be 200 with the target's marker in the body, anything else counts as an error.
/// </summary>
public static class Pages
{
    public const string Usage = """
        usage: BinHub.Bench pages --provider sqlite|postgres [options]
               BinHub.Bench pages --smoke --provider sqlite|postgres     (10 users × 20 requests per target, exit 1 unless errors=0)
          --users U            concurrent users per target (default 100)
          --requests R         measured requests per target (default 3000)
          --duration S         measure each target for S seconds instead (with --requests: whichever ends first)
          --warmup W           warm-up requests per target, not counted (default max(2U, 200))
          --reports N          reports created in the officer's zone for the inbox (default 200)
          --pg "conn"          PostgreSQL server to create binhub_bench_pages in (default BINHUB_BENCH_PG or
                               Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres)
          --geo DIR            geography for seed national (default BINHUB_GEO_DIR or <repo>/src/BinHub/ReferenceData/geo)
        """;

    private sealed record Target(string Name, string Describe, string? Token, Func<Random, (string Path, string Marker)> Next);

    public sealed record Phase(string Target, string Describe, int Users, int Requests, int Errors, double P50Ms, double P95Ms, double P99Ms,
        double MeanMs, double MaxMs, double Rps, double Seconds, double CpuMsPerRequest, List<string> ErrorSamples)
    {
        public string Line(string provider) => string.Create(CultureInfo.InvariantCulture,
            $"pages target={Target} users={Users} provider={provider} p50_ms={P50Ms:0.0} p95_ms={P95Ms:0.0} p99_ms={P99Ms:0.0} mean_ms={MeanMs:0.0} " +
            $"max_ms={MaxMs:0} rps={Rps:0} errors={Errors}");
    }

    public sealed record Result(string Provider, int Users, int Bins, int Zone, int ZoneBins, int Reports, double NationalSeedS, double SeedingS,
        double RssBeforeMb, double PeakRssMb, List<Phase> Phases, string Commit, string Date);

    public static async Task<int> RunAsync(PagesOptions o)
    {
        var repo = BenchHost.RepoRoot();
        var stamp = BenchHost.Stamp();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{stamp}-pages-{o.Provider}");
        Directory.CreateDirectory(runDir);
        Process? binhub = null;
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        try
        {
            BenchHost.Say($"preparing a fresh {o.Provider} database with seed national…");
            var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, PagesData.Database);
            var data = await PagesData.SeedAsync(repo, runDir, o, cs, cancel.Token);
            BenchHost.Say($"seeded {data.Bins.Count} BINs (seed national {data.NationalTook.TotalSeconds:0.0} s), zone {data.Zone} with {data.ZoneBins} BINs " +
                          $"and {data.Reports} reports, in {data.Took.TotalSeconds:0.0} s");

            var port = BenchHost.FreePort();
            // Only for the benchmark: every simulated user comes from 127.0.0.1, so the per-address limit on anonymous
            // requests (120/min by default) would turn the statistics phase into 429s.
            binhub = BenchHost.StartBinHub(repo, runDir, o.Provider, cs, port, new Dictionary<string, string>
            {
                ["RateLimits__AnonymousPerMinute"] = "100000000",
            });
            var baseUrl = $"http://127.0.0.1:{port}";
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Math.Max(100, o.Users), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan, AutomaticDecompression = DecompressionMethods.None,
            }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("nl"));
            await BenchHost.WaitHealthyAsync(http, binhub, Path.Combine(runDir, "binhub.out"), cancel.Token);
            var rssBefore = ProcStats.RssMb(binhub.Id) ?? 0;
            BenchHost.Say($"BinHub up on {baseUrl} (pid {binhub.Id}), RSS {rssBefore:0} MB");

            var filterPage = 3;
            Target[] targets =
            [
                new("registry", "GET /Registry (first page, 25 BINs, Kenniscentrum admin)", data.AdminToken,
                    _ => ("/Registry", "href=\"/Registry/Details/")),
                new("registry-filter", $"GET /Registry?Region={data.FilterRegion}&Sort=municipality&page={filterPage} (admin)", data.AdminToken,
                    _ => ($"/Registry?Region={data.FilterRegion}&Sort=municipality&page={filterPage}", "href=\"/Registry/Details/")),
                new("bin", "GET /Registry/Details/{random BIN} (admin)", data.AdminToken, r =>
                {
                    var (id, registration) = data.Bins[r.Next(data.Bins.Count)];
                    return ($"/Registry/Details/{id}", registration);
                }),
                new("inbox", $"GET /Police/Inbox (officer of zone {data.Zone}, {data.Reports} reports)", data.OfficerToken,
                    _ => ("/Police/Inbox", "href=\"/Police/Report/")),
                new("statistics", "GET /api/v1/statistics (anonymous)", null, _ => ("/api/v1/statistics", "\"zones\"")),
            ];
            var phases = new List<Phase>();
            foreach (var t in targets)
            {
                var phase = await PhaseAsync(http, t, o, binhub.Id, cancel.Token);
                phases.Add(phase);
                Print(phase);
                if (binhub.HasExited) throw new InvalidOperationException($"BinHub exited ({binhub.ExitCode}); see {runDir}/binhub.out");
            }

            var result = new Result(o.Provider, o.Users, data.Bins.Count, data.Zone, data.ZoneBins, data.Reports, data.NationalTook.TotalSeconds,
                data.Took.TotalSeconds, rssBefore, ProcStats.PeakRssMb(binhub.Id) ?? 0, phases, BenchHost.Git(repo, "rev-parse", "--short", "HEAD"),
                DateTime.UtcNow.ToString("O"));
            var dir = Environment.GetEnvironmentVariable("BINHUB_BENCH_RESULTS") is { Length: > 0 } r ? r : Path.Combine(repo, "bench", "results");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"pages-{o.Provider}-{stamp}{(o.Smoke ? "-smoke" : "")}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            BenchHost.Say($"written {Path.GetRelativePath(repo, file)}; BinHub peak RSS {result.PeakRssMb:0} MB");
            foreach (var p in phases) Console.WriteLine(p.Line(o.Provider));
            return phases.All(p => p.Errors == 0) ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            BenchHost.Say("cancelled");
            return 130;
        }
        finally
        {
            await BenchHost.StopAsync(binhub);
        }
    }

    private static async Task<Phase> PhaseAsync(HttpClient http, Target t, PagesOptions o, int pid, CancellationToken ct)
    {
        BenchHost.Say($"{t.Name}: warm-up {o.Warmup} requests…");
        var warm = await LoadAsync(http, t, o.Users, o.Warmup, null, ct);
        if (warm.Errors > 0) BenchHost.Say($"{t.Name}: {warm.Errors} errors during warm-up, e.g. {warm.Samples.FirstOrDefault()}");
        BenchHost.Say($"{t.Name}: measuring {(o.Requests == int.MaxValue ? "" : $"{o.Requests} requests ")}{(o.Duration is { } d ? $"for at most {d.TotalSeconds:0} s " : "")}with {o.Users} users…");
        var cpu0 = ProcStats.Cpu(pid);
        var run = await LoadAsync(http, t, o.Users, o.Requests, o.Duration, ct);
        var cpu1 = ProcStats.Cpu(pid);
        var ms = run.Latencies;
        ms.Sort();
        double Pct(double p) => ms.Count == 0 ? 0 : ms[Math.Clamp((int)Math.Ceiling(p * ms.Count) - 1, 0, ms.Count - 1)];
        return new Phase(t.Name, t.Describe, o.Users, ms.Count, run.Errors, Pct(0.50), Pct(0.95), Pct(0.99), ms.Count == 0 ? 0 : ms.Average(),
            ms.Count == 0 ? 0 : ms[^1], ms.Count / run.Seconds, run.Seconds,
            ms.Count == 0 ? 0 : (cpu1.User + cpu1.Sys - cpu0.User - cpu0.Sys) * 1000 / ms.Count, run.Samples);
    }

    private sealed record Load(List<double> Latencies, int Errors, double Seconds, List<string> Samples);

    /// <summary><paramref name="users"/> loops taking the next request number until <paramref name="requests"/> or the duration is reached.</summary>
    private static async Task<Load> LoadAsync(HttpClient http, Target t, int users, int requests, TimeSpan? duration, CancellationToken ct)
    {
        var next = -1;
        var errors = 0;
        var samples = new List<string>();
        var sw = Stopwatch.StartNew();
        var perUser = await Task.WhenAll(Enumerable.Range(0, users).Select(u => Task.Run(async () =>
        {
            var random = new Random(u * 7919 + t.Name.Length);
            var mine = new List<double>();
            while (Interlocked.Increment(ref next) < requests && (duration is not { } d || sw.Elapsed < d))
            {
                var (path, marker) = t.Next(random);
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (t.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", t.Token);
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    var body = await response.Content.ReadAsStringAsync(ct);
                    error = response.StatusCode != HttpStatusCode.OK ? $"{(int)response.StatusCode} {path} {Snip(body)}"
                        : !body.Contains(marker, StringComparison.Ordinal) ? $"200 without '{marker}' {path} {Snip(body)}"
                        : null;
                    if (error is null) mine.Add(elapsed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    error = $"{e.GetType().Name} {path} {e.Message}";
                }
                if (error is not null)
                {
                    Interlocked.Increment(ref errors);
                    lock (samples) if (samples.Count < 5) samples.Add(error);
                }
            }
            return mine;
        }, ct)));
        return new Load(perUser.SelectMany(x => x).ToList(), errors, sw.Elapsed.TotalSeconds, samples);
    }

    private static string Snip(string body) => body.Length <= 200 ? body.ReplaceLineEndings(" ") : body[..200].ReplaceLineEndings(" ") + "…";

    private static void Print(Phase p)
    {
        Console.WriteLine();
        Console.WriteLine($"  {p.Target}: {p.Describe}");
        Console.WriteLine($"    {"users",-10} {p.Users}");
        Console.WriteLine($"    {"requests",-10} {p.Requests} ok in {p.Seconds:0.0} s = {p.Rps:0} req/s");
        Console.WriteLine($"    {"latency",-10} p50 {p.P50Ms:0.0} ms   p95 {p.P95Ms:0.0} ms   p99 {p.P99Ms:0.0} ms   mean {p.MeanMs:0.0} ms   max {p.MaxMs:0} ms");
        Console.WriteLine($"    {"cpu",-10} {p.CpuMsPerRequest:0.00} ms BinHub CPU per request");
        Console.WriteLine($"    {"errors",-10} {p.Errors}{(p.ErrorSamples.Count > 0 ? "  e.g. " + string.Join(" | ", p.ErrorSamples) : "")}");
        Console.WriteLine();
    }
}
