using System.Data.Common;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace BinHub.Features.Messages;

/// <summary>
/// Writes an alarm's deliveries fast, in the caller's transaction: PostgreSQL's binary COPY, or one prepared INSERT
/// reused for every row on SQLite. EF's change tracker is built for a handful of rows per request, not 180,000.
/// </summary>
public static class BulkInsert
{
    public static async Task DeliveriesAsync(BinHubDb db, IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)connection;
            await using var writer = await pg.BeginBinaryImportAsync(
                "COPY \"Deliveries\" (\"MessageId\", \"MemberId\", \"Channel\", \"Recipient\", \"Language\", \"State\", \"DueAt\", \"Attempts\", \"FailoverOfId\", " +
                "\"Kind\", \"Lane\", \"ExpiresAt\") FROM STDIN (FORMAT BINARY)", ct);
            foreach (var d in rows)
            {
                await writer.StartRowAsync(ct);
                if (d.MessageId is { } message) await writer.WriteAsync(message, NpgsqlDbType.Bigint, ct); else await writer.WriteNullAsync(ct);
                if (d.MemberId is { } memberId) await writer.WriteAsync(memberId, NpgsqlDbType.Integer, ct); else await writer.WriteNullAsync(ct);
                await writer.WriteAsync((int)d.Channel, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.Recipient, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(d.Language, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync((int)d.State, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(d.DueAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(d.Attempts, NpgsqlDbType.Integer, ct);
                if (d.FailoverOfId is { } f) await writer.WriteAsync(f, NpgsqlDbType.Bigint, ct); else await writer.WriteNullAsync(ct);
                await writer.WriteAsync(d.Kind, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(d.Lane, NpgsqlDbType.Integer, ct);
                if (d.ExpiresAt is { } x) await writer.WriteAsync(x.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct); else await writer.WriteNullAsync(ct);
            }
            await writer.CompleteAsync(ct);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO \"Deliveries\" (\"MessageId\", \"MemberId\", \"Channel\", \"Recipient\", \"Language\", \"State\", \"DueAt\", \"Attempts\", " +
                              "\"Kind\", \"Lane\", \"ExpiresAt\") VALUES ($m, $member, $c, $r, $l, $s, $due, 0, $kind, $lane, $expires)";
        DbParameter P(string name) { var p = command.CreateParameter(); p.ParameterName = name; command.Parameters.Add(p); return p; }
        var (m, member, c, r, l, s, due) = (P("$m"), P("$member"), P("$c"), P("$r"), P("$l"), P("$s"), P("$due"));
        var (kind, lane, expires) = (P("$kind"), P("$lane"), P("$expires"));
        await command.PrepareAsync(ct);
        foreach (var d in rows)
        {
            (m.Value, member.Value, c.Value, r.Value, l.Value, s.Value) =
                ((object?)d.MessageId ?? DBNull.Value, (object?)d.MemberId ?? DBNull.Value, (int)d.Channel, d.Recipient, d.Language, (int)d.State);
            (kind.Value, lane.Value, expires.Value) = (d.Kind, d.Lane, d.ExpiresAt is { } x ? x.UtcTicks : (object)DBNull.Value);
            due.Value = d.DueAt.UtcTicks; // SQLite stores instants as UTC ticks (see SqliteBinHubDb)
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}
