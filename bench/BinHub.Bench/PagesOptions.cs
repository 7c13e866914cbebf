namespace BinHub.Bench;

/// <summary>
/// Options of the <c>pages</c> verb. A phase per target: <see cref="Requests"/> requests (or <see cref="Duration"/>
/// seconds, whichever ends first when both are given) by <see cref="Users"/> concurrent users, after a warm-up.
/// </summary>
public sealed record PagesOptions(int Users, string Provider, string PgBase, int Requests, TimeSpan? Duration, int Warmup, int Reports,
    string? GeoDir, bool Smoke)
{
    public static PagesOptions Parse(string[] args)
    {
        int users = 0, requests = 0, durationS = 0, warmup = -1, reports = 200;
        string provider = "sqlite", pg = Environment.GetEnvironmentVariable("BINHUB_BENCH_PG") ?? FanoutOptions.DefaultPg;
        string? geo = Environment.GetEnvironmentVariable("BINHUB_GEO_DIR");
        var smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.TryParse(Next(), out var v) && v >= 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a number ≥ 0");
            switch (args[i])
            {
                case "--users" or "-u": users = Int(); break;
                case "--provider": provider = Next().ToLowerInvariant(); break;
                case "--pg": pg = Next(); break;
                case "--requests": requests = Int(); break;
                case "--duration": durationS = Int(); break;
                case "--warmup": warmup = Int(); break;
                case "--reports": reports = Int(); break;
                case "--geo": geo = Next(); break;
                case "--smoke": smoke = true; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider must be sqlite or postgres");
        if (users == 0) users = smoke ? 10 : 100;
        if (requests == 0 && durationS == 0) requests = smoke ? users * 20 : 3000;
        if (requests == 0) requests = int.MaxValue; // --duration alone
        if (warmup < 0) warmup = smoke ? users : Math.Max(2 * users, 200);
        if (reports == 0) throw new ArgumentException("--reports must be at least 1 (the inbox needs reports)");
        return new PagesOptions(users, provider, pg, requests, durationS > 0 ? TimeSpan.FromSeconds(durationS) : null, warmup, reports, geo, smoke);
    }
}
