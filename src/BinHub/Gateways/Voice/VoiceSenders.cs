using System.Diagnostics;

namespace BinHub.Gateways.Voice;

/// <summary>
/// Text-to-voice for landlines. Today the audio is rendered (espeak-ng) and kept; placing the call is a later step,
/// so a voice message ends "held" with its audio, never "sent", and the landline stays "unverified-voice".
/// </summary>
public interface IVoiceSender
{
    /// <summary>Renders the message; returns where the audio is and how long it lasts, for the outbox record.</summary>
    Task<VoiceRendering> RenderAsync(long messageId, string text, string language, CancellationToken ct);

    /// <summary>
    /// Telephony audio (8 kHz mono 16-bit WAV) for a message in one language, rendered once and cached under
    /// <paramref name="key"/>: a thousand landlines in a BIN share one file.
    /// </summary>
    Task<VoiceRendering> RenderTelephonyAsync(string key, string text, string language, CancellationToken ct);
}

public sealed record VoiceRendering(string Via, string? AudioPath, TimeSpan Duration);

public sealed class VoiceOptions
{
    /// <summary>Espeak (render audio with espeak-ng) or DevOutbox (keep the text only).</summary>
    public string? Provider { get; set; }
    public string Espeak { get; set; } = "espeak-ng";
    /// <summary>Converts espeak's audio to telephony format (8 kHz mono).</summary>
    public string Sox { get; set; } = "sox";
    public string? AudioDirectory { get; set; }
    /// <summary>espeak-ng words per minute for calls: slower than its 175, many listeners are elderly and hear it once.</summary>
    public int CallRate { get; set; } = 135;
    /// <summary>Extra pause between words in calls, in units of 10 ms (espeak-ng -g).</summary>
    public int CallWordGap { get; set; } = 1;
    /// <summary>Longest an espeak-ng or sox run may take before it is stopped and the rendering fails.</summary>
    public double ProcessTimeoutSeconds { get; set; } = 60;
}

public sealed class EspeakVoiceSender(VoiceOptions options) : IVoiceSender
{
    public async Task<VoiceRendering> RenderAsync(long messageId, string text, string language, CancellationToken ct)
    {
        var dir = Directory.CreateDirectory(options.AudioDirectory!).FullName;
        var path = Path.Combine(dir, $"{messageId}.wav");
        var psi = new ProcessStartInfo(options.Espeak) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        // Slower than the default rate: many listeners are elderly, and a code must be understood the first time.
        foreach (var a in new[] { "-v", Voice(language), "-s", "140", "-w", path, text }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("espeak-ng could not be started");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0 || !File.Exists(path)) throw new InvalidOperationException($"espeak-ng failed ({p.ExitCode}): {(await stderr).Trim()}");
        return new VoiceRendering("espeak-ng", path, WavDuration(path));
    }

    private static readonly SemaphoreSlim RenderOne = new(1, 1);

    public async Task<VoiceRendering> RenderTelephonyAsync(string key, string text, string language, CancellationToken ct)
    {
        var dir = Directory.CreateDirectory(options.AudioDirectory!).FullName;
        var path = Path.Combine(dir, $"{key}.wav");
        await RenderOne.WaitAsync(ct); // parallel deliveries of one message wait for its single rendering
        try
        {
            if (!File.Exists(path))
            {
                var raw = Path.Combine(dir, $"{key}.raw.wav");
                await RunAsync(options.Espeak, ["-v", Voice(language), "-s", "140", "-w", raw, text], ct);
                await RunAsync(options.Sox, [raw, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", path], ct);
                File.Delete(raw);
            }
        }
        finally { RenderOne.Release(); }
        return new VoiceRendering("espeak-ng", path, WavDuration(path));
    }

    private static async Task RunAsync(string exe, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"{exe} could not be started");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} failed ({p.ExitCode}): {(await stderr).Trim()}");
    }

    public static string Voice(string language) => language switch { "fr" => "fr-be", "de" => "de", "en" => "en", _ => "nl" };

    /// <summary>Length of a PCM WAV file from its header (byte rate at offset 28, data after the 44-byte header).</summary>
    public static TimeSpan WavDuration(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 44 || bytes[0] != 'R' || bytes[1] != 'I' || bytes[2] != 'F' || bytes[3] != 'F') return TimeSpan.Zero;
        var byteRate = BitConverter.ToInt32(bytes, 28);
        return byteRate > 0 ? TimeSpan.FromSeconds((bytes.Length - 44) / (double)byteRate) : TimeSpan.Zero;
    }

    public static bool IsInstalled(string executable) =>
        Path.IsPathRooted(executable) ? File.Exists(executable)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, executable)));
}

public sealed class DevOutboxVoiceSender : IVoiceSender
{
    public Task<VoiceRendering> RenderAsync(long messageId, string text, string language, CancellationToken ct) =>
        Task.FromResult(new VoiceRendering("dev-outbox", null, TimeSpan.Zero));

    public Task<VoiceRendering> RenderTelephonyAsync(string key, string text, string language, CancellationToken ct) =>
        Task.FromResult(new VoiceRendering("dev-outbox", null, TimeSpan.Zero));
}
