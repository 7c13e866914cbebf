using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BinHub.Bench;

/// <summary>
/// The shared Kannel recipe (bearerbox + smsbox + fakesmsc) in the bench's own state directory. Other people run Kannel
/// on the same fixed ports, so we never touch theirs: if our own instance is still up (from <c>--keep-kannel</c>) it is
/// reused, otherwise we wait until all five ports are free and start one; <see cref="StopAsync"/> stops exactly ours.
/// </summary>
public sealed class Gateway(string recipeDir, string runDir)
{
    /// <summary>
    /// The recipe with bearerbox's message store switched on (<c>store-type = file</c>), as a production gateway must run:
    /// without it, the SMS Kannel accepted (HTTP 202) but had not yet passed to the SMSC are gone when it stops. The
    /// failure tests stop Kannel mid-alarm, so they use this; the benchmark measures the recipe as it is.
    /// </summary>
    public static Gateway WithStore(string recipeDir, string runDir)
    {
        var copy = Path.Combine(runDir, "recipe");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(recipeDir)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        var template = Path.Combine(copy, "kannel.conf.template");
        File.WriteAllText(template, File.ReadAllText(template)
            .Replace("#store-type = file", "store-type = file")
            .Replace("#store-file = \"@RUN@/kannel.store\"", "store-location = \"@RUN@/kannel.store\""));
        if (!File.ReadAllText(template).Contains("store-location", StringComparison.Ordinal))
            throw new InvalidOperationException($"could not switch on the message store in {template}");
        return new Gateway(copy, runDir);
    }

    /// <summary>
    /// The bench's own Kannel with <paramref name="links"/> throttled operator links (<c>bench/kannel/start.sh</c>):
    /// link1..linkL, <c>throughput = T</c> each, one sink per link writing <c>fakesmsc-linkN.out</c>. Same fixed admin,
    /// box and sendsms ports as the shared recipe, plus 10000, 10002 … for the links and 10001 for fakemo.
    /// </summary>
    public static Gateway WithLinks(string scriptDir, string runDir, int links, int throughput) =>
        new(scriptDir, runDir)
        {
            ports = [13000, 13001, 13013, 10001, .. Enumerable.Range(0, links).Select(LinkPort)],
            boxes = ["bearerbox", "smsbox", .. Enumerable.Range(1, links).Select(i => $"sink-link{i}")],
            env = new() { ["LINKS"] = links.ToString(), ["THROUGHPUT"] = throughput.ToString() },
            spec = $"{links} {throughput} http",
            Links = links,
        };

    /// <summary>Port of link <paramref name="index"/> (0-based): 10000, 10002, 10004 … (10001 is fakemo's).</summary>
    public static int LinkPort(int index) => 10000 + 2 * index;

    public static readonly int[] Ports = [13000, 13001, 13013, 10000, 10001];
    private int[] ports = Ports;
    private string[] boxes = ["bearerbox", "smsbox", "fakesmsc"];
    private Dictionary<string, string> env = [];
    private string? spec;
    public int Links { get; private init; } = 1;
    public string RunDir { get; } = runDir;
    public string FakesmscOut => Path.Combine(RunDir, "fakesmsc.out");
    /// <summary>What each operator link delivered (<see cref="WithLinks"/>), link1 first.</summary>
    public IReadOnlyList<string> LinkOutputs => Enumerable.Range(1, Links).Select(i => Path.Combine(RunDir, $"fakesmsc-link{i}.out")).ToList();
    public bool Reused { get; private set; }
    public bool Started { get; private set; }

    public static bool PortBusy(int port)
    {
        try { using var c = new TcpClient(); c.Connect("127.0.0.1", port); return true; }
        catch (SocketException) { return false; }
    }

    private bool OursAlive() => boxes.All(Alive) &&
        (spec is null || RunningSpec() == spec);

    private string? RunningSpec() => File.Exists(Path.Combine(RunDir, "links")) ? File.ReadAllText(Path.Combine(RunDir, "links")).Trim() : null;

