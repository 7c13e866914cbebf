using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace BinHub.Gateways.Voice;

/// <summary>
/// Netstrings as baresip's ctrl_tcp module frames them: <c>&lt;length&gt;:&lt;bytes&gt;,</c> (length in bytes, decimal, no
/// leading zeros, at most 9 digits).
/// </summary>
public sealed class NetstringReader
{
    private byte[] buffer = new byte[4096];
    private int start, end;

    public static byte[] Encode(string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var head = Encoding.ASCII.GetBytes($"{body.Length}:");
        var frame = new byte[head.Length + body.Length + 1];
        head.CopyTo(frame, 0);
        body.CopyTo(frame, head.Length);
        frame[^1] = (byte)',';
        return frame;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (end + data.Length > buffer.Length)
        {
            var live = end - start;
            var bigger = live + data.Length > buffer.Length ? new byte[Math.Max(buffer.Length * 2, live + data.Length)] : buffer;
            Buffer.BlockCopy(buffer, start, bigger, 0, live);
            buffer = bigger; start = 0; end = live;
        }
        data.CopyTo(buffer.AsSpan(end));
        end += data.Length;
    }

    /// <summary>The next complete frame, or false when more bytes are needed. A stream that is not netstrings throws
    /// <see cref="FormatException"/> (the connection must then be dropped: there is no way to find the next frame).</summary>
    public bool TryRead(out string frame)
    {
        frame = "";
        var span = buffer.AsSpan(start, end - start);
        var digits = 0;
        long length = 0;
        while (digits < span.Length && span[digits] is >= (byte)'0' and <= (byte)'9')
        {
            if (digits == 9) throw new FormatException("netstring length longer than 9 digits");
            length = length * 10 + (span[digits] - '0');
            digits++;
        }
        if (digits == span.Length) return false; // only (part of) the length so far
        if (digits == 0) throw new FormatException($"netstring must start with its length, not '{(char)span[0]}'");
        if (digits > 1 && span[0] == '0') throw new FormatException("netstring length with a leading zero");
        if (span[digits] != ':') throw new FormatException("netstring length not followed by ':'");
        var total = digits + 1 + length + 1;
        if (span.Length < total) return false;
        if (span[(int)total - 1] != ',') throw new FormatException("netstring not ended by ','");
        frame = Encoding.UTF8.GetString(span.Slice(digits + 1, (int)length));
        start += (int)total;
        if (start == end) start = end = 0;
        return true;
    }
}

/// <summary>An event baresip sent: <c>{"event":true,"type":"CALL_CLOSED","class":"call","accountaor":…,"direction":…,
/// "peeruri":…,"id":…,"param":…}</c>.</summary>
public sealed record BaresipEvent(string Type, string? Class, string? CallId, string? Param, string? PeerUri, string? Direction,
    string? AccountAor, string Json, string? PeerName = null)
{
    public static BaresipEvent From(JsonElement e, string json) =>
        new(Str(e, "type") ?? "", Str(e, "class"), Str(e, "id"), Str(e, "param"), Str(e, "peeruri"), Str(e, "direction"), Str(e, "accountaor"), json,
            Str(e, "peerdisplayname"));

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch { JsonValueKind.String => v.GetString(), JsonValueKind.Null => null, _ => v.GetRawText() } : null;
}

/// <summary>A command's answer: <c>{"response":true,"ok":true,"data":"…","token":"…"}</c>.</summary>
public sealed record BaresipResponse(bool Ok, string Data);

/// <summary>
/// One connection to one baresip's ctrl_tcp module. Commands are netstring JSON <c>{"command","params","token"}</c>, answered by
/// a response with the same token; events come on the same connection at any time (also before the answer to the command that
/// caused them). ctrl_tcp takes one client: a second connection replaces the first, so one BinHub instance drives a baresip.
/// Reconnects by itself with backoff (250 ms doubling to <see cref="CallOptions.ReconnectMax"/>).
/// </summary>
public sealed class BaresipControl : IAsyncDisposable
{
    private readonly string host;
    private readonly int port;
    private readonly TimeSpan commandTimeout, reconnectMax;
    private readonly ILogger log;
    private readonly TimeProvider clock;
    private readonly CancellationTokenSource stop = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BaresipResponse>> pending = new();
    private readonly object stateLock = new();
    private Task? loop;
    private NetworkStream? stream;
    private long nextToken;

    public BaresipControl(string host, int port, TimeSpan commandTimeout, TimeSpan reconnectMax, ILogger log, TimeProvider? clock = null)
    {
        (this.host, this.port, this.commandTimeout, this.reconnectMax, this.log) = (host, port, commandTimeout, reconnectMax, log);
        this.clock = clock ?? TimeProvider.System;
        Since = this.clock.GetUtcNow();
    }

