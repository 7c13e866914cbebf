using System.Globalization;

namespace BinHub.Bench;

internal sealed record CallsOptions(int Calls, int Channels, int Phones, double PressAfter, TimeSpan RetryAfter, int PortBase, string Provider, string PgBase,
    TimeSpan Timeout, bool Smoke, bool Strict)
{
    /// <summary>tools/voice/start.sh takes at most 16 channels and 40 phones.</summary>
    public const int MaxChannels = 16, MaxPhones = 40;

    public static CallsOptions Parse(string[] args)
    {
        int? calls = null, channels = null, phones = null;
        double? press = null;
        int retryS = 10, portBase = 17000, timeoutS = 0;
        string provider = "sqlite", pg = Environment.GetEnvironmentVariable("BINHUB_BENCH_PG") ?? FanoutOptions.DefaultPg;
        bool smoke = false, strict = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Next(), out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            double Num() => double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a number ≥ 0");
            switch (args[i])
            {
                case "--calls": calls = Int(); break;
                case "--channels": channels = Int(); break;
                case "--phones": phones = Int(); break;
                case "--press-after": press = Num(); break;
                case "--retry-after": retryS = Int(); break;
                case "--port-base": portBase = Int(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--pg": pg = Next(); break;
                case "--timeout": timeoutS = Int(); break;
                case "--smoke": smoke = true; break;
                case "--strict": strict = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider must be sqlite or postgres");
        var n = calls ?? (smoke ? 20 : 200);
        var c = channels ?? (smoke ? 4 : 8);
        if (c > MaxChannels) throw new ArgumentException($"--channels is 1..{MaxChannels} (tools/voice/start.sh)");
        if (portBase is < 1024 or > 64000) throw new ArgumentException("--port-base is 1024..64000");
        // Number i rings phone i mod P. Calls go out about in number order, so with at least two phones per channel a
        // phone's next call comes after its previous one has ended; the run checks it.
        var p = phones ?? Math.Min(MaxPhones, n);
        if (p > MaxPhones) throw new ArgumentException($"--phones is at most {MaxPhones} (tools/voice/start.sh)");
        if (p < Math.Min(n, 2 * c)) throw new ArgumentException($"--phones must be at least 2 × channels ({2 * c}) or the number of calls");
        var pressAfter = press ?? 2;
        // A call lasts about pressAfter + 0.5 s; rounds of c calls, three times that, plus a minute.
        var timeout = TimeSpan.FromSeconds(timeoutS > 0 ? timeoutS : Math.Max(120, 3.0 * n / c * (pressAfter + 1) + 60));
        return new CallsOptions(n, c, p, pressAfter, TimeSpan.FromSeconds(retryS), portBase, provider, pg, timeout, smoke, strict);
    }
}