    public async Task StartOrReuseAsync(TimeSpan maxWait, Action<string> say)
    {
        Directory.CreateDirectory(RunDir);
        if (OursAlive() && PortBusy(13013))
        {
            Reused = true;
            down = false;
            say($"reusing our Kannel in {RunDir}");
            return;
        }
        if (spec is not null && boxes.All(Alive))
        {
            say($"our Kannel in {RunDir} runs with other links ({RunningSpec() ?? "unknown"}); stopping it");
            await StopAsync();
        }
        var deadline = DateTime.UtcNow + maxWait;
        while (ports.Where(PortBusy).ToList() is { Count: > 0 } busy)
        {
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"Kannel ports still busy after {maxWait.TotalSeconds:0} s: {string.Join(',', busy)} (someone else's Kannel, or ours with other links: --keep-kannel)");
            say($"Kannel ports busy ({string.Join(',', busy)}), someone else is using them; waiting…");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        var run = await Shell(Path.Combine(recipeDir, "start.sh"));
        if (run.Code != 0)
        {
            await StopAsync(); // whatever it started
            throw new InvalidOperationException($"start.sh failed ({run.Code}): {run.Output}");
        }
        Started = true;
        down = false;
        say($"started Kannel (LOG_LEVEL=4) in {RunDir}");
    }

    /// <summary>
    /// A gateway outage: smsbox (BinHub's sendsms and report URL) goes first, then bearerbox (SIGTERM: it passes on or
    /// stores what it queued), and only then fakesmsc — the operator's network, which in real life does not go down
    /// with our gateway. stop.sh stops fakesmsc first, which would lose what sits in the socket between the two.
    /// </summary>
    public void StopGatewayFirst()
    {
        using var _ = Hold(); // the supervisor must not start again what a test takes down on purpose
        down = true;
        foreach (var name in new[] { "smsbox", "bearerbox", "fakesmsc" })
        {
            var file = Path.Combine(RunDir, name + ".pid");
            if (!File.Exists(file) || !int.TryParse(File.ReadAllText(file).Trim(), out var pid)) continue;
            try
            {
                using var p = Process.GetProcessById(pid);
                Process.Start("kill", ["-TERM", pid.ToString()])!.WaitForExit();
                if (!p.WaitForExit(TimeSpan.FromSeconds(30))) p.Kill();
            }
            catch (ArgumentException) { /* already gone */ }
            File.Delete(file);
        }
        Started = false;
    }

    /// <summary>
    /// What the supervisor does that production runs Kannel under (README: systemd <c>Restart=on-failure</c>): every
    /// quarter second, a box of ours that died is started again — smsbox alone when only smsbox died (the known PANIC
    /// when a BinHub its report calls go to is killed mid-request), so bearerbox keeps its queue and fakesmsc its output.
    /// Nothing is revived while a test holds the gateway down on purpose (<see cref="StopGatewayFirst"/>).
    /// Stops when <paramref name="stop"/> is cancelled; every restart is reported through <paramref name="say"/>.
    /// </summary>
    public async Task SuperviseAsync(Action<string> say, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try { await Task.Delay(250, stop); }
            catch (OperationCanceledException) { return; }
            await gate.WaitAsync(CancellationToken.None);
            try
            {
                if (down || !Started && !Reused) continue;
                if (!Alive("bearerbox") || boxes.Where(b => b is not ("bearerbox" or "smsbox")).Any(b => !Alive(b)))
                {
                    say($"supervisor: bearerbox or fakesmsc died; starting the gateway again ({Tail("bearerbox")})");
                    Restarts++;
                    await StopAsync();
                    await StartOrReuseAsync(TimeSpan.FromMinutes(1), say);
                }
                else if (!Alive("smsbox"))
                {
                    say($"supervisor: smsbox died, starting it again; its last words: {Tail("smsbox")}");
                    await StartSmsboxAsync();
                }
            }
            catch (Exception e) { say($"supervisor: could not start Kannel again: {e.Message}"); }
            finally { gate.Release(); }
        }
    }

    public int Restarts { get; private set; }

    private async Task StartSmsboxAsync()
    {
        Restarts++;
        var conf = Path.Combine(RunDir, "kannel.conf");
        var run = await ShellCommand($"/usr/sbin/smsbox -v 4 '{conf}' >>'{RunDir}/smsbox.out' 2>&1 & echo $! >'{RunDir}/smsbox.pid'");
        if (run.Code != 0) throw new InvalidOperationException($"smsbox did not start: {run.Output}");
        for (var i = 0; i < 150 && !PortBusy(13013); i++) await Task.Delay(100);
        if (!PortBusy(13013)) throw new InvalidOperationException("smsbox started again but its sendsms port 13013 is not up after 15 s");
    }

    /// <summary>Running, not a zombie: in a container nobody may reap a box that died, and its /proc entry stays.</summary>
    private bool Alive(string box)
    {
        var f = Path.Combine(RunDir, box + ".pid");
        if (!File.Exists(f) || !int.TryParse(File.ReadAllText(f).Trim(), out var pid)) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException) { return false; } // gone
    }

    /// <summary>The box's last PANIC line, if its log has one, for the test output.</summary>
    private string Tail(string box)
    {
        var log = Path.Combine(RunDir, box + ".log");
        if (!File.Exists(log)) return "no log";
        // A PANIC is its message line followed by backtrace lines ("… [0x…]"); the message is what says why.
        var panic = File.ReadLines(log).LastOrDefault(l => l.Contains("PANIC", StringComparison.Ordinal) && !l.Contains("[0x", StringComparison.Ordinal));
        return panic ?? "no PANIC in its log";
    }

    private IDisposable Hold()
    {
        gate.Wait();
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool down;

    public async Task StopAsync()
    {
        if (File.Exists(Path.Combine(recipeDir, "stop.sh"))) await Shell(Path.Combine(recipeDir, "stop.sh"));
        Started = false;
    }

    private Task<(int Code, string Output)> Shell(string script) => Run(["/bin/bash", script]);

    private Task<(int Code, string Output)> ShellCommand(string command) => Run(["/bin/bash", "-c", command]);

    private async Task<(int Code, string Output)> Run(string[] command)
    {
        var psi = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["RUN"] = RunDir;
        psi.Environment["LOG_LEVEL"] = "4";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, (await output) + (await error));
    }
}

