using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace BinHub.Gateways.Voice;

/// <summary>
/// Renders a <see cref="CallScript"/> to the one audio file a call plays: telephony WAV (8 kHz, mono, 16-bit signed
/// PCM, what baresip's aufile plays), rendered once per script and then served from the file.
/// </summary>
public interface ICallAudio
{
    /// <summary>
    /// The audio of <paramref name="script"/>: its path and exact duration. Concurrent calls for the same script share one
    /// rendering. Throws <see cref="VoiceRenderingException"/> when it cannot be rendered (espeak-ng or sox missing,
    /// failing or not finishing in time); the exception's message says why.
    /// </summary>
    Task<VoiceRendering> RenderAsync(CallScript script, CancellationToken ct);
}

/// <summary>A script that could not be turned into audio; the message says which tool failed and why.</summary>
public sealed class VoiceRenderingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// espeak-ng speaks each distinct text of the script once (the message is spoken once and played twice), in the
/// language's voice at a slow rate; sox converts each to 8 kHz mono 16-bit; the pieces and the silences between them
/// are joined here, so the duration is exact (samples / 8000). The file is written under a temporary name and moved into
/// place, so a reader never sees half a file, and named <c>{key}-{fingerprint}.wav</c> in <c>{AudioDirectory}/calls</c>.
/// </summary>
public sealed class CallAudio(VoiceOptions options) : ICallAudio
{
    public const int SampleRate = 8000;

    private readonly ConcurrentDictionary<string, Lazy<Task<VoiceRendering>>> rendering = new();
    // espeak and sox each use a core; more renderings at once than cores only slow every one of them down.
    private readonly SemaphoreSlim cores = new(Math.Max(1, Environment.ProcessorCount));

    public string Directory => Path.Combine(options.AudioDirectory ?? throw new InvalidOperationException("Voice:AudioDirectory is not set."), "calls");

    private string Settings => $"rate={options.CallRate};gap={options.CallWordGap};rate8k";

    public string PathOf(CallScript script) => Path.Combine(Directory, $"{script.Key}-{script.Fingerprint(Settings)}.wav");

    public Task<VoiceRendering> RenderAsync(CallScript script, CancellationToken ct)
    {
        var path = PathOf(script);
        if (File.Exists(path)) return Task.FromResult(Served(path));
        // One rendering per file, whoever asks; a caller that gives up does not cancel it for the others.
        var shared = rendering.GetOrAdd(path, p => new Lazy<Task<VoiceRendering>>(() => RenderOnceAsync(script, p)));
        return shared.Value.WaitAsync(ct);
    }

    private static VoiceRendering Served(string path) => new("espeak-ng", path, TelephonyWav.Read(path).Duration);

    private async Task<VoiceRendering> RenderOnceAsync(CallScript script, string path)
    {
        try
        {
            await cores.WaitAsync();
            try
            {
                if (File.Exists(path)) return Served(path);
                System.IO.Directory.CreateDirectory(Directory);
                var work = System.IO.Directory.CreateDirectory(Path.Combine(Directory, $".work-{Guid.NewGuid():N}")).FullName;
                try
                {
                    var pcm = new Dictionary<string, byte[]>();
                    foreach (var text in script.Parts.Select(p => p.Text).Distinct())
                        pcm[text] = await SpeakAsync(text, script.Voice, work, pcm.Count);
                    using var joined = new MemoryStream();
                    Silence(joined, script.LeadIn);
                    foreach (var part in script.Parts)
                    {
                        joined.Write(pcm[part.Text]);
                        Silence(joined, part.PauseAfter);
                    }
                    var temp = Path.Combine(work, "call.wav");
                    TelephonyWav.Write(temp, joined.ToArray());
                    File.Move(temp, path, overwrite: true);
                }
                finally
                {
                    try { System.IO.Directory.Delete(work, recursive: true); } catch (IOException) { } // a leftover temp folder is harmless
                }
                return Served(path);
            }
            finally { cores.Release(); }
        }
        finally { rendering.TryRemove(path, out _); } // done or failed: the file is the cache, and a failure may be retried
    }

    /// <summary>One text spoken by espeak-ng and converted by sox to raw 8 kHz mono 16-bit little-endian samples.</summary>
    private async Task<byte[]> SpeakAsync(string text, string voice, string work, int n)
    {
        var textFile = Path.Combine(work, $"part{n}.txt");
        var spoken = Path.Combine(work, $"part{n}.wav");
        var raw = Path.Combine(work, $"part{n}.raw");
        // The text goes in a file, not on the command line: no length limit, and a text starting with "-" is not an option.
        await File.WriteAllTextAsync(textFile, text, new UTF8Encoding(false));
        var timeout = TimeSpan.FromSeconds(options.ProcessTimeoutSeconds);
        await VoiceProcess.RunAsync(options.Espeak, EspeakArguments(voice, textFile, spoken), timeout);
        if (!File.Exists(spoken)) throw new VoiceRenderingException($"{options.Espeak} wrote no audio for voice {voice}.");
        await VoiceProcess.RunAsync(options.Sox,
            [spoken, "-t", "raw", "-r", SampleRate.ToString(CultureInfo.InvariantCulture), "-c", "1", "-b", "16", "-e", "signed-integer", "-L", raw,
             "gain", "-n", "-3"], timeout); // the same loudness for every part and language, with headroom for the codec
        return await File.ReadAllBytesAsync(raw);
    }

