using BinHub.Features.Messages;
using BinHub.Features.Dispatch;

namespace BinHub.Bench;

public sealed record FanoutOptions(int Recipients, string Provider, string PgBase, int Concurrency, int BatchSize, int RawRequests, string? RecipesDir,
    bool KeepKannel, TimeSpan KannelWait, TimeSpan Timeout, bool Smoke)
{
    public const string DefaultPg = "Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres";

    public static FanoutOptions Parse(string[] args)
    {
        var defaults = new DispatchOptions();
        int n = 0, concurrency = defaults.Concurrency, batch = defaults.BatchSize, raw = 0, waitS = 300, timeoutS = 0;
        string provider = "sqlite", pg = Environment.GetEnvironmentVariable("BINHUB_BENCH_PG") ?? DefaultPg;
        string? recipes = Environment.GetEnvironmentVariable("BINHUB_RECIPES");
        bool keep = false, smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Next(), out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a positive number");
            switch (args[i])
            {
                case "--recipients" or "-n": n = Int(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--pg": pg = Next(); break;
                case "--concurrency": concurrency = Int(); break;
                case "--batch": batch = Int(); break;
                case "--raw-requests": raw = Int(); break;
                case "--recipes": recipes = Next(); break;
                case "--keep-kannel": keep = true; break;
                case "--kannel-wait": waitS = Int(); break;
                case "--timeout": timeoutS = Int(); break;
                case "--smoke": smoke = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (smoke && n == 0) n = 1000;
        if (n == 0) throw new ArgumentException("--recipients N (or --smoke) is required");
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider must be sqlite or postgres");
        if (raw == 0) raw = Math.Min(n, 5000);
        var timeout = TimeSpan.FromSeconds(timeoutS > 0 ? timeoutS : Math.Max(120, n / 50));
        return new FanoutOptions(n, provider, pg, concurrency, batch, raw, recipes, keep, TimeSpan.FromSeconds(waitS), timeout, smoke);
    }
}
