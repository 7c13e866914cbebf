using System.Diagnostics;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Bench;

/// <summary>
/// Issue 14, item 12 at national size: the households an alarm to N households in B BINs (default 180,000 in 1,557) reached
/// on no channel, found by <see cref="Unreached.FindAsync"/> in-process as the zone's officer sees them on the dashboard
/// (the count and the first page of names and numbers). Every household has one verified mobile; one in a hundred had its
/// SMS fail and one in a hundred got no delivery planned at all: 2 % unreached. Times one cold and one warm lookup, plus the
/// last page; the figure is the warm first page.
/// </summary>
public static class UnreachedBench
{
    public const string Usage = "unreached [--households N] [--bins B] [--provider sqlite|postgres] [--pg \"conn\"] [--timeout S] [--sql]";

    public sealed record Options(int Households, int Bins, string Provider, string PgBase, int TimeoutSeconds, bool Sql = false)
    {
        /// <summary>Its own --timeout and --sql; the size and database options are the report bench's (one parser for both).</summary>
        public static Options Parse(string[] args)
        {
            int timeout = 600;
            var sql = false;
            var rest = new List<string>();
            for (var i = 0; i < args.Length; i++)
                switch (args[i])
                {
                    case "--timeout":
                        timeout = i + 1 < args.Length && int.TryParse(args[++i], out var t) && t > 0 ? t : throw new ArgumentException("--timeout needs a number > 0");
                        break;
                    case "--sql": sql = true; break;
                    default: rest.Add(args[i]); break;
                }
            var common = ReportBench.Options.Parse(rest.ToArray());
            return new Options(common.Households, common.Bins, common.Provider, common.PgBase, timeout, sql);
        }
    }

    public static async Task<int> RunAsync(Options o)
    {
        var repo = BenchHost.RepoRoot();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-unreached-{o.Provider}");
        Directory.CreateDirectory(runDir);
        var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, "binhub_bench_unreached");
        var seeding = Stopwatch.StartNew();
        var (messageId, bins) = await SeedAsync(o, cs);
        Console.Error.WriteLine($"seeded {o.Households} households in {bins} BINs and the alarm's deliveries in {seeding.ElapsedMilliseconds} ms");

