using System.Collections.Concurrent;
using System.Net.Sockets;
using BinHub.Gateways.Voice;

namespace BinHub.Tests.Support;

/// <summary>
/// A stand-in for baresip's ctrl_tcp end, for unit tests of the client and the call logic only: it speaks the same netstring
/// JSON (shapes captured from baresip 1.0.0) and lets the test answer commands and send events.
/// </summary>
public sealed class FakeBaresip : IAsyncDisposable
{
    private TcpListener listener;
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private NetworkStream? stream;
    private TcpClient? client;

    /// <summary>Every command received, as "command params".</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Answers a command: (command, params) → events to send before the response, ok, data. Default: ok, no events.</summary>
    public Func<string, string?, (string[] EventsBefore, bool Ok, string Data)> Handler { get; set; } = (_, _) => ([], true, "");

    public int Port { get; }
    public TaskCompletionSource Connected { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FakeBaresip(int port = 0)
    {
        listener = new TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient c;
            try { c = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            client = c;
            stream = c.GetStream();
            Connected.TrySetResult();
            _ = ReadLoopAsync(c, stream);
        }
    }

    private async Task ReadLoopAsync(TcpClient c, NetworkStream s)
    {
        var reader = new NetstringReader();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await s.ReadAsync(buffer, stop.Token);
                if (n == 0) return;
                reader.Append(buffer.AsSpan(0, n));
                while (reader.TryRead(out var json))
                {
                    using var doc = JsonDocument.Parse(json);
                    var command = doc.RootElement.GetProperty("command").GetString()!;
                    var parameters = doc.RootElement.TryGetProperty("params", out var p) ? p.GetString() : null;
                    var token = doc.RootElement.TryGetProperty("token", out var t) ? t.GetString() : null;
                    Commands.Enqueue(parameters is null ? command : $"{command} {parameters}");
                    var (events, ok, data) = Handler(command, parameters);
                    foreach (var e in events) await SendAsync(e);
                    await SendAsync(JsonSerializer.Serialize(new { response = true, ok, data, token }));
                }
            }
        }
        catch (Exception) { /* connection gone */ }
        finally { c.Dispose(); }
    }

    public async Task SendAsync(string json)
    {
        var s = stream ?? throw new InvalidOperationException("no client");
        await writeLock.WaitAsync();
        try { await s.WriteAsync(NetstringReader.Encode(json)); }
        finally { writeLock.Release(); }
    }

    /// <summary>An event as baresip 1.0.0 writes it for a call.</summary>
    public static string Event(string type, string id, string? param = null, string direction = "outgoing") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["event"] = true, ["type"] = type, ["class"] = "call", ["accountaor"] = "sip:+3225550100@127.0.0.1", ["direction"] = direction,
            ["peeruri"] = "sip:phone@127.0.0.1:15200", ["id"] = id, ["param"] = param,
        }.Where(kv => kv.Value is not null).ToDictionary());

    /// <summary>Waits until the <paramref name="count"/>-th command starting with <paramref name="prefix"/> has arrived.</summary>
    public async Task WaitForCommandAsync(string prefix, int count = 1)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (Commands.Count(c => c.StartsWith(prefix, StringComparison.Ordinal)) < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"no '{prefix}' command (got: {string.Join(" | ", Commands)})");
            await Task.Delay(10);
        }
    }

    public Task SendEventAsync(string type, string id, string? param = null) => SendAsync(Event(type, id, param));

    /// <summary>Closes the client's connection, as a baresip that died would.</summary>
    public void Drop()
    {
        try { client?.Client?.Close(); } catch (ObjectDisposedException) { }
        stream = null;
        Connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        client?.Dispose();
        await Task.CompletedTask;
    }
}
