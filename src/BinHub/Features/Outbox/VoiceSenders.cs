using System.Diagnostics;

namespace BinHub.Features.Outbox;

/// <summary>
/// Text-to-voice for landlines. Today the audio is rendered (espeak-ng) and kept; placing the call is a later step,
/// so a voice message ends "held" with its audio, never "sent", and the landline stays "unverified-voice".
/// </summary>
public interface IVoiceSender
{
    /// <summary>Renders the message; returns where the audio is and how long it lasts, for the outbox record.</summary>
    Task<VoiceRendering> RenderAsync(long messageId, string text, string language, CancellationToken ct);
}

public sealed record VoiceRendering(string Via, string? AudioPath, TimeSpan Duration);

public sealed class VoiceOptions
{
    /// <summary>Espeak (render audio with espeak-ng) or DevOutbox (keep the text only).</summary>
    public string? Provider { get; set; }
    public string Espeak { get; set; } = "espeak-ng";
    public string? AudioDirectory { get; set; }
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
}
