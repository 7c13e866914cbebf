using System.Globalization;

namespace BinHub.Bench;

/// <summary>The calls bench's figures (see bench/README.md, "calls"); times in ms unless named otherwise.</summary>
internal sealed record CallsResult(int Calls, int Channels, int Phones, double PressAfterS, string Provider, int VoiceRows, int OtherRows,
    double ApiMs, double? FirstDialMs, int PhoneCalls, int PhoneCallsEnded, double RunS, double CallsPerMin,
    double WindowS, double BusyS, double ChannelUtilisation, int MaxConcurrent, int Overlaps, double CallMeanS, double CallP50S,
    double LeadInMs, int AudioMeasured, double AnswerToAudioP50Ms, double AnswerToAudioP95Ms, double AnswerToAudioMaxMs,
    double RtpP50Ms, double RtpP95Ms, double RtpMaxMs, double BinHubAnswerLagP50Ms,
    int Confirmed, int Retried, int Failed, int NotFinal, int NoCallAtPhone, int MissingRows, int Lost, Dictionary<string, int> FinalStates,
    double CpuS, double CpuMsPerCall, double PeakRssMb, bool UtilisationTargetMet, bool AudioTargetMet, bool TimedOut,
    double Seeding = 0, string Commit = "", string Date = "", Dictionary<string, string>? Settings = null)
{
    public bool TargetsMet => UtilisationTargetMet && AudioTargetMet && Lost == 0;

    /// <summary>The stable last line; answer_to_audio_ms is the 95th percentile.</summary>
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"calls total={Calls} channels={Channels} calls_per_min={CallsPerMin:0.0} channel_utilisation={ChannelUtilisation:0.00} " +
        $"answer_to_audio_ms={Fmt(AnswerToAudioP95Ms)} confirmed={Confirmed} lost={Lost}");

    private static string Fmt(double v) => double.IsNaN(v) ? "na" : v.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>The details, on stderr: CI keeps stderr as the run's log and shows only the last stdout line.</summary>
    public void Print()
    {
        var err = Console.Error;
        string Ms(double v) => double.IsNaN(v) ? "n/a" : $"{v:0} ms";
        string Met(bool b) => b ? "met" : "MISSED";
        var rows = new List<(string, string, string)>
        {
            ("calls", $"{Calls} × 1", $"{VoiceRows} voice rows planned ({OtherRows} on other channels); {Channels} channels, {Phones} phones, each presses 1 {PressAfterS:0.#} s after answering"),
            ("api", Ms(ApiMs), "POST /api/v1/messages: the alarm and its rows committed"),
            ("first dial", FirstDialMs is { } f ? Ms(f) : "n/a", "API answered → the first phone's CALL_INCOMING"),
            ("calls/min", $"{CallsPerMin:0.0}", $"{PhoneCallsEnded} calls ended in {RunS:0.0} s (first dial → last hang-up, at the phones); {PhoneCalls} calls seen"),
            ("call length", $"{CallMeanS:0.00} s", $"mean dial → hang-up at the phone (median {CallP50S:0.00} s)"),
            ("utilisation", $"{ChannelUtilisation:0.00}", $"{BusyS:0.0} s of calls in {WindowS:0.0} s × {Channels} channels, first dial → last call started; target ≥ 0.9: {Met(UtilisationTargetMet)}"),
            ("idle per call", PhoneCalls > Channels ? Ms((WindowS * Channels - BusyS) / (PhoneCalls - Channels) * 1000) : "n/a", "≈ idle channel time in the window per call started after the first round (hang-up → next dial)"),
            ("concurrency", $"{MaxConcurrent} max", $"calls up at once (≤ {Channels}); phones in two calls at once: {Overlaps}"),
            ("answer→audio", $"p95 {Ms(AnswerToAudioP95Ms)}", $"at the phone, sound method ({AudioMeasured} calls): p50 {Ms(AnswerToAudioP50Ms)}, max {Ms(AnswerToAudioMaxMs)}; " +
                $"leading silence of the played file {LeadInMs:0} ms taken off; target < 300 ms (p95): {Met(AudioTargetMet)}"),
            ("answer→rtp", $"p95 {Ms(RtpP95Ms)}", $"cross-check, CALL_ESTABLISHED → CALL_RTPESTAB at the phone: p50 {Ms(RtpP50Ms)}, max {Ms(RtpMaxMs)}"),
            ("answer seen", Ms(BinHubAnswerLagP50Ms), "p50 of the row's AnsweredAt − the phone's CALL_ESTABLISHED (BinHub's view of the answer)"),
            ("confirmed", $"{Confirmed}", $"rows Delivered with the call Confirmed; {Retried} needed more than one call, {Failed} failed"),
            ("lost", $"{Lost}", $"{(TimedOut ? "TIMED OUT; " : "")}rows not final {NotFinal} + answered rows without a call at their phone {NoCallAtPhone} + rows never planned {MissingRows}"),
            ("cpu", $"{CpuMsPerCall:0} ms / call", $"BinHub {CpuS:0.0} s user+sys from the alarm to the last row final; peak RSS {PeakRssMb:0} MB"),
            ("final states", string.Join(", ", FinalStates.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}")), ""),
        };
        err.WriteLine();
        foreach (var (k, v, note) in rows) err.WriteLine($"  {k,-14} {v,-16} {note}");
        err.WriteLine($"  targets        {(TargetsMet ? "all met" : "not all met")}");
        err.WriteLine();
    }
}
