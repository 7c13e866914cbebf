using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BinHub.Bench;

/// <summary>What every verb shares: the clock and log line, the repository, and BinHub started as a separate process.</summary>
public static class BenchHost
{
    public static readonly Stopwatch Clock = Stopwatch.StartNew();
    public static void Say(string s) => Console.Error.WriteLine($"[{Clock.Elapsed.TotalSeconds,7:0.0}s] {s}");

    public static string Stamp() => DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>src/BinHub/bin/&lt;config&gt;/net10.0/BinHub.dll, the configuration the bench itself was built with.</summary>
    public static string BinHubDll(string repo)
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(repo, "src", "BinHub", "bin", config, "net10.0", "BinHub.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: build the bench (it builds src/BinHub) with -c {config}");
        return dll;
    }

    /// <summary>The environment both the web app and its CLI verbs need to find the benchmark database.</summary>
    public static Dictionary<string, string> DatabaseEnv(string provider, string cs, string runDir) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = provider == "postgres" ? "Postgres" : "Sqlite",
        ["ConnectionStrings__BinHub"] = cs,
        ["Demo__SeedOnFirstStart"] = "false",
        ["DataDirectory"] = runDir,
    };

    /// <summary>BinHub in Production mode on <paramref name="port"/>, output to runDir/binhub.out; <paramref name="extra"/> adds or overrides settings.</summary>
    public static Process StartBinHub(string repo, string runDir, string provider, string cs, int port, IReadOnlyDictionary<string, string> extra) =>
        Launch(BinHubStartInfo(repo, runDir, provider, cs, port, extra), new StreamWriter(Path.Combine(runDir, "binhub.out")) { AutoFlush = true });

    public static ProcessStartInfo BinHubStartInfo(string repo, string runDir, string provider, string cs, int port, IReadOnlyDictionary<string, string> extra)
    {
        var project = Path.Combine(repo, "src", "BinHub");
        var psi = new ProcessStartInfo("dotnet", [BinHubDll(repo)]) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        var env = DatabaseEnv(provider, cs, runDir);
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["App__PublicUrl"] = $"http://127.0.0.1:{port}";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (k, v) in extra) env[k] = v;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    /// <summary>Starts the process with its output and errors appended to <paramref name="log"/>.</summary>
    public static Process Launch(ProcessStartInfo psi, StreamWriter log)
    {
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs one of BinHub's CLI verbs against the benchmark database; its output goes to runDir/cli.out.</summary>
    public static async Task RunCliAsync(string repo, string runDir, string provider, string cs, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", [BinHubDll(repo), .. args])
            { WorkingDirectory = Path.Combine(repo, "src", "BinHub"), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in DatabaseEnv(provider, cs, runDir)) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var output = Task.WhenAll(p.StandardOutput.ReadToEndAsync(ct), p.StandardError.ReadToEndAsync(ct));
        try { await p.WaitForExitAsync(ct); }
        catch (OperationCanceledException) { p.Kill(true); throw; }
        var text = string.Join("\n", await output);
        await File.AppendAllTextAsync(Path.Combine(runDir, "cli.out"), $"$ BinHub {string.Join(' ', args)}\n{text}\n", ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"BinHub {string.Join(' ', args)} failed ({p.ExitCode}): {text.Trim()}");
    }

    public static async Task WaitHealthyAsync(HttpClient api, Process p, string logFile, CancellationToken ct)
    {
        for (var i = 0; i < 1200; i++)
        {
            if (p.HasExited) throw new InvalidOperationException($"BinHub exited ({p.ExitCode}); see {logFile}");
            try { if ((await api.GetAsync("/health", ct)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100, ct);
        }
        throw new InvalidOperationException($"BinHub not healthy after 2 minutes; see {logFile}");
    }

    public static async Task StopAsync(Process? p)
    {
        if (p is { HasExited: false })
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
    }

    /// <summary>The shared recipes: <c>BINHUB_RECIPES</c>, or beside the repository.</summary>
    public static string Recipes() => Environment.GetEnvironmentVariable("BINHUB_RECIPES") is { Length: > 0 } r
        ? r : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "recipes"));

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "BinHub.slnx"))) return d.FullName;
        throw new InvalidOperationException("run from inside the BinHub repository");
    }

    public static string Git(string repo, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("git", args) { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return s;
        }
        catch (Exception) { return ""; }
    }
}

/// <summary>Peak RSS and CPU time of a process from /proc (Linux).</summary>
public static class ProcStats
{
    /// <summary>USER_HZ, the unit of utime/stime in /proc/&lt;pid&gt;/stat: <c>getconf CLK_TCK</c> (100 on Linux).</summary>
    private static readonly double TicksPerSecond = ClockTicks();

    private static double ClockTicks()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("getconf", ["CLK_TCK"]) { RedirectStandardOutput = true })!;
            var s = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return double.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : 100;
        }
        catch (Exception) { return 100; }
    }

    public static double? PeakRssMb(int pid) => Kb(pid, "VmHWM:") / 1024.0;
    public static double? RssMb(int pid) => Kb(pid, "VmRSS:") / 1024.0;

    private static long? Kb(int pid, string key)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException) { return null; }
    }

    /// <summary>(user, system) CPU seconds so far.</summary>
    public static (double User, double Sys) Cpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
            return (long.Parse(fields[11]) / TicksPerSecond, long.Parse(fields[12]) / TicksPerSecond); // utime = field 14, stime = 15
        }
        catch (IOException) { return (0, 0); }
    }
}
