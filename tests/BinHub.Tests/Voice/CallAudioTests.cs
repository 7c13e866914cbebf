using BinHub.Gateways.Voice;

namespace BinHub.Tests.Voice;

/// <summary>Call audio rendered by the real espeak-ng and sox; a wrapper script around espeak-ng records its command lines.</summary>
public class CallAudioTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("binhub-call-").FullName;
    private string Log => Path.Combine(dir, "espeak.log");

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>An "espeak-ng" that runs <paramref name="body"/> (a shell script; "$@" are espeak's arguments).</summary>
    private string Espeak(string body)
    {
        var path = Path.Combine(dir, $"espeak-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string LoggingEspeak() => Espeak($"echo \"$@\" >> '{Log}'\nexec espeak-ng \"$@\"");

    private CallAudio Audio(string? espeak = null, double timeoutSeconds = 60) =>
        new(new VoiceOptions { AudioDirectory = Path.Combine(dir, "voice"), Espeak = espeak ?? LoggingEspeak(), ProcessTimeoutSeconds = timeoutSeconds });

    private string[] EspeakRuns() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    private static CallScript Alarm(string lang, string text, long id = 1) => CallScript.ForMessage(id, CallKind.Alarm, text, lang, CallScriptTests.L);

    [Fact]
    public async Task A_call_is_one_8_khz_mono_16_bit_wav_whose_duration_is_returned_exactly()
    {
        var audio = await Audio().RenderAsync(Alarm("nl", "Inbraak bezig in de Kerkstraat, wagen 1-ABC-234."), default);
        Assert.Equal("espeak-ng", audio.Via);
        Assert.True(File.Exists(audio.AudioPath));
        var bytes = await File.ReadAllBytesAsync(audio.AudioPath!);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(1, BitConverter.ToInt16(bytes, 20)); // PCM
        Assert.Equal(1, BitConverter.ToInt16(bytes, 22)); // mono
        Assert.Equal(8000, BitConverter.ToInt32(bytes, 24));
        Assert.Equal(16, BitConverter.ToInt16(bytes, 34)); // 16-bit signed
        Assert.Equal(TimeSpan.FromSeconds((bytes.Length - 44) / 16000.0), audio.Duration);
        Assert.Equal(audio.Duration, TelephonyWav.Read(audio.AudioPath!).Duration);
        Assert.Contains(bytes.Skip(44), b => b != 0); // something is said
    }

    [Fact]
    public async Task The_call_lasts_the_introduction_the_message_twice_and_the_prompt_with_the_pauses_between()
    {
        var renderer = Audio();
        var script = Alarm("fr", "Cambriolage en cours avenue Louise 14B à 14h05. Appelez le 112.");
        var whole = await renderer.RenderAsync(script, default);
        var spoken = TimeSpan.Zero;
        foreach (var (part, i) in script.Parts.Select((p, i) => (p, i)))
            spoken += (await renderer.RenderAsync(new CallScript($"part-{i}", CallKind.Alarm, "fr", [new(part.Text, TimeSpan.Zero)]) { LeadIn = TimeSpan.Zero }, default)).Duration;
        var pauses = script.LeadIn + script.Parts.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.PauseAfter);
        Assert.InRange((whole.Duration - (spoken + pauses)).Duration().TotalMilliseconds, 0, 1);
        var message = (await renderer.RenderAsync(new CallScript("message", CallKind.Alarm, "fr", [new(script.Parts[1].Text, TimeSpan.Zero)]) { LeadIn = TimeSpan.Zero }, default)).Duration;
        Assert.True(whole.Duration > 2 * message, "the message is heard twice");
    }

    [Fact]
    public async Task A_longer_message_makes_a_longer_call()
    {
        var renderer = Audio();
        var shortCall = await renderer.RenderAsync(Alarm("de", "Einbruch in der Hauptstraße.", 1), default);
        var longCall = await renderer.RenderAsync(Alarm("de",
            "Einbruch in der Hauptstraße 12 um 14:05 Uhr. Zwei Täter, ca. 1,80 m groß, flüchteten in einem grauen Wagen mit dem Kennzeichen 1-ABC-234 Richtung E40. Rufen Sie die 112, wenn Sie etwas sehen.", 2), default);
        Assert.True(longCall.Duration > shortCall.Duration + TimeSpan.FromSeconds(10), $"{shortCall.Duration} then {longCall.Duration}");
    }

    [Fact]
    public async Task The_same_script_is_rendered_once_even_for_a_thousand_concurrent_landlines()
    {
        var renderer = Audio();
        var script = Alarm("nl", "Verdachte personen in de Stationsstraat, bel 101.", 77);
        var all = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => renderer.RenderAsync(script, default))));
        Assert.Single(all.Select(a => a.AudioPath).Distinct());
        Assert.Single(all.Select(a => a.Duration).Distinct());
        var runs = EspeakRuns().Length;
        Assert.Equal(script.Parts.Select(p => p.Text).Distinct().Count(), runs); // each distinct text spoken once, the message included

        var again = await renderer.RenderAsync(script, default);
        var afterRestart = await Audio().RenderAsync(script, default); // a new process finds the file
        Assert.Equal(all[0].AudioPath, again.AudioPath);
        Assert.Equal(all[0].Duration, afterRestart.Duration);
        Assert.Equal(runs, EspeakRuns().Length);
    }

    [Theory]
    [InlineData("nl", "nl", "Inbraak in de Kerkstraat.")]
    [InlineData("fr", "fr-be", "Cambriolage rue de la Station.")]
    [InlineData("de", "de", "Einbruch in der Bahnhofstraße.")]
    [InlineData("en", "en", "Burglary in Station Street.")]
    public async Task Every_language_is_spoken_by_its_own_voice_slowly(string lang, string voice, string text)
    {
        var audio = await Audio().RenderAsync(Alarm(lang, text), default);
        Assert.True(audio.Duration > TimeSpan.FromSeconds(5));
        var runs = EspeakRuns();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.StartsWith($"-v {voice} -s 135 ", r));
    }

    [Fact]
    public async Task A_failing_espeak_fails_that_rendering_with_its_reason_and_a_later_try_renders()
    {
        var script = Alarm("nl", "Inbraak in de Kerkstraat.");
        var e = await Assert.ThrowsAsync<VoiceRenderingException>(() => Audio(Espeak("echo 'voice nl: no such voice data' >&2\nexit 3")).RenderAsync(script, default));
        Assert.Contains("exit code 3", e.Message);
        Assert.Contains("no such voice data", e.Message);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir, "voice", "calls"), "*.wav", SearchOption.AllDirectories));

        var audio = await Audio().RenderAsync(script, default); // the failure is not cached
        Assert.True(File.Exists(audio.AudioPath));
    }

    [Fact]
    public async Task An_espeak_that_hangs_is_stopped_and_the_rendering_fails()
    {
        var e = await Assert.ThrowsAsync<VoiceRenderingException>(() =>
            Audio(Espeak("exec sleep 600"), timeoutSeconds: 1).RenderAsync(Alarm("nl", "Inbraak."), default));
        Assert.Contains("did not finish within 1 s", e.Message);
    }

    [Fact]
    public async Task A_missing_espeak_is_a_clear_failure()
    {
        var e = await Assert.ThrowsAsync<VoiceRenderingException>(() =>
            Audio(Path.Combine(dir, "no-espeak-here")).RenderAsync(Alarm("nl", "Inbraak."), default));
        Assert.Contains("could not be started", e.Message);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_stop_the_rendering_for_the_others()
    {
        var renderer = Audio();
        var script = Alarm("en", "Burglary in progress in Church Street.", 5);
        using var impatient = new CancellationTokenSource();
        var first = renderer.RenderAsync(script, impatient.Token);
        var second = renderer.RenderAsync(script, default);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.True(File.Exists((await second).AudioPath));
    }
}
