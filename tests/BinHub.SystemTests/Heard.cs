namespace BinHub.SystemTests;

/// <summary>
/// What a test phone heard compared with what BinHub rendered: loudness envelopes (20 ms frames) aligned by correlation.
/// G.711 and the network keep the envelope, so the rendering a recording matches best is the language the call spoke,
/// and the loud part of the recording inside the aligned window is how much of the message was heard.
/// </summary>
public static class Heard
{
    private const int Frame = 160; // 20 ms at 8 kHz
    private const double Loud = 300; // RMS of a frame with speech in it (silence and line noise stay far below)

    public static double[] Envelope(string wav)
    {
        var (rate, _, samples) = VoiceRig.Read(wav);
        if (rate != 8000) throw new InvalidDataException($"{wav}: {rate} Hz, expected 8000");
        var frames = new double[samples.Length / Frame];
        for (var f = 0; f < frames.Length; f++)
        {
            double sum = 0;
            for (var i = f * Frame; i < (f + 1) * Frame; i++) sum += (double)samples[i] * samples[i];
            frames[f] = Math.Sqrt(sum / Frame);
        }
        return frames;
    }

    /// <summary>The best correlation of <paramref name="rendered"/> inside <paramref name="recording"/> over shifts up to <paramref name="maxShift"/> frames, and that shift.</summary>
    public static (double Correlation, int Shift) Align(double[] recording, double[] rendered, int maxShift = 150)
    {
        var best = (Correlation: double.MinValue, Shift: 0);
        for (var shift = 0; shift <= maxShift && shift < recording.Length; shift++)
        {
            var n = Math.Min(rendered.Length, recording.Length - shift);
            if (n < 50) break;
            var c = Pearson(recording.AsSpan(shift, n), rendered.AsSpan(0, n));
            if (c > best.Correlation) best = (c, shift);
        }
        return best;
    }

    /// <summary>Seconds from the first to the last loud frame (of the span <paramref name="from"/>..+<paramref name="length"/> frames).</summary>
    public static double LoudSeconds(double[] envelope, int from = 0, int? length = null)
    {
        var end = Math.Min(envelope.Length, from + (length ?? envelope.Length));
        int first = -1, last = -1;
        for (var f = from; f < end; f++)
            if (envelope[f] > Loud) { if (first < 0) first = f; last = f; }
        return first < 0 ? 0 : (last - first + 1) * Frame / 8000.0;
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.Length; mb /= b.Length;
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++) { var x = a[i] - ma; var y = b[i] - mb; ab += x * y; aa += x * x; bb += y * y; }
        return aa == 0 || bb == 0 ? 0 : ab / Math.Sqrt(aa * bb);
    }
}
