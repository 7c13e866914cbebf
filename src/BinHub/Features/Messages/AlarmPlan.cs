using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BinHub.Features.Messages;

/// <summary>
/// A national alarm planned by PostgreSQL itself: one <c>INSERT … SELECT</c> instead of 180,000 households read into
/// BinHub and 180,000 rows copied back. Alarms are the simple case of <see cref="Planner"/>'s rules — nothing is
/// deferred — so they fit one statement: the member's urgent channels within the BIN's plan, verified and reachable
/// recipients (voice: landlines, else mobiles), skipped during a holiday pause, ringing channels skipped at night for
/// a member who opted out of night alarms, and one delivery per channel and recipient (the lowest member id keeps it).
/// The C# planner stays the reference (preview, SQLite, other kinds); a test holds the two to the same plan.
/// </summary>
public static class AlarmPlan
{
    public static bool Applies(BinHubDb db, Message message) => db.IsPostgres && message.Kind == MessageKind.Alarm;

    public static async Task<PlanTally> WriteAsync(BinHubDb db, Message message, List<Bin> bins, DateTimeOffset now, CancellationToken ct)
    {
        var local = BrusselsTime.ToBrussels(now);
        var langs = new[] { "nl", "fr", "de", "en" }.Where(l => !string.IsNullOrWhiteSpace(message.Text(l))).ToArray();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var command = new NpgsqlCommand(Sql, connection) { Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() };
        command.Parameters.AddWithValue("message", message.Id);
        command.Parameters.AddWithValue("bins", bins.Select(b => b.Id).ToArray());
        command.Parameters.AddWithValue("active", (int)MemberState.Active);
        command.Parameters.AddWithValue("today", DateOnly.FromDateTime(local.DateTime));
        command.Parameters.AddWithValue("t", TimeOnly.FromDateTime(local.DateTime));
        command.Parameters.AddWithValue("nightFrom", DeliveryRules.DefaultNightFrom);
        command.Parameters.AddWithValue("nightUntil", DeliveryRules.DefaultNightUntil);
        command.Parameters.AddWithValue("langs", langs);
        command.Parameters.AddWithValue("fallback", langs.FirstOrDefault() ?? "nl");
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        // The queue's policy for alarms, as DispatchPolicy.Stamp writes it for every other row.
        var policy = Dispatch.DispatchPolicy.Alarm;
        command.Parameters.AddWithValue("kind", nameof(MessageKind.Alarm));
        command.Parameters.AddWithValue("lane", policy.Lane);
        command.Parameters.AddWithValue("expires", (now + policy.Expiry).ToUniversalTime());
        // The DISTINCT ON sorts every candidate (180,000 for the nation, ~11 MB): with the default 4 MB of work_mem that
        // sort spills to disk. For this transaction only.
        await using (var memory = new NpgsqlCommand("SET LOCAL work_mem = '64MB'", connection) { Transaction = command.Transaction })
            await memory.ExecuteNonQueryAsync(ct);
        // Counted where the rows are: the sender sees households and deliveries per channel, not 180,000 pairs.
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var perChannel = MeScope.Each.ToDictionary(c => c.ToString(), c => (int)reader.GetInt64(reader.GetOrdinal(c.ToString())));
        return new PlanTally((int)reader.GetInt64(0), (int)reader.GetInt64(1), perChannel);
    }

    // Channels: Sms = 1, Voice = 2, Email = 4, Web = 8; DeliveryState.Planned = 0. Who is reachable on which channel is
    // Members.MemberReach's rule, spliced in as SQL.
    private static readonly string Sql = $"""
        WITH m AS (
            SELECT m."Id", m."UserId", m."Email", m."EmailVerifiedAt", m."UrgentChannels" & b."UrgentChannels" AS ch,
                   CASE WHEN m."Language" = ANY(@langs) THEN m."Language" WHEN b."Language" = ANY(@langs) THEN b."Language" ELSE @fallback END AS lang,
                   m."NoNightAlarms" AND CASE
                       WHEN m."QuietFrom" IS NOT NULL AND m."QuietUntil" IS NOT NULL AND m."QuietFrom" <> m."QuietUntil" THEN
                           CASE WHEN m."QuietFrom" < m."QuietUntil" THEN @t >= m."QuietFrom" AND @t < m."QuietUntil" ELSE @t >= m."QuietFrom" OR @t < m."QuietUntil" END
                       ELSE CASE WHEN @nightFrom < @nightUntil THEN @t >= @nightFrom AND @t < @nightUntil ELSE @t >= @nightFrom OR @t < @nightUntil END
                   END AS night
            FROM "Members" m JOIN "Bins" b ON b."Id" = m."BinId"
            WHERE m."BinId" = ANY(@bins) AND m."State" = @active AND m."ErasedAt" IS NULL
              AND NOT (m."PausedFrom" IS NOT NULL AND m."PausedUntil" IS NOT NULL AND @today >= m."PausedFrom" AND @today <= m."PausedUntil")
        ), candidates AS (
            SELECT m."Id" AS member, 1 AS channel, p."Number" AS recipient, m.lang FROM m JOIN "MemberPhones" p ON p."MemberId" = m."Id"
             WHERE (m.ch & 1) <> 0 AND NOT m.night AND {Members.MemberReach.SmsSql("p")}
            UNION ALL
            SELECT m."Id", 2, p."Number", m.lang FROM m JOIN "MemberPhones" p ON p."MemberId" = m."Id"
             WHERE (m.ch & 2) <> 0 AND NOT m.night AND {Members.MemberReach.VoiceSql("p")}
               AND (NOT p."IsMobile" OR NOT EXISTS (SELECT 1 FROM "MemberPhones" l WHERE l."MemberId" = m."Id" AND {Members.MemberReach.VoiceSql("l")} AND NOT l."IsMobile"))
            UNION ALL
            SELECT m."Id", 4, m."Email", m.lang FROM m WHERE (m.ch & 4) <> 0 AND {Members.MemberReach.EmailSql("m")}
            UNION ALL
            SELECT m."Id", 8, m."UserId", m.lang FROM m WHERE (m.ch & 8) <> 0 AND {Members.MemberReach.WebSql("m")}
        ), written AS (
            INSERT INTO "Deliveries" ("MessageId", "MemberId", "Channel", "Recipient", "Language", "State", "DueAt", "Attempts", "Kind", "Lane", "ExpiresAt")
            SELECT DISTINCT ON (channel, recipient) @message, member, channel, recipient, lang, 0, @now, 0, @kind, @lane, @expires
            FROM candidates ORDER BY channel, recipient, member
            RETURNING "MemberId", "Channel"
        )
        SELECT COUNT(*), COUNT(DISTINCT "MemberId"),
               COUNT(*) FILTER (WHERE "Channel" = 1) AS "Sms", COUNT(*) FILTER (WHERE "Channel" = 2) AS "Voice",
               COUNT(*) FILTER (WHERE "Channel" = 4) AS "Email", COUNT(*) FILTER (WHERE "Channel" = 8) AS "Web"
        FROM written
        """;
}
