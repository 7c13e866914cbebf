using System.Globalization;

namespace BinHub.Bench;

public sealed record PriorityOptions(int Links, int LinkRate, int Background, int Alarm, double AlarmAfter, string Provider, string PgBase,
    double? QueueSeconds, double CalibrateSeconds, bool KeepKannel, TimeSpan KannelWait, TimeSpan Timeout, bool Smoke, bool Strict)
{
    public static PriorityOptions Parse(string[] args)
    {
        int? links = null, rate = null, background = null, alarm = null;
        double? queue = null;
        double? after = null, calibrate = null;
        int waitS = 300, timeoutS = 0;
        string provider = "sqlite", pg = Environment.GetEnvironmentVariable("BINHUB_BENCH_PG") ?? FanoutOptions.DefaultPg;
        bool keep = false, smoke = false, strict = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Next(), out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            double Num() => double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a number ≥ 0");
            switch (args[i])
            {
                case "--links": links = Int(); break;
                case "--link-rate": rate = Int(); break;
                case "--background": background = Int(); break;
                case "--alarm": alarm = Int(); break;
                case "--alarm-after": after = Num(); break;
                case "--queue-seconds": queue = Num(); break;
                case "--calibrate": calibrate = Num(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--pg": pg = Next(); break;
                case "--keep-kannel": keep = true; break;
                case "--kannel-wait": waitS = Int(); break;
                case "--timeout": timeoutS = Int(); break;
                case "--smoke": smoke = true; break;
                case "--strict": strict = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider must be sqlite or postgres");
        var l = links ?? (smoke ? 2 : 3);
        if (l > 9) throw new ArgumentException("--links is 1..9");
        var t = rate ?? 100;
        var b = background ?? (smoke ? 2000 : 20000);
        var a = alarm ?? (smoke ? 200 : 500);
        // Sending everything takes (B + A) / (L × T) seconds; the timeout leaves twice that plus a minute.
        var timeout = TimeSpan.FromSeconds(timeoutS > 0 ? timeoutS : Math.Max(120, 2.0 * (b + a) / (l * t) + 60));
        return new PriorityOptions(l, t, b, a, after ?? 5, provider, pg, queue, calibrate ?? (smoke ? 2 : 3), keep, TimeSpan.FromSeconds(waitS), timeout, smoke, strict);
    }
}
