using System.Diagnostics;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BinHub.Bench;

/// <summary>The national registry plus what the pages bench signs in with and reads.</summary>
public sealed record PagesSeeded(string AdminToken, string OfficerToken, int Zone, int ZoneBins, int Reports, IReadOnlyList<(int Id, string Registration)> Bins,
    string FilterRegion, TimeSpan NationalTook, TimeSpan Took);

/// <summary>
/// Fills a fresh database with BinHub's own <c>seed national</c> (run as BinHub's CLI, which also imports the geography),
/// then adds through EF what the national seed has not: a Kenniscentrum admin with a personal API token, an API token for
/// the seeded officer of the zone with the most BINs, one member in each of up to 20 of that zone's BINs and
/// <c>--reports</c> reports from them (rows as <c>SubmitReport</c> writes them: report, reference, "Submitted" event).
/// </summary>
public static class PagesData
{
    public const string Database = "binhub_bench_pages";

    public static async Task<PagesSeeded> SeedAsync(string repo, string runDir, PagesOptions o, string cs, CancellationToken ct)
    {
        var geo = o.GeoDir ?? Path.Combine(repo, "src", "BinHub", "ReferenceData", "geo");
        if (!File.Exists(Path.Combine(geo, "belgium.json"))) throw new InvalidOperationException($"no geography at {geo} (use --geo DIR or BINHUB_GEO_DIR)");
        var sw = Stopwatch.StartNew();
        await BenchHost.RunCliAsync(repo, runDir, o.Provider, cs, ct, "seed", "national", "--year", DateTime.UtcNow.Year.ToString(), "--geo", geo);
        var national = sw.Elapsed;

        var now = DateTimeOffset.UtcNow;
        await using var db = Seeder.Open(o.Provider, cs);
        var admin = NewUser("kenniscentrum@bench.invalid", "Bench Kenniscentrum", now);
        db.Users.Add(admin);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = admin.Id, RoleId = Roles.KenniscentrumAdmin });
        var adminToken = Token(db, admin.Id, now);

        var zone = await db.Bins.GroupBy(b => b.PoliceZoneNumber).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync(ct);
        var officerId = await db.UserRoles.Where(r => r.RoleId == Roles.PoliceOfficer)
            .Join(db.Users.Where(u => u.PoliceZoneNumber == zone), r => r.UserId, u => u.Id, (r, u) => u.Id).FirstAsync(ct);
        var officerToken = Token(db, officerId, now);
        // The seeded officer has not enrolled a second factor, and a staff token works only once one is (issue 11).
        (await db.Users.SingleAsync(u => u.Id == officerId, ct)).TwoFactorEnabled = true;

        var zoneBins = await db.Bins.Where(b => b.PoliceZoneNumber == zone).OrderBy(b => b.Id).ToListAsync(ct);
        var members = zoneBins.Take(20).Select((b, i) => new Member
        {
            BinId = b.Id, Name = $"Bench household {i + 1}", Street = SubmitStreet(b), HouseNumber = (i + 1).ToString(), State = MemberState.Active,
            ConsentVersion = "2024-1", ConsentAt = now, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.Members.AddRange(members);
        await db.SaveChangesAsync(ct);

        var categories = Enum.GetValues<ReportCategory>();
        var reports = Enumerable.Range(0, o.Reports).Select(i =>
        {
            var m = members[i % members.Count];
            var category = categories[i % categories.Length];
            var at = now.AddMinutes(-7 * (o.Reports - i));
            return new Report
            {
                BinId = m.BinId, MemberId = m.Id, Category = category, Urgency = Report.UrgencyOf(category), OccurredAt = at.AddMinutes(-5),
                Street = m.Street, HouseNumber = m.HouseNumber, Text = $"Bench report {i + 1}: iemand loopt aan de achterdeuren te voelen.",
                Source = ReportSource.Web, State = ReportState.New, CreatedAt = at, Reference = "tmp-" + Guid.NewGuid().ToString("N"),
            };
        }).ToList();
        db.Reports.AddRange(reports);
        await db.SaveChangesAsync(ct);
        foreach (var r in reports)
        {
            r.Reference = Report.ReferenceFor(r.Id, r.CreatedAt);
            db.ReportEvents.Add(new ReportEvent { ReportId = r.Id, Kind = "Submitted", UserName = "bench", Details = $"{r.Source}; {r.Category}", At = r.CreatedAt });
        }
        await db.SaveChangesAsync(ct);

        var bins = (await db.Bins.OrderBy(b => b.Id).Select(b => new { b.Id, b.RegistrationNumber }).ToListAsync(ct))
            .Select(b => (b.Id, b.RegistrationNumber ?? "")).ToList();
        var region = await db.Bins.GroupBy(b => b.Municipality!.RegionCode).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync(ct);
        if (o.Provider == "postgres")
        {
            // What autovacuum does shortly after a bulk load; SQLite gets nothing (BinHub never runs ANALYZE there).
            await using var c = new NpgsqlConnection(cs);
            await c.OpenAsync(ct);
            await using var analyze = new NpgsqlCommand("ANALYZE", c);
            await analyze.ExecuteNonQueryAsync(ct);
        }
        return new PagesSeeded(adminToken, officerToken, zone, zoneBins.Count, reports.Count, bins, region, national, sw.Elapsed);
    }

    private static string SubmitStreet(Bin b) => b.AreaStreets.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "Kerkstraat";

    private static string Token(BinHub.Data.BinHubDb db, string userId, DateTimeOffset now)
    {
        var token = TokenSecrets.NewSecret();
        db.ApiTokens.Add(new ApiToken { UserId = userId, Name = "bench pages", Prefix = token[..12], Hash = TokenSecrets.Hash(token), CreatedAt = now });
        return token;
    }

    private static AppUser NewUser(string email, string name, DateTimeOffset now) => new()
    {
        UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true,
        DisplayName = name, SecurityStamp = Guid.NewGuid().ToString(), CreatedAt = now, LockoutEnabled = true,
        TwoFactorEnabled = true, // staff (admin, officer): their tokens work only with a second factor enrolled
    };
}
