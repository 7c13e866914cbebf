using System.Diagnostics;
using System.Net.Sockets;

namespace BinHub.Tests.Support;

/// <summary>A real SMTP server (Debian's python3-aiosmtpd) storing every message it receives in a Maildir.</summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public int Port { get; }
    public string Maildir { get; }
    private readonly Process process;

    private SmtpSink(int port, string maildir, Process process) { Port = port; Maildir = maildir; this.process = process; }

    public static async Task<SmtpSink> StartAsync()
    {
        var port = FreePort();
        // aiosmtpd makes the Maildir (tmp/new/cur) only when the folder does not exist yet.
        var maildir = Path.Combine(Directory.CreateTempSubdirectory("binhub-smtp-").FullName, "maildir");
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"exec /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:{port} -c aiosmtpd.handlers.Mailbox '{maildir}' >'{maildir}.log' 2>&1"]);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start aiosmtpd (apt-get install python3-aiosmtpd)");
        var sink = new SmtpSink(port, maildir, process);
        for (var n = 0; n < 100; n++)
        {
            try { using var c = new TcpClient(); await c.ConnectAsync("127.0.0.1", port); return sink; }
            catch (SocketException) { await Task.Delay(100); }
            if (process.HasExited) throw new InvalidOperationException("aiosmtpd exited: " + File.ReadAllText(maildir + ".log"));
        }
        throw new TimeoutException("aiosmtpd did not listen within 10 s");
    }

    /// <summary>The raw messages received so far.</summary>
    public string[] Messages() =>
        Directory.Exists(Path.Combine(Maildir, "new")) ? Directory.GetFiles(Path.Combine(Maildir, "new")).Select(File.ReadAllText).ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) { process.Kill(); await process.WaitForExitAsync(); }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
