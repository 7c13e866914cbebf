using System.Diagnostics;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.SteeringCommittee;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Bench;

/// <summary>
/// The steering committee's annual report (issue 15) over a national-size registry: N member households in B BINs (default
/// 180,000 in 1,557), computed in-process by <see cref="AnnualReport.HandleAsync"/> on the provider chosen. Times one cold and
/// one warm computation; the figure is the warm one. The report's figures must come from the database's aggregates: loading
/// the members to count them would show here as seconds and hundreds of megabytes.
/// </summary>
public static class ReportBench
{
    public const string Usage = "report [--households N] [--bins B] [--provider sqlite|postgres] [--pg \"conn\"]";

    public sealed record Options(int Households, int Bins, string Provider, string PgBase)
    {
        public static Options Parse(string[] args)
        {
            int households = 180_000, bins = 1_557;
            string provider = "sqlite", pg = Environment.GetEnvironmentVariable("BINHUB_BENCH_PG") ?? FanoutOptions.DefaultPg;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int Int() => int.TryParse(Next(), out var v) && v > 0 ? v : throw new ArgumentException($"{args[i - 1]} needs a number > 0");
                switch (args[i])
                {
                    case "--households": households = Int(); break;
                    case "--bins": bins = Int(); break;
                    case "--provider": provider = Next().ToLowerInvariant(); break;
                    case "--pg": pg = Next(); break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider must be sqlite or postgres");
            if (bins > households) throw new ArgumentException("--bins must not exceed --households");
            return new Options(households, bins, provider, pg);
        }
    }

    public static async Task<int> RunAsync(Options o)
    {
        var repo = BenchHost.RepoRoot();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-report-{o.Provider}");
        Directory.CreateDirectory(runDir);
        var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, "binhub_bench_report");
        var seeding = Stopwatch.StartNew();
        var year = DateTime.UtcNow.Year - 1;
        var withMembers = await SeedAsync(o, cs, year);
        Console.Error.WriteLine($"seeded {o.Households} households in {withMembers} BINs with members, {o.Bins - withMembers} without, in {seeding.ElapsedMilliseconds} ms");

        AnnualReport.Result? result = null;
        var times = new List<long>();
        for (var run = 0; run < 2; run++) // cold, then warm
        {
            await using var db = Seeder.Open(o.Provider, cs);
            var sw = Stopwatch.StartNew();
            var outcome = await AnnualReport.HandleAsync(db, TimeProvider.System, year, "en", new KeyLocalizer(), default);
            times.Add(sw.ElapsedMilliseconds);
            result = outcome is Outcome<AnnualReport.Result>.Ok ok ? ok.Value : throw new InvalidOperationException($"report refused: {outcome}");
        }
        Console.Error.WriteLine($"cold {times[0]} ms, warm {times[1]} ms; households previous year end {result!.Households.PreviousYearEnd}");
        Console.WriteLine($"report households={result.Households.AtYearEnd} bins={result.Bins.Total.Total} ms={times[1]}");
        return result.Bins.Total.Total == o.Bins ? 0 : 1;
    }

    /// <summary>
    /// The groups' seeder (one zone, members bulk-inserted), then history moved into the past: every BIN active since three
    /// years before the report's year, every member admitted then, one in fifty left in the report's year (still counted at
    /// the previous year's end, not at this one). The BINs beyond ⌈N/per⌉ have no members: their entered figure counts.
    /// </summary>
    private static async Task<int> SeedAsync(Options o, string cs, int year)
    {
        var per = (o.Households + o.Bins - 1) / o.Bins;
        var (_, groups) = await Seeder.SeedGroupsAsync(o.Provider, cs,
            [new Seeder.BinGroup("Report", "R", o.Households, Channels.Email | Channels.Web, Channels.Email | Channels.Web) { PerBinOverride = per }]);
        var since = new DateTimeOffset(year - 3, 1, 15, 12, 0, 0, TimeSpan.Zero);
        var left = new DateTimeOffset(year, 6, 15, 12, 0, 0, TimeSpan.Zero);
        await using var db = Seeder.Open(o.Provider, cs);
        for (var b = groups[0].Count; b < o.Bins; b++)
        {
            var bin = new Bin
            {
                Name = $"BIN Report empty {b}", Type = b % 2 == 0 ? BinType.Bin : BinType.BinZ, MunicipalityNis = "99901", PoliceZoneNumber = Seeder.Zone,
                Status = BinStatus.Active, CreatedAt = since, UpdatedAt = since, RegistrationNumber = $"BIN-{Seeder.Zone}-E{b:0000}", EnteredHouseholds = 40,
            };
            bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Active, Reason = "bench", At = since });
            db.Bins.Add(bin);
        }
        await db.SaveChangesAsync();
        await db.BinStatusChanges.ExecuteUpdateAsync(s => s.SetProperty(c => c.At, since));
        await db.Members.ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, since).SetProperty(m => m.DecidedAt, since));
        await db.Members.Where(m => m.Id % 50 == 0).ExecuteUpdateAsync(s => s.SetProperty(m => m.State, MemberState.Left).SetProperty(m => m.LeftAt, left));
        // The updates rewrote every row: statistics (and on PostgreSQL the dead rows) as a database in service would have them.
        await db.Database.ExecuteSqlRawAsync(o.Provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE");
        return groups[0].Count;
    }

    /// <summary>Labels are not what is measured: each key stands for its text.</summary>
    private sealed class KeyLocalizer : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, name);
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
