using System.Collections.Concurrent;
using System.Diagnostics;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Testing;

/// <summary>
/// BinHub's call engine and a row of member phones, all real baresip 1.0.0 processes on 127.0.0.1, started with the project's
/// recipe (tools/voice/start.sh; ports PortBase..PortBase+999, so the tests that use one base run one class at a time). The
/// phones that need a hand (pressing digits, declining) are driven here over their own ctrl_tcp connection.
/// Shared (linked) by the unit tests, the system tests and the benchmark.
/// </summary>
public sealed class VoiceRig : IAsyncDisposable
{
    public string RunDirectory { get; } = Directory.CreateTempSubdirectory("binhub-voice-").FullName;
    public int Channels { get; private set; }
    /// <summary>The rig's ports start here (tools/voice/start.sh's PORT_BASE): unit tests 15000, browser tests 16000, system tests and the bench 17000.</summary>
    public int PortBase { get; private set; } = 15000;
    public IReadOnlyList<VoicePhone> Phones { get; private set; } = [];
    private static string Tools => Path.Combine(RepositoryRoot(), "tools", "voice");

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tools", "voice", "start.sh"))) return dir.FullName;
        throw new InvalidOperationException("tools/voice/start.sh not found above the test binaries.");
    }

    public static Task<VoiceRig> StartAsync(int channels, params string[] phones) => StartAsync(15000, channels, phones);

    public static async Task<VoiceRig> StartAsync(int portBase, int channels, params string[] phones)
    {
        if (!File.Exists("/usr/bin/baresip")) throw new InvalidOperationException("baresip is not installed: run ./test.sh (it installs baresip).");
        var rig = new VoiceRig { Channels = channels, PortBase = portBase };
        try
        {
            await rig.RunAsync("start.sh", ("CHANNELS", channels.ToString()), ("PHONES", string.Join(' ', phones)), ("PORT_BASE", portBase.ToString()));
            var list = new List<VoicePhone>();
            for (var k = 0; k < phones.Length; k++)
            {
                var phone = new VoicePhone(k, phones[k], $"sip:phone@127.0.0.1:{portBase + 200 + 2 * k}", portBase + 300 + k,
                    Path.Combine(rig.RunDirectory, $"phone-{k}", "rec"));
                list.Add(phone);
                await phone.StartAsync();
            }
            rig.Phones = list;
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>The gateway's settings for this rig: every phone has a made-up Belgian number mapped to its SIP address.</summary>
    public CallOptions Options(string callerId = "+3225550100") => new()
    {
        Calls = "Baresip",
        Channels = Channels,
        ControlPort = PortBase + 100,
        CallerId = callerId,
        CallerName = "BinHub",
        Dial = Phones.ToDictionary(p => p.Number, p => p.Uri),
        CallAudioDirectory = Path.Combine(RunDirectory, "call-audio"),
        ReconnectMax = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// <see cref="Options"/> as BinHub configuration, keys joined with <paramref name="separator"/> (":" for an in-process
    /// host, "__" for a process's environment); <paramref name="dial"/> false leaves the number map to the caller.
    /// </summary>
    public Dictionary<string, string> Settings(string separator = ":", bool dial = true)
    {
        var o = Options();
        string Key(params string[] parts) => string.Join(separator, ["Voice", .. parts]);
        var s = new Dictionary<string, string>
        {
            [Key("Calls")] = o.Calls!,
            [Key("Channels")] = o.Channels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Key("ControlPort")] = o.ControlPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Key("CallerId")] = o.CallerId,
            [Key("CallerName")] = o.CallerName,
            [Key("CallAudioDirectory")] = o.CallAudioDirectory!,
            [Key("ReconnectMax")] = o.ReconnectMax.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (dial) foreach (var (number, uri) in o.Dial) s[Key("Dial", number)] = uri;
        return s;
    }

    public BaresipCallGateway Gateway(CallOptions? options = null) =>
        new(options ?? Options(), NullLogger<BaresipCallGateway>.Instance);

    /// <summary>Kills the call engine's processes (the channels), as a crash would.</summary>
    public void KillChannels()
    {
        var pids = File.ReadAllLines(Path.Combine(RunDirectory, "pids")).Where(l => l.Trim().Length > 0).Select(int.Parse).ToList();
        foreach (var pid in pids)
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                if (p.ProcessName != "baresip") continue;
                var cmd = File.ReadAllText($"/proc/{pid}/cmdline");
                // Not waited for: start.sh's children are not ours to reap, a zombie would hold WaitForExit for its full timeout.
                if (cmd.Contains("/channel-")) p.Kill();
            }
            catch (ArgumentException) { /* gone already */ }
        }
    }

    /// <summary>Starts the channels again with their existing configuration (the PIDs go to the list stop.sh kills).</summary>
    public void RestartChannels()
    {
        for (var i = 0; i < Channels; i++)
        {
            var dir = Path.Combine(RunDirectory, $"channel-{i}");
            var psi = new ProcessStartInfo("bash", ["-c", $"baresip -f '{dir}' -t 900 </dev/null >>'{dir}/out.log' 2>&1 & echo $! >>'{RunDirectory}/pids'"]);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
        }
    }

    private async Task RunAsync(string script, params (string, string)[] env)
    {
        var psi = new ProcessStartInfo("bash", Path.Combine(Tools, script)) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["RUN"] = RunDirectory;
        psi.Environment["LIFETIME"] = Environment.GetEnvironmentVariable("BINHUB_VOICE_LIFETIME") ?? "900"; // a test run that dies leaves no engine behind for long
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed: {await output}{await error}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var phone in Phones) await phone.DisposeAsync();
        try { await RunAsync("stop.sh"); } catch (InvalidOperationException) { }
        // BINHUB_VOICE_KEEP=1 keeps the recordings (and the engines' logs) to listen to or check afterwards.
        if (Environment.GetEnvironmentVariable("BINHUB_VOICE_KEEP") != "1")
            try { Directory.Delete(RunDirectory, true); } catch (IOException) { }
    }

    /// <summary>A telephony WAV (8 kHz mono 16-bit) holding a tone: distinct frequencies tell the calls' audio apart.</summary>
    public string Tone(double seconds, double hertz)
    {
        var path = Path.Combine(RunDirectory, $"tone-{hertz:0}-{seconds:0.00}.wav");
        var samples = new short[(int)(seconds * 8000)];
        for (var i = 0; i < samples.Length; i++) samples[i] = (short)(8000 * Math.Sin(2 * Math.PI * hertz * i / 8000));
        CallPadding.Write(path, samples);
        return path;
    }

    /// <summary>Length of a 16-bit PCM WAV's audio (any rate; the recordings are 8 kHz).</summary>
    public static TimeSpan Length(string wav)
    {
        var (rate, channels, samples) = Read(wav);
        return TimeSpan.FromSeconds(samples.Length / (double)rate / channels);
    }

    /// <summary>
    /// Seconds of sound in a WAV: the 20 ms frames louder than line noise, counted. Unlike <see cref="Length"/> it leaves out
    /// the silence before the audio and after it until the hang-up, which a loaded machine stretches by a second or more.
    /// </summary>
    public static TimeSpan Audible(string wav)
    {
        var (rate, channels, samples) = Read(wav);
        var frame = rate * channels / 50;
        var loud = 0;
        for (var start = 0; start + frame <= samples.Length; start += frame)
        {
            double sum = 0;
            for (var i = start; i < start + frame; i++) sum += (double)samples[i] * samples[i];
            if (Math.Sqrt(sum / frame) > 300) loud++;
        }
        return TimeSpan.FromSeconds(loud / 50.0);
    }

    /// <summary>The tone's frequency, from zero crossings (G.711 keeps them) between the first and the last loud sample.</summary>
    public static double Frequency(string wav)
    {
        var (rate, _, samples) = Read(wav);
        int first = Array.FindIndex(samples, s => Math.Abs((int)s) > 1000), last = Array.FindLastIndex(samples, s => Math.Abs((int)s) > 1000);
        if (first < 0 || last <= first) return 0;
        // With hysteresis: a sign counts only once the signal is clearly on that side, so noise near zero adds nothing.
        int crossings = 0, sign = 0;
        for (var i = first; i <= last; i++)
        {
            var now = samples[i] > 200 ? 1 : samples[i] < -200 ? -1 : 0;
            if (now == 0) continue;
            if (sign != 0 && now != sign) crossings++;
            sign = now;
        }
        return crossings / 2.0 / ((last - first + 1) / (double)rate);
    }

    public static (int Rate, int Channels, short[] Samples) Read(string wav)
    {
        var bytes = File.ReadAllBytes(wav);
        int rate = 0, channels = 1, pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BitConverter.ToInt32(bytes, pos + 4);
            if (id == "fmt ") { channels = BitConverter.ToInt16(bytes, pos + 10); rate = BitConverter.ToInt32(bytes, pos + 12); }
            if (id == "data")
            {
                var n = Math.Min(size < 0 ? int.MaxValue : size, bytes.Length - pos - 8) / 2;
                var samples = new short[n];
                Buffer.BlockCopy(bytes, pos + 8, samples, 0, n * 2);
                return (rate, channels, samples);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"no audio in {wav}");
    }
}

