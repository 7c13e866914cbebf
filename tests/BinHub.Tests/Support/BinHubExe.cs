using System.Diagnostics;
using System.Text;
using BinHub.Infrastructure;

namespace BinHub.Tests.Support;

/// <summary>
/// BinHub.dll run as its own process, the way an operator runs it (<c>dotnet BinHub.dll …</c>): the build beside the
/// tests, or a copy of it elsewhere. The child gets its own data directory and the test's database provider, and never the
/// caller's geography settings.
/// </summary>
public static class BinHubExe
{
    public sealed record Outcome(int? ExitCode, string Out, string Err, bool StoppedByTest)
    {
        public string All => Out + Err;

        /// <summary>The end of the output, for a failure message.</summary>
        public string Tail => All.Length <= 2000 ? All : "…" + All[^2000..];
    }

    /// <summary>The build of BinHub that the tests reference (copied beside them).</summary>
    public static string BuiltAppDirectory => AppContext.BaseDirectory;

    /// <summary>
    /// A copy of the built app in a fresh temporary folder, with nothing of the repository above it (so nothing
    /// "beside the repository" can be found). The large native <c>runtimes</c> folder is linked, not copied.
    /// </summary>
    public static string CopyOfTheApp()
    {
        var target = Path.Combine(Path.GetTempPath(), "binhub-app-" + Guid.NewGuid().ToString("N")[..12], "app");
        Copy(new DirectoryInfo(BuiltAppDirectory), target);
        return target;

        static void Copy(DirectoryInfo from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var f in from.GetFiles()) f.CopyTo(Path.Combine(to, f.Name));
            foreach (var d in from.GetDirectories())
            {
                if (d.Name == "runtimes") Directory.CreateSymbolicLink(Path.Combine(to, d.Name), d.FullName);
                else Copy(d, Path.Combine(to, d.Name));
            }
        }
    }

    /// <summary>
    /// Runs <c>dotnet &lt;appDir&gt;/BinHub.dll args</c> in <paramref name="workDir"/> until it exits, until
    /// <paramref name="until"/> holds for its output so far, or until <paramref name="timeout"/>; in the last two cases the
    /// test stops it (<see cref="Outcome.StoppedByTest"/>).
    /// </summary>
    public static async Task<Outcome> RunAsync(string appDir, string workDir, string[] args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? env = null, Func<string, bool>? until = null)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Path.Combine(appDir, "BinHub.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var k in new[] { "BINHUB_GEO_DIR", "Geo__Directory", "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" }) psi.Environment.Remove(k);
        var scratch = Directory.CreateTempSubdirectory("binhub-exe-").FullName;
        psi.Environment["DataDirectory"] = scratch;
        psi.Environment["Database__Provider"] = TestDatabase.Provider.ToString();
        psi.Environment["ConnectionStrings__BinHub"] = TestDatabase.Provider == DatabaseProvider.Postgres
            ? await TestDatabase.CreateEmptyAsync()
            : $"Data Source={Path.Combine(scratch, "binhub.db")}";
        // If it does start a web server, on a free port and never on 5000.
        psi.Environment["Urls"] = "http://127.0.0.1:0";
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        var output = new StringBuilder();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var p = new Process { StartInfo = psi };
        void Received(StringBuilder own, string? line)
        {
            if (line is null) return;
            lock (output)
            {
                own.AppendLine(line);
                output.AppendLine(line);
                if (until?.Invoke(output.ToString()) == true) seen.TrySetResult();
            }
        }
        p.OutputDataReceived += (_, e) => Received(stdout, e.Data);
        p.ErrorDataReceived += (_, e) => Received(stderr, e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var exited = p.WaitForExitAsync();
        var first = await Task.WhenAny(exited, seen.Task, Task.Delay(timeout));
        var stopped = first != exited;
        if (stopped && !p.HasExited)
        {
            p.Kill(entireProcessTree: true);
        }
        await p.WaitForExitAsync();
        try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        lock (output) return new Outcome(stopped ? null : p.ExitCode, stdout.ToString(), stderr.ToString(), stopped);
    }

    /// <summary>Removes a copy made by <see cref="CopyOfTheApp"/>: the link to <c>runtimes</c> first, never what it points to.</summary>
    public static void DeleteCopy(string appDir)
    {
        var link = Path.Combine(appDir, "runtimes");
        if (new DirectoryInfo(link).LinkTarget is not null) Directory.Delete(link);
        try { Directory.Delete(Directory.GetParent(appDir)!.FullName, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
