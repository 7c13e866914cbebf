using System.Diagnostics;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace BinHub.Bench;

/// <summary>What the fan-out needs in the database: one zone, its officer's API token, the BINs and their members.</summary>
public sealed record Seeded(int Zone, string Token, int Bins, int Members, string NumberPrefix, TimeSpan Took);

/// <summary>
/// A fresh database migrated with BinHub's own migrations, then one police zone with an officer (API token) and
/// BINs of <see cref="PerBin"/> households, each with one verified mobile (unique numbers) and SMS in the BIN's plan.
/// The small things go through EF; the members and phones are bulk-inserted (PostgreSQL binary COPY, SQLite one
/// transaction with a prepared statement) with explicit ids, then the identity sequences are moved past them.
/// </summary>
public static class Seeder
{
    public const int PerBin = 500;
    public const int Zone = 9001;
    public const string NumberPrefix = "+32470"; // alarm recipients: +32470 + 7 digits; the raw Kannel run uses +32499…

    public static string Number(int i) => $"{NumberPrefix}{i:0000000}";

    /// <summary>Landlines of the calls bench: Bruges (050) and six digits, unique per household.</summary>
    public static string Landline(int i) => $"+3250{i:000000}";

    public static BinHubDb Open(string provider, string cs) => provider == "postgres"
        ? new PostgresBinHubDb(new DbContextOptionsBuilder<PostgresBinHubDb>().UseNpgsql(cs).Options)
        : new SqliteBinHubDb(new DbContextOptionsBuilder<SqliteBinHubDb>().UseSqlite(cs).Options);

    /// <summary>Creates (drops first) the benchmark database; returns the connection string BinHub will use.</summary>
    public static async Task<string> FreshDatabaseAsync(string provider, string pgBase, string runDir, string name)
    {
        if (provider == "sqlite")
        {
            var file = Path.Combine(runDir, "binhub.db");
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            return $"Data Source={file}";
        }
        await using (var admin = new NpgsqlConnection(pgBase))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(pgBase) { Database = name }.ConnectionString;
    }

    public static async Task<Seeded> SeedAsync(string provider, string cs, int n)
    {
        var sw = Stopwatch.StartNew();
        var (token, bins) = await SeedGroupsAsync(provider, cs, [new BinGroup("Bench", "B", n, Channels.Email | Channels.Web, Channels.Email | Channels.Web)]);
        return new Seeded(Zone, token, bins[0].Count, n, NumberPrefix, sw.Elapsed);
    }

    /// <summary>
    /// BINs of <see cref="PerBin"/> households (the last one takes the rest). <paramref name="NonUrgent"/> is the BIN's plan
    /// for prevention and feedback (the urgent plan is always SMS, e-mail, web), <paramref name="MemberPrevention"/> the
    /// channels its members chose for prevention. Members choose nothing else, have no e-mail, no account and no quiet
    /// hours (NULL), and neither have their BINs: nothing is deferred, whatever the hour in Brussels.
    /// </summary>
    public sealed record BinGroup(string Name, string Code, int Households, Channels NonUrgent, Channels MemberPrevention)
    {
        /// <summary>Households per BIN in this group (default <see cref="PerBin"/>).</summary>
        public int? PerBinOverride { get; init; }

        /// <summary>The BINs' plan for alarms.</summary>
        public Channels Urgent { get; init; } = Channels.Sms | Channels.Email | Channels.Web;

        /// <summary>The households' own choice for alarms (the column's default: every channel).</summary>
        public Channels MemberUrgent { get; init; } = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web;

        /// <summary>Each household's one verified phone is a landline (<see cref="Landline"/>) instead of a mobile.</summary>
        public bool Landlines { get; init; }
    }

    /// <summary>The priority bench: <paramref name="background"/> households for prevention by SMS, and one alarm BIN.</summary>
    public sealed record PrioritySeeded(int Zone, string Token, IReadOnlyList<int> BackgroundBins, int AlarmBin, int Background, int Alarm, TimeSpan Took);