        // The zone's officer: may see every BIN's members, so the names and numbers are listed (and the reading audited).
        var officer = new Actor("bench-officer", "Bench Officer", new HashSet<string> { Roles.PoliceOfficer }, Seeder.Zone, null, [], null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(o.TimeoutSeconds));
        var times = new List<long>();
        var cpu = new List<long>(); // this process's CPU: with SQLite (in-process) the statements' own cost, whatever the machine's load
        var self = Process.GetCurrentProcess();
        Unreached.Summary? summary = null;
        var attempt = new Stopwatch();
        try
        {
            for (var run = 0; run < 3; run++) // cold, warm, then the last page
            {
                await using var db = o.Sql ? Logged(o.Provider, cs) : Seeder.Open(o.Provider, cs);
                var m = await db.Messages.AsNoTracking().SingleAsync(x => x.Id == messageId, timeout.Token);
                var page = run < 2 ? 1 : int.MaxValue; // the slice clamps a page past the end to the last one
                self.Refresh();
                var before = self.TotalProcessorTime;
                attempt.Restart();
                summary = await Unreached.FindAsync(db, TimeProvider.System, officer, m, page, timeout.Token);
                times.Add(attempt.ElapsedMilliseconds);
                self.Refresh();
                cpu.Add((long)(self.TotalProcessorTime - before).TotalMilliseconds);
                Console.Error.WriteLine($"run {run}: page {summary.Page} of {summary.Pages}, {summary.Households.Count} listed, {times[^1]} ms, cpu {cpu[^1]} ms");
            }
        }
        catch (Exception e) when (e is OperationCanceledException || e.GetBaseException() is TimeoutException)
        {
            // The harness's own limit, or the provider's command timeout (Npgsql: 30 s) — what a dashboard would have hit.
            Console.Error.WriteLine($"gave up: {e.GetBaseException().Message}");
            Console.WriteLine($"unreached households={o.Households} provider={o.Provider} gave_up_after_ms={attempt.ElapsedMilliseconds}");
            return 1;
        }
        var expected = o.Households / 100 + (o.Households + 50) / 100; // ids ≡ 0 and ≡ 50 (mod 100)
        Console.Error.WriteLine($"cold {times[0]} ms, warm {times[1]} ms, last page {times[2]} ms; unreached {summary!.Count} (expected {expected})");
        Console.WriteLine($"unreached households={o.Households} provider={o.Provider} count={summary.Count} listed={summary.Households.Count} ms={times[1]} last_page_ms={times[2]} cpu_ms={cpu[1]}");
        return summary.Count == expected ? 0 : 1;
    }

    /// <summary>With <c>--sql</c>: the statements and their durations on stderr, to read their plans.</summary>
    private static BinHubDb Logged(string provider, string cs)
    {
        static void Log(string line) => Console.Error.WriteLine(line);
        return provider == "postgres"
            ? new PostgresBinHubDb(new DbContextOptionsBuilder<PostgresBinHubDb>().UseNpgsql(cs)
                .LogTo(Log, [DbLoggerCategory.Database.Command.Name], Microsoft.Extensions.Logging.LogLevel.Information).Options)
            : new SqliteBinHubDb(new DbContextOptionsBuilder<SqliteBinHubDb>().UseSqlite(cs)
                .LogTo(Log, [DbLoggerCategory.Database.Command.Name], Microsoft.Extensions.Logging.LogLevel.Information).Options);
    }

    /// <summary>
    /// The groups' seeder (one zone, ⌈N/B⌉ households per BIN, each with one verified mobile, bulk-inserted), an alarm to
    /// every BIN sent after they joined, and its SMS deliveries in one INSERT … SELECT: Delivered for most, Failed for member
    /// ids ≡ 0 (mod 100), none at all for ids ≡ 50 (mod 100).
    /// </summary>
    private static async Task<(long MessageId, int Bins)> SeedAsync(Options o, string cs)
    {
        var per = (o.Households + o.Bins - 1) / o.Bins;
        var (_, groups) = await Seeder.SeedGroupsAsync(o.Provider, cs,
            [new Seeder.BinGroup("Unreached", "U", o.Households, Channels.Email | Channels.Web, Channels.Email | Channels.Web) { PerBinOverride = per }]);
        await using var db = Seeder.Open(o.Provider, cs);
        var sent = DateTimeOffset.UtcNow.AddSeconds(1);
        var message = new Message
        {
            Kind = MessageKind.Alarm, State = MessageState.Done, SenderUserId = "bench-officer", SenderName = "Bench Officer", ZoneNumber = Seeder.Zone,
            TextNl = "Inbraak bezig", TargetSummary = "zone", CreatedAt = sent,
            Bins = groups[0].Select(b => new MessageBin { BinId = b }).ToList(),
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        var due = o.Provider == "postgres" ? "now()" : sent.UtcTicks.ToString(); // SqliteBinHubDb stores instants as UTC ticks
        // Numbers only (ids, enum values, ticks) go into the text: nothing from outside.
        var plan = $"""
            INSERT INTO "Deliveries" ("MessageId", "MemberId", "Kind", "Lane", "Channel", "Recipient", "Language", "State", "DueAt", "Attempts", "CreatedAt")
            SELECT {message.Id}, m."Id", 'Alarm', 0, {(int)Channels.Sms}, p."Number", 'nl',
                   CASE WHEN m."Id" % 100 = 0 THEN {(int)DeliveryState.Failed} ELSE {(int)DeliveryState.Delivered} END, {due}, 1, {due}
            FROM "Members" m JOIN "MemberPhones" p ON p."MemberId" = m."Id"
            WHERE m."Id" % 100 <> 50
            """;
        await db.Database.ExecuteSqlRawAsync(plan);
        await db.Database.ExecuteSqlRawAsync(o.Provider == "postgres" ? "VACUUM ANALYZE" : "ANALYZE");
        return (message.Id, groups[0].Count);
    }
}
