using BinHub.Testing;

namespace BinHub.Bench;

/// <summary>One call as a member phone saw it (the bench's clock: when each ctrl_tcp event reached the bench).</summary>
/// <param name="Start">The call's first event at the phone (CALL_INCOMING): the channel has dialled.</param>
/// <param name="RtpAt">CALL_RTPESTAB: the first RTP packet from the channel arrived (the channel sends nothing before the message).</param>
/// <param name="AnswerToAudioMs">Answer → first sound heard, less the message's own leading silence (sound method, see <see cref="CallTimeline"/>).</param>
internal sealed record PhoneCall(int Phone, string Id, DateTimeOffset Start, DateTimeOffset? Established, DateTimeOffset? RtpAt, DateTimeOffset? Closed,
    string? CloseReason, string? Recording = null, double? AnswerToAudioMs = null);

/// <summary>
/// What the member phones saw, turned into the calls bench's figures: the calls and their overlaps per phone, the trunk's
/// busy time, and when each phone first heard the message after answering.
/// <para>
/// Answer → audio, the sound method: a phone records what it decodes (baresip's sndfile, one WAV per call) up to the hang-up,
/// so the first loud sample of the recording was heard at CALL_CLOSED − (recording length − its offset). From that the
/// phone's CALL_ESTABLISHED is taken away, and the silence the played file itself starts with (CallScript.LeadIn, 500 ms,
/// plus espeak-ng's own onset, measured in the file baresip plays): what is left is how long after the answer BinHub's
/// channel started the message, plus the way to the phone. CALL_RTPESTAB − CALL_ESTABLISHED is the same thing by the
/// network's clock and is kept as a cross-check.
/// </para>
/// </summary>
internal static class CallTimeline
{
    /// <summary>A sample this loud is speech: G.711 silence decodes to 0, espeak-ng's speech peaks in the thousands.</summary>
    private const int Loud = 300;

    public static List<PhoneCall> Collect(IReadOnlyList<VoicePhone> phones)
    {
        var calls = new List<PhoneCall>();
        foreach (var phone in phones)
        {
            foreach (var g in phone.Events.Where(e => e.Event.CallId is not null).GroupBy(e => e.Event.CallId!))
            {
                DateTimeOffset? At(string type) => g.Where(e => e.Event.Type == type).Select(e => (DateTimeOffset?)e.At).FirstOrDefault();
                var closed = g.FirstOrDefault(e => e.Event.Type == "CALL_CLOSED");
                calls.Add(new PhoneCall(phone.Index, g.Key, g.Min(e => e.At), At("CALL_ESTABLISHED"), At("CALL_RTPESTAB"),
                    closed.Event is null ? null : closed.At, closed.Event?.Param));
            }
        }
        return calls.OrderBy(c => c.Start).ToList();
    }

    /// <summary>Pairs of calls that were at one phone at the same time (the bench maps numbers to phones so that none should).</summary>
    public static int Overlaps(IEnumerable<PhoneCall> calls) =>
        calls.GroupBy(c => c.Phone).Sum(g =>
        {
            var list = g.OrderBy(c => c.Start).ToList();
            return list.Zip(list.Skip(1)).Count(p => p.First.Closed is not { } end || p.Second.Start < end);
        });

    /// <summary>The most calls up at once (must never exceed the channels).</summary>
    public static int MaxConcurrent(IEnumerable<PhoneCall> calls, DateTimeOffset end)
    {
        var edges = calls.SelectMany(c => new[] { (At: c.Start, D: 1), (At: c.Closed ?? end, D: -1) }).OrderBy(e => e.At).ThenBy(e => e.D);
        int now = 0, max = 0;
        foreach (var e in edges) max = Math.Max(max, now += e.D);
        return max;
    }

    /// <summary>
    /// Busy channel-time ÷ (channels × window), the window being from the first dial to the start of the last call: all
    /// that time calls were waiting for a channel. A channel counts as busy from the phone's first event of a call to its
    /// CALL_CLOSED (the span a SIP call holds a trunk channel); what BinHub does between two calls counts as idle.
    /// </summary>
    public static (double Utilisation, double WindowS, double BusyS) Utilisation(IReadOnlyList<PhoneCall> calls, int channels)
    {
        if (calls.Count < 2) return (0, 0, 0);
        var from = calls.Min(c => c.Start);
        var to = calls.Max(c => c.Start);
        var window = (to - from).TotalSeconds;
        if (window <= 0) return (0, 0, 0);
        var busy = calls.Sum(c =>
        {
            var s = c.Start < from ? from : c.Start;
            var e = c.Closed is { } x && x < to ? x : to;
            return e > s ? (e - s).TotalSeconds : 0;
        });
        return (busy / (channels * window), window, busy);
    }

    /// <summary>Where the first loud sample of a WAV is, in seconds from its start, and its length; null when it has none.</summary>
    public static (double Onset, double Length)? Onset(string wav)
    {
        var (rate, channels, samples) = VoiceRig.Read(wav);
        if (rate <= 0 || samples.Length == 0) return null;
        var first = Array.FindIndex(samples, s => Math.Abs((int)s) > Loud);
        var length = samples.Length / (double)channels / rate;
        return first < 0 ? null : (first / (double)channels / rate, length);
    }

    /// <summary>
    /// Finds each answered call's recording (the phone's *-dec.wav written last nearest to its CALL_CLOSED) and measures
    /// answer → audio with the sound method, <paramref name="leadIn"/> being the played file's own leading silence in seconds.
    /// </summary>
    public static List<PhoneCall> MeasureAudio(IReadOnlyList<PhoneCall> calls, IReadOnlyList<VoicePhone> phones, double leadIn)
    {
        var result = new List<PhoneCall>();
        foreach (var g in calls.GroupBy(c => c.Phone))
        {
            var dir = phones[g.Key].RecordingDirectory;
            var files = Directory.Exists(dir)
                ? new DirectoryInfo(dir).GetFiles("*-dec.wav").Select(f => (f.FullName, At: new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero))).ToList()
                : [];
            foreach (var call in g)
            {
                if (call is not { Established: { } answered, Closed: { } closed })
                {
                    result.Add(call);
                    continue;
                }
                var best = files.Where(f => Math.Abs((f.At - closed).TotalSeconds) < 2).OrderBy(f => Math.Abs((f.At - closed).TotalSeconds)).FirstOrDefault();
                if (best.FullName is null)
                {
                    result.Add(call);
                    continue;
                }
                files.Remove(best);
                double? ms = null;
                try
                {
                    if (Onset(best.FullName) is { } o)
                    {
                        var heard = closed - TimeSpan.FromSeconds(o.Length - o.Onset);
                        ms = (heard - answered).TotalMilliseconds - leadIn * 1000;
                    }
                }
                catch (Exception e) when (e is IOException or InvalidDataException) { }
                result.Add(call with { Recording = best.FullName, AnswerToAudioMs = ms });
            }
        }
        return result.OrderBy(c => c.Start).ToList();
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