    /// <summary>
    /// ⌈B/500⌉ BINs whose non-urgent plan has SMS, their B households chose SMS for prevention; and one BIN of
    /// <paramref name="alarm"/> households whose plan keeps prevention to e-mail and web (they get no prevention SMS, so a
    /// prevention to the whole zone is exactly the B background SMS). Every household has one verified unique mobile.
    /// </summary>
    public static async Task<PrioritySeeded> SeedPriorityAsync(string provider, string cs, int background, int alarm)
    {
        var sw = Stopwatch.StartNew();
        var (token, bins) = await SeedGroupsAsync(provider, cs,
        [
            new BinGroup("Prevention", "P", background, Channels.Sms | Channels.Email | Channels.Web, Channels.Sms | Channels.Email | Channels.Web),
            new BinGroup("Alarm", "A", alarm, Channels.Email | Channels.Web, Channels.Email | Channels.Web) { PerBinOverride = alarm },
        ]);
        return new PrioritySeeded(Zone, token, bins[0], bins[1][0], background, alarm, sw.Elapsed);
    }

    /// <summary>The calls bench: <paramref name="households"/> landline numbers, in BIN order (household i has number i).</summary>
    public sealed record CallsSeeded(int Zone, string Token, IReadOnlyList<int> Bins, IReadOnlyList<string> Numbers, TimeSpan Took);

    /// <summary>
    /// ⌈N/500⌉ BINs whose alarm plan has voice (and SMS, e-mail, web), with N households that each have one verified
    /// landline and nothing else (no mobile, e-mail or account): an alarm to the zone is exactly N calls.
    /// </summary>
    public static async Task<CallsSeeded> SeedCallsAsync(string provider, string cs, int households)
    {
        var sw = Stopwatch.StartNew();
        var (token, bins) = await SeedGroupsAsync(provider, cs,
        [
            new BinGroup("Calls", "C", households, Channels.Email | Channels.Web, Channels.Email | Channels.Web)
                { Urgent = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web, Landlines = true },
        ]);
        return new CallsSeeded(Zone, token, bins[0], Enumerable.Range(1, households).Select(Landline).ToList(), sw.Elapsed);
    }