    /// <summary>The espeak-ng command line: the language's voice, slow (many listeners are elderly), short gaps between words, UTF-8 text.</summary>
    public string[] EspeakArguments(string voice, string textFile, string wav) =>
        ["-v", voice, "-s", options.CallRate.ToString(CultureInfo.InvariantCulture), "-g", options.CallWordGap.ToString(CultureInfo.InvariantCulture),
         "-b", "1", "-f", textFile, "-w", wav];

    private static void Silence(Stream s, TimeSpan length)
    {
        var samples = (int)Math.Round(length.TotalSeconds * SampleRate);
        s.Write(new byte[samples * 2]);
    }
}

/// <summary>No audio where espeak-ng is not installed (the dev outbox): the call is not rendered, visibly.</summary>
public sealed class DevOutboxCallAudio : ICallAudio
{
    public Task<VoiceRendering> RenderAsync(CallScript script, CancellationToken ct) =>
        Task.FromResult(new VoiceRendering("dev-outbox", null, TimeSpan.Zero));
}

/// <summary>Telephony WAV files: 8 kHz mono 16-bit signed PCM, read by their chunks (not a fixed header length).</summary>
public static class TelephonyWav
{
    public sealed record Info(int SampleRate, int Channels, int BitsPerSample, int Format, long DataBytes)
    {
        public TimeSpan Duration => SampleRate > 0 && Channels > 0 && BitsPerSample > 0
            ? TimeSpan.FromSeconds(DataBytes / (double)(SampleRate * Channels * BitsPerSample / 8)) : TimeSpan.Zero;
    }

    public static void Write(string path, byte[] pcm)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var w = new BinaryWriter(f);
        w.Write("RIFF"u8); w.Write(36 + pcm.Length); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(CallAudio.SampleRate); w.Write(CallAudio.SampleRate * 2);
        w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(pcm.Length); w.Write(pcm);
    }

    public static Info Read(string path)
    {
        using var f = File.OpenRead(path);
        using var r = new BinaryReader(f);
        if (f.Length < 12 || Encoding.ASCII.GetString(r.ReadBytes(4)) != "RIFF") throw new InvalidDataException($"{path} is not a WAV file.");
        r.ReadInt32();
        if (Encoding.ASCII.GetString(r.ReadBytes(4)) != "WAVE") throw new InvalidDataException($"{path} is not a WAV file.");
        int format = 0, channels = 0, rate = 0, bits = 0;
        while (f.Position + 8 <= f.Length)
        {
            var id = Encoding.ASCII.GetString(r.ReadBytes(4));
            var size = r.ReadUInt32();
            if (id == "fmt ")
            {
                format = r.ReadInt16(); channels = r.ReadInt16(); rate = r.ReadInt32(); r.ReadInt32(); r.ReadInt16(); bits = r.ReadInt16();
                f.Position += size - 16;
            }
            else if (id == "data")
                return new Info(rate, channels, bits, format, Math.Min(size, f.Length - f.Position));
            else f.Position += size + (size & 1);
        }
        throw new InvalidDataException($"{path} has no audio data.");
    }
}

/// <summary>Runs espeak-ng or sox with a time limit: a tool that hangs is killed, and the rendering fails with a reason.</summary>
public static class VoiceProcess
{
    public static async Task RunAsync(string exe, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi) ?? throw new VoiceRenderingException($"{exe} could not be started."); }
        catch (Win32Exception e) { throw new VoiceRenderingException($"{exe} could not be started (is it installed?): {e.Message}", e); }
        using (p)
        {
            p.StandardInput.Close(); // nothing to read: a tool waiting for input ends instead of hanging
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            try { await p.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // it ended just now
                throw new VoiceRenderingException($"{exe} did not finish within {timeout.TotalSeconds:0.#} s and was stopped.");
            }
            var error = await Completed(stderr);
            await Completed(stdout);
            if (p.ExitCode != 0)
                throw new VoiceRenderingException($"{exe} failed (exit code {p.ExitCode}){(error.Length > 0 ? ": " + Trim(error) : ".")}");
        }
    }

    // The pipes close when the process ends, unless it left a child holding them: then its output is not worth waiting for.
    private static async Task<string> Completed(Task<string> read)
    {
        try { return (await read.WaitAsync(TimeSpan.FromSeconds(2))).Trim(); }
        catch (TimeoutException) { return ""; }
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "…" : s;
}
