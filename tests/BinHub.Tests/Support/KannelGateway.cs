using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;

namespace BinHub.Tests.Support;

/// <summary>
/// A real Kannel (bearerbox + smsbox + fakesmsc as the "phone network") started with the shared recipe
/// (../shared/recipes/kannel). Its ports are fixed, so the tests that use it run one class at a time.
/// </summary>
public sealed class KannelGateway : IAsyncDisposable
{
    public string RunDirectory { get; } = Directory.CreateTempSubdirectory("binhub-kannel-").FullName;
    private readonly string recipe;

    private KannelGateway(string recipe) => this.recipe = recipe;

    public static string RecipeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "recipes", "kannel");
            if (File.Exists(Path.Combine(candidate, "start.sh"))) return candidate;
        }
        throw new InvalidOperationException("shared/recipes/kannel not found beside the repository.");
    }

    /// <summary>Points BinHub's SMS at this Kannel (the recipe's sendsms account) and its callbacks at <paramref name="baseUrl"/>.</summary>
    public static void Configure(IWebHostBuilder builder, string baseUrl, string inboundSecret, string password = "secret")
    {
        builder.UseSetting("Sms:Provider", "Kannel");
        builder.UseSetting("Sms:Kannel:Username", "alerts");
        builder.UseSetting("Sms:Kannel:Password", password);
        builder.UseSetting("Sms:Kannel:From", "BIN");
        builder.UseSetting("Sms:Kannel:PublicBaseUrl", baseUrl);
        builder.UseSetting("Sms:Kannel:InboundSecret", inboundSecret);
        // The recipe's one MT link; it has no throughput cap, so its "contract" is about Kannel's raw rate.
        builder.UseSetting("Sms:Links:0:Name", "fake");
        builder.UseSetting("Sms:Links:0:Rate", "10000");
    }

    public static async Task<KannelGateway> StartAsync(string moUrl)
    {
        if (!File.Exists("/usr/sbin/bearerbox"))
            throw new InvalidOperationException("Kannel is not installed: run ./test.sh (it installs kannel and kannel-extras).");
        // Its ports are fixed: a Kannel left running would silently take this one's messages.
        foreach (var port in new[] { 13000, 13001, 13013, 10000, 10001 })
        {
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync("127.0.0.1", port);
                throw new InvalidOperationException($"port {port} is already in use: stop the other Kannel first.");
            }
            catch (System.Net.Sockets.SocketException) { /* free, as it should be */ }
        }
        var gateway = new KannelGateway(RecipeDirectory());
        await Run(gateway.recipe, "start.sh", gateway.RunDirectory, moUrl);
        return gateway;
    }

    /// <summary>The messages that reached the fake phone network ("Got message N: …" lines of fakesmsc).</summary>
    public string[] Delivered()
    {
        var path = Path.Combine(RunDirectory, "fakesmsc.out");
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Where(l => l.Contains("Got message")).ToArray();
    }

    /// <summary>A phone sends an SMS: injected through the second fake SMSC, Kannel forwards it to its get-url.</summary>
    public static async Task InjectAsync(string fromE164, string text)
    {
        var psi = new ProcessStartInfo("timeout", ["-s", "INT", "2", "/usr/lib/kannel/test/fakesmsc", "-H", "127.0.0.1", "-r", "10001", "-i", "0", "-m", "1",
            $"{fromE164} 8810 text {text}"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await Run(recipe, "stop.sh", RunDirectory, ""); } catch (InvalidOperationException) { /* already gone */ }
    }

    private static async Task Run(string recipe, string script, string run, string moUrl)
    {
        var psi = new ProcessStartInfo("bash", Path.Combine(recipe, script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["RUN"] = run;
        psi.Environment["LOG_LEVEL"] = "4";
        psi.Environment["MO_URL"] = moUrl;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {await output}{await error}");
    }
}
