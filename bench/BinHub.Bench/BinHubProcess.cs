using System.Diagnostics;

namespace BinHub.Bench;

/// <summary>
/// BinHub as a separate process (the built <c>BinHub.dll</c>, Production mode) on a free port, talking to the Kannel of
/// the shared recipe: what the benchmark measures and what the failure tests kill, restart and run twice.
/// </summary>
public sealed class BinHubProcess : IAsyncDisposable
{
    private readonly StreamWriter log;
    public Process Process { get; private set; }
    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Secret { get; }
    public string LogFile { get; }
    private readonly ProcessStartInfo start;

    private BinHubProcess(ProcessStartInfo psi, int port, string secret, string logFile)
    {
        (start, Port, Secret, LogFile) = (psi, port, secret, logFile);
        log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        Process = Launch();
    }

    /// <param name="provider">"postgres" or "sqlite"</param>
    /// <param name="settings">extra configuration (env var form, e.g. <c>Dispatch__Lease</c>), overriding the defaults here</param>
    public static BinHubProcess Start(string provider, string connectionString, string runDir, IDictionary<string, string>? settings = null, string name = "binhub")
    {
        var port = BenchHost.FreePort();
        var secret = Guid.NewGuid().ToString("N");
        var env = KannelSettings(port, secret);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) env[k] = v;
        var psi = BenchHost.BinHubStartInfo(BenchHost.RepoRoot(), runDir, provider, connectionString, port, env);
        return new BinHubProcess(psi, port, secret, Path.Combine(runDir, $"{name}.out"));
    }

    /// <summary>Kannel of the shared recipe (user alerts/secret), delivery reports back to BinHub on <paramref name="port"/>.</summary>
    public static Dictionary<string, string> KannelSettings(int port, string secret) => new()
    {
        ["Sms__Provider"] = "Kannel",
        ["Sms__Kannel__SendSmsUrl"] = "http://127.0.0.1:13013/cgi-bin/sendsms",
        ["Sms__Kannel__Username"] = "alerts",
        ["Sms__Kannel__Password"] = "secret",
        ["Sms__Kannel__From"] = "BIN",
        ["Sms__Kannel__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        ["Sms__Kannel__InboundSecret"] = secret,
        // The recipe's one MT link; it has no throughput cap, so its "contract" is about Kannel's raw rate.
        ["Sms__Links__0__Name"] = "fake",
        ["Sms__Links__0__Rate"] = "10000",
    };

    private Process Launch() => BenchHost.Launch(start, log);

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(5) };

    public async Task WaitHealthyAsync(CancellationToken ct = default)
    {
        using var api = Client();
        await BenchHost.WaitHealthyAsync(api, Process, LogFile, ct);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or the OOM killer.</summary>
    public async Task KillAsync()
    {
        if (Process.HasExited) return;
        await BenchHost.StopAsync(Process);
        lock (log) log.WriteLine("==== killed (SIGKILL) ====");
    }

    /// <summary>The same process again, same port and settings (a supervisor restarting it).</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        lock (log) log.WriteLine("==== restarted ====");
        Process = Launch();
        await WaitHealthyAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Process.Dispose();
        await log.DisposeAsync();
    }
}