/// <summary>One member phone: a baresip with a behaviour (see tools/voice/start.sh), driven here where it needs a hand.</summary>
public sealed class VoicePhone(int index, string behaviour, string uri, int controlPort, string recordings) : IAsyncDisposable
{
    public int Index { get; } = index;
    public string Behaviour { get; } = behaviour;
    public string Uri { get; } = uri;
    public string Number { get; } = $"+325099{index:D4}";
    public string RecordingDirectory { get; } = recordings;

    /// <summary>How long after answering it presses (answer-press1, ring-answer-press1: 1; answer-press2-then-1: 2, then 1 after as long again).</summary>
    public TimeSpan PressAfter { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>When set, asked at each answer instead of <see cref="PressAfter"/> (e.g. "just after the message BinHub rendered").</summary>
    public Func<TimeSpan>? PressWhen { get; set; }

    private TimeSpan Delay => PressWhen?.Invoke() ?? PressAfter;

    /// <summary>How long ring-answer-press1 rings before it answers (a member who takes a moment to pick up).</summary>
    public TimeSpan AnswerAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Every call event the phone saw, with when (the phone's clock).</summary>
    public ConcurrentQueue<(DateTimeOffset At, BaresipEvent Event)> Events { get; } = new();

    private BaresipControl? control;

    internal async Task StartAsync()
    {
        control = new BaresipControl("127.0.0.1", controlPort, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), NullLogger.Instance);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        control.ConnectionChanged += up => { if (up) connected.TrySetResult(); };
        control.EventReceived += OnEvent;
        control.Start();
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private void OnEvent(BaresipEvent ev)
    {
        Events.Enqueue((DateTimeOffset.UtcNow, ev));
        switch (Behaviour, ev.Type)
        {
            case ("reject", "CALL_INCOMING"):
                _ = Task.Run(() => control!.CommandAsync("hangup", null, CancellationToken.None));
                break;
            case ("ring-answer-press1", "CALL_INCOMING"):
                _ = Task.Run(async () => { await Task.Delay(AnswerAfter); await control!.CommandAsync("accept", null, CancellationToken.None); });
                break;
            case ("answer-press1" or "ring-answer-press1", "CALL_ESTABLISHED"):
                _ = Task.Run(async () => { await Task.Delay(Delay); await control!.CommandAsync("sndcode", "1", CancellationToken.None); });
                break;
            case ("answer-press2-then-1", "CALL_ESTABLISHED"):
                _ = Task.Run(async () =>
                {
                    var delay = Delay;
                    await Task.Delay(delay); await control!.CommandAsync("sndcode", "2", CancellationToken.None);
                    await Task.Delay(delay); await control!.CommandAsync("sndcode", "1", CancellationToken.None);
                });
                break;
        }
    }

    /// <summary>Every recording of what this phone heard, one per call, oldest first.</summary>
    public IReadOnlyList<string> Recordings() =>
        Directory.Exists(RecordingDirectory)
            ? new DirectoryInfo(RecordingDirectory).GetFiles("*-dec.wav").OrderBy(f => f.LastWriteTimeUtc).Select(f => f.FullName).ToList()
            : [];

    /// <summary>The newest recording of what this phone heard (baresip's sndfile: …-dec.wav), or null.</summary>
    public string? LatestRecording() =>
        Directory.Exists(RecordingDirectory)
            ? new DirectoryInfo(RecordingDirectory).GetFiles("*-dec.wav").OrderByDescending(f => f.LastWriteTimeUtc).FirstOrDefault()?.FullName
            : null;

    /// <summary>Waits until the phone's call has closed (the recording is then complete).</summary>
    public async Task<(DateTimeOffset? Established, DateTimeOffset Closed)> WaitForHangUpAsync(TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            var closed = Events.LastOrDefault(e => e.Event.Type == "CALL_CLOSED");
            if (closed.Event is not null)
            {
                var established = Events.LastOrDefault(e => e.Event.Type == "CALL_ESTABLISHED" && e.At <= closed.At);
                await Task.Delay(300); // sndfile closes its file right after
                return (established.Event is null ? null : established.At, closed.At);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"phone {Index} ({Behaviour}) saw no hang-up within {timeout}");
    }

    public void Forget()
    {
        Events.Clear();
        if (Directory.Exists(RecordingDirectory)) foreach (var f in Directory.GetFiles(RecordingDirectory)) File.Delete(f);
    }

    public async ValueTask DisposeAsync()
    {
        if (control is not null) await control.DisposeAsync();
    }
}