/// <summary>
/// Follows fakesmsc's output ("Got message N: &lt;from to text …&gt;") from a byte offset, timestamping what it sees with
/// the bench's own stopwatch (fakesmsc's log has one-second resolution). Counts distinct recipients per text marker.
/// </summary>
public sealed class FakesmscTail : IAsyncDisposable
{
    private readonly string path;
    private long offset;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Stopwatch clock;
    private readonly object gate = new();
    private readonly Dictionary<string, Watch> watches = [];

    public sealed class Watch
    {
        public HashSet<string> Recipients { get; } = [];
        public int Lines;
        public double? FirstMs;
        public double? LastMs;
    }

    private readonly Action<double, string, string>? onMessage;

    /// <param name="onMessage">called for every SMS seen (bench-clock ms, recipient, text), under the tail's lock</param>
    public FakesmscTail(string path, Stopwatch clock, Action<double, string, string>? onMessage = null)
    {
        this.path = path;
        this.clock = clock;
        this.onMessage = onMessage;
        offset = File.Exists(path) ? new FileInfo(path).Length : 0;
        loop = Task.Run(RunAsync);
    }

    public Watch For(string marker)
    {
        lock (gate) return watches.TryGetValue(marker, out var w) ? w : watches[marker] = new Watch();
    }

    public (int Distinct, int Lines, double? FirstMs, double? LastMs) Snapshot(string marker)
    {
        lock (gate)
        {
            var w = For(marker);
            return (w.Recipients.Count, w.Lines, w.FirstMs, w.LastMs);
        }
    }

    private async Task RunAsync()
    {
        var pending = new StringBuilder();
        var buffer = new byte[1 << 20];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (File.Exists(path))
                {
                    await using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    if (fs.Length < offset) offset = 0;
                    fs.Seek(offset, SeekOrigin.Begin);
                    int read;
                    while ((read = await fs.ReadAsync(buffer)) > 0)
                    {
                        offset += read;
                        pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        Parse(pending);
                    }
                }
            }
            catch (IOException) { }
            try { await Task.Delay(20, stop.Token); } catch (OperationCanceledException) { }
        }
    }

    private void Parse(StringBuilder pending)
    {
        var text = pending.ToString();
        var lastNl = text.LastIndexOf('\n');
        if (lastNl < 0) return;
        var now = clock.Elapsed.TotalMilliseconds;
        lock (gate)
        {
            foreach (var line in text.AsSpan(0, lastNl).ToString().Split('\n'))
            {
                var at = line.IndexOf("Got message ", StringComparison.Ordinal);
                if (at < 0) continue;
                var lt = line.IndexOf('<', at);
                if (lt < 0) continue;
                // <from to text …>
                var parts = line[(lt + 1)..].Split(' ', 4);
                if (parts.Length < 4) continue;
                onMessage?.Invoke(now, parts[1], parts[3]);
                foreach (var (marker, w) in watches)
                {
                    if (!parts[3].Contains(marker, StringComparison.Ordinal)) continue;
                    w.Lines++;
                    w.Recipients.Add(parts[1]);
                    w.FirstMs ??= now;
                    w.LastMs = now;
                }
            }
        }
        pending.Remove(0, lastNl + 1);
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        await loop;
    }
}