    internal static async Task<(string Token, List<List<int>> Bins)> SeedGroupsAsync(string provider, string cs, IReadOnlyList<BinGroup> groups)
    {
        var now = DateTimeOffset.UtcNow;
        var n = groups.Sum(g => g.Households);
        string token;
        var binIds = new List<List<int>>();
        var memberBin = new int[n + 1];
        var memberPrevention = new int[n + 1];
        var memberUrgent = new int[n + 1];
        var landline = new bool[n + 1];
        await using (var db = Open(provider, cs))
        {
            await Database.MigrateAsync(db);
            await AddUser.EnsureRolesAsync(db, default);
            db.Regions.Add(new Region { Code = "02000", NameNl = "Vlaams Gewest", NameFr = "Région flamande", NameEn = "Flemish Region" });
            db.Provinces.Add(new Province { Code = "40000", RegionCode = "02000", NameNl = "Oost-Vlaanderen", NameFr = "Flandre orientale" });
            db.PoliceZones.Add(new PoliceZone { Number = Zone, Name = "PZ Bench", RegionCode = "02000" });
            db.Municipalities.Add(new Municipality
            {
                Nis = "99901", NameNl = "Benchgem", NameFr = "Bench", RegionCode = "02000", ProvinceCode = "40000", PoliceZoneNumber = Zone, Population = n * 3,
            });
            var email = "officer@bench.invalid";
            var user = new AppUser
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = "Bench Officer", SecurityStamp = Guid.NewGuid().ToString(), PoliceZoneNumber = Zone,
                CreatedAt = now, LockoutEnabled = true, TwoFactorEnabled = true, // staff tokens work only with a second factor enrolled
            };
            db.Users.Add(user);
            db.UserRoles.Add(new() { UserId = user.Id, RoleId = Roles.PoliceOfficer });
            token = TokenSecrets.NewSecret();
            db.ApiTokens.Add(new ApiToken { UserId = user.Id, Name = "bench", Prefix = token[..12], Hash = TokenSecrets.Hash(token), CreatedAt = now });
            var perGroup = new List<List<Bin>>();
            foreach (var g in groups)
            {
                var per = g.PerBinOverride ?? PerBin;
                var bins = new List<Bin>();
                for (var b = 0; b < (g.Households + per - 1) / per; b++)
                {
                    var bin = new Bin
                    {
                        Name = $"BIN {g.Name} {b + 1}", Type = BinType.Bin, MunicipalityNis = "99901", PoliceZoneNumber = Zone, Status = BinStatus.Active,
                        CreatedAt = now, UpdatedAt = now, RegistrationNumber = $"BIN-{Zone}-{g.Code}{b + 1:0000}", EnteredHouseholds = per, AreaStreets = "Kerkstraat",
                        UrgentChannels = g.Urgent, NonUrgentChannels = g.NonUrgent,
                        QuietFrom = null, QuietUntil = null,
                    };
                    bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Active, Reason = "bench", At = now });
                    bins.Add(bin);
                }
                db.Bins.AddRange(bins);
                perGroup.Add(bins);
            }
            await db.SaveChangesAsync();
            var i = 1;
            foreach (var (g, bins) in groups.Zip(perGroup))
            {
                var per = g.PerBinOverride ?? PerBin;
                binIds.Add(bins.Select(b => b.Id).ToList());
                for (var k = 0; k < g.Households; k++, i++)
                {
                    memberBin[i] = bins[k / per].Id;
                    memberPrevention[i] = (int)g.MemberPrevention;
                    memberUrgent[i] = (int)g.MemberUrgent;
                    landline[i] = g.Landlines;
                }
            }
        }

        var members = new MemberColumns(memberBin, memberPrevention, memberUrgent, landline);
        if (provider == "postgres") await MembersPostgresAsync(cs, n, members, now);
        else await MembersSqliteAsync(cs, n, members, now);
        return (token, binIds);
    }

    /// <summary>Per household (index 1..n): its BIN, its channel choices, whether its phone is a landline.</summary>
    private sealed record MemberColumns(int[] Bin, int[] Prevention, int[] Urgent, bool[] Landline)
    {
        public string Number(int i) => Landline[i] ? Seeder.Landline(i) : Seeder.Number(i);
    }

    private static async Task MembersPostgresAsync(string cs, int n, MemberColumns members, DateTimeOffset now)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY \"Members\" (\"Id\", \"BinId\", \"Name\", \"Street\", \"HouseNumber\", \"Language\", \"State\", \"ConsentVersion\", \"ConsentAt\", \"ConsentOnPaper\", \"CreatedAt\", \"UpdatedAt\", \"PreventionChannels\", \"UrgentChannels\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= n; i++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(i, NpgsqlDbType.Integer);
                await w.WriteAsync(members.Bin[i], NpgsqlDbType.Integer);
                await w.WriteAsync($"Household {i}", NpgsqlDbType.Varchar);
                await w.WriteAsync("Kerkstraat", NpgsqlDbType.Varchar);
                await w.WriteAsync((i % 999 + 1).ToString(), NpgsqlDbType.Varchar);
                await w.WriteAsync("nl", NpgsqlDbType.Varchar);
                await w.WriteAsync((int)MemberState.Active, NpgsqlDbType.Integer);
                await w.WriteAsync("2024-1", NpgsqlDbType.Varchar);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(members.Prevention[i], NpgsqlDbType.Integer);
                await w.WriteAsync(members.Urgent[i], NpgsqlDbType.Integer);
            }
            await w.CompleteAsync();
        }
        await using (var w = await c.BeginBinaryImportAsync(
            "COPY \"MemberPhones\" (\"Id\", \"MemberId\", \"Number\", \"IsMobile\", \"Verified\", \"VerifiedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 1; i <= n; i++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(i, NpgsqlDbType.Integer);
                await w.WriteAsync(i, NpgsqlDbType.Integer);
                await w.WriteAsync(members.Number(i), NpgsqlDbType.Varchar);
                await w.WriteAsync(!members.Landline[i], NpgsqlDbType.Boolean);
                await w.WriteAsync(true, NpgsqlDbType.Boolean);
                await w.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }
        await using var fix = new NpgsqlCommand(
            "SELECT setval(pg_get_serial_sequence('\"Members\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Members\"));" +
            "SELECT setval(pg_get_serial_sequence('\"MemberPhones\"', 'Id'), (SELECT MAX(\"Id\") FROM \"MemberPhones\"));" +
            "ANALYZE;", c);
        await fix.ExecuteNonQueryAsync();
    }

    private static async Task MembersSqliteAsync(string cs, int n, MemberColumns members, DateTimeOffset now)
    {
        await using var c = new SqliteConnection(cs);
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var ticks = now.UtcTicks; // SqliteBinHubDb stores instants as UTC ticks
        await using (var m = c.CreateCommand())
        {
            m.Transaction = tx;
            m.CommandText = "INSERT INTO \"Members\" (\"Id\", \"BinId\", \"Name\", \"Street\", \"HouseNumber\", \"Language\", \"State\", \"ConsentVersion\", \"ConsentAt\", \"ConsentOnPaper\", \"CreatedAt\", \"UpdatedAt\", \"PreventionChannels\", \"UrgentChannels\") " +
                            "VALUES ($id, $bin, $name, 'Kerkstraat', $house, 'nl', 1, '2024-1', $t, 0, $t, $t, $prevention, $urgent)";
            var id = m.Parameters.Add("$id", SqliteType.Integer); var bin = m.Parameters.Add("$bin", SqliteType.Integer);
            var name = m.Parameters.Add("$name", SqliteType.Text); var house = m.Parameters.Add("$house", SqliteType.Text);
            var prevention = m.Parameters.Add("$prevention", SqliteType.Integer);
            var urgent = m.Parameters.Add("$urgent", SqliteType.Integer);
            m.Parameters.AddWithValue("$t", ticks);
            m.Prepare();
            for (var i = 1; i <= n; i++)
            {
                id.Value = i; bin.Value = members.Bin[i]; name.Value = $"Household {i}"; house.Value = (i % 999 + 1).ToString(); prevention.Value = members.Prevention[i];
                urgent.Value = members.Urgent[i];
                await m.ExecuteNonQueryAsync();
            }
        }
        await using (var p = c.CreateCommand())
        {
            p.Transaction = tx;
            p.CommandText = "INSERT INTO \"MemberPhones\" (\"Id\", \"MemberId\", \"Number\", \"IsMobile\", \"Verified\", \"VerifiedAt\") VALUES ($id, $id, $num, $mobile, 1, $t)";
            var id = p.Parameters.Add("$id", SqliteType.Integer); var num = p.Parameters.Add("$num", SqliteType.Text);
            var mobile = p.Parameters.Add("$mobile", SqliteType.Integer);
            p.Parameters.AddWithValue("$t", ticks);
            p.Prepare();
            for (var i = 1; i <= n; i++)
            {
                id.Value = i; num.Value = members.Number(i); mobile.Value = members.Landline[i] ? 0 : 1;
                await p.ExecuteNonQueryAsync();
            }
        }
        await tx.CommitAsync();
        await using var an = c.CreateCommand();
        an.CommandText = "ANALYZE;";
        await an.ExecuteNonQueryAsync();
    }

    /// <summary>Delivery counts of one message by state, straight from the database (what the dashboard would show).</summary>
    public static async Task<Dictionary<DeliveryState, int>> CountsAsync(System.Data.Common.DbConnection c, long messageId)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT \"State\", COUNT(*) FROM \"Deliveries\" WHERE \"MessageId\" = {messageId} GROUP BY \"State\"";
        var result = new Dictionary<DeliveryState, int>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) result[(DeliveryState)Convert.ToInt32(r.GetValue(0))] = Convert.ToInt32(r.GetValue(1));
        return result;
    }
}