    public string Endpoint => $"{host}:{port}";
    public bool Connected { get; private set; }
    public DateTimeOffset Since { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>Raised on the reading thread for every event, in order. Handlers must not block.</summary>
    public event Action<BaresipEvent>? EventReceived;

    /// <summary>Raised after the connection came up (true, the client may set its engine up) or went down (false).</summary>
    public event Action<bool>? ConnectionChanged;

    public void Start() => loop ??= Task.Run(() => RunAsync(stop.Token));

    /// <summary>Sends one command and waits for its response. Throws <see cref="CallGatewayUnavailableException"/> when not
    /// connected or when the connection drops before the answer; <see cref="TimeoutException"/> when baresip does not answer.</summary>
    public async Task<BaresipResponse> CommandAsync(string command, string? parameters, CancellationToken ct)
    {
        var s = stream;
        if (!Connected || s is null) throw new CallGatewayUnavailableException($"baresip at {Endpoint} is not connected{(LastError is null ? "" : $": {LastError}")}");
        var token = "b" + Interlocked.Increment(ref nextToken);
        var tcs = new TaskCompletionSource<BaresipResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[token] = tcs;
        try
        {
            var json = JsonSerializer.Serialize(parameters is null
                ? new Dictionary<string, string> { ["command"] = command, ["token"] = token }
                : new Dictionary<string, string> { ["command"] = command, ["params"] = parameters, ["token"] = token });
            var frame = NetstringReader.Encode(json);
            await writeLock.WaitAsync(ct);
            try { await s.WriteAsync(frame, ct); }
            catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
            {
                throw new CallGatewayUnavailableException($"baresip at {Endpoint}: {e.Message}", e);
            }
            finally { writeLock.Release(); }
            return await tcs.Task.WaitAsync(commandTimeout, clock, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"baresip at {Endpoint} did not answer '{command}' within {commandTimeout.TotalSeconds:0.#} s");
        }
        finally { pending.TryRemove(token, out _); }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            using var client = new TcpClient { NoDelay = true };
            try
            {
                await client.ConnectAsync(host, port, ct);
                stream = client.GetStream();
                SetState(true, null);
                delay = TimeSpan.FromMilliseconds(250);
                Raise(true);
                await ReadAsync(stream, ct);
                SetState(false, "connection closed by baresip");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e) when (e is SocketException or IOException or FormatException or JsonException)
            {
                SetState(false, e.Message);
            }
            var was = stream is not null;
            stream = null;
            foreach (var (token, tcs) in pending)
                if (pending.TryRemove(token, out _)) tcs.TrySetException(new CallGatewayUnavailableException($"baresip at {Endpoint}: connection lost ({LastError})"));
            if (was) Raise(false);
            try { await Task.Delay(delay, clock, ct); } catch (OperationCanceledException) { break; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, reconnectMax.Ticks));
        }
        lock (stateLock) { Connected = false; }
    }

    private void Raise(bool up)
    {
        try { ConnectionChanged?.Invoke(up); }
        catch (Exception e) { log.LogError(e, "baresip {Endpoint}: connection handler failed", Endpoint); }
    }

    private void SetState(bool connected, string? error)
    {
        lock (stateLock)
        {
            if (error is not null) LastError = error;
            if (Connected == connected) return;
            Connected = connected;
            Since = clock.GetUtcNow();
        }
        if (connected) log.LogInformation("baresip {Endpoint}: connected", Endpoint);
        else log.LogWarning("baresip {Endpoint}: disconnected ({Error})", Endpoint, error);
    }

    private async Task ReadAsync(NetworkStream s, CancellationToken ct)
    {
        var reader = new NetstringReader();
        var chunk = new byte[8192];
        while (true)
        {
            var n = await s.ReadAsync(chunk, ct);
            if (n == 0) return;
            reader.Append(chunk.AsSpan(0, n));
            while (reader.TryRead(out var json)) Dispatch(json);
        }
    }

    /// <summary>One frame: a response completes its command, an event goes to the listeners. Public for the parser tests.</summary>
    public void Dispatch(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return;
        if (root.TryGetProperty("response", out _))
        {
            var token = BaresipEvent.Str(root, "token");
            if (token is not null && pending.TryRemove(token, out var tcs))
                tcs.TrySetResult(new BaresipResponse(root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True,
                    BaresipEvent.Str(root, "data") ?? ""));
            return;
        }
        if (root.TryGetProperty("event", out _))
        {
            var ev = BaresipEvent.From(root, json);
            try { EventReceived?.Invoke(ev); }
            catch (Exception e) { log.LogError(e, "baresip {Endpoint}: event handler failed for {Type}", Endpoint, ev.Type); }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        if (loop is not null) { try { await loop; } catch (OperationCanceledException) { } }
        stop.Dispose();
    }
}
