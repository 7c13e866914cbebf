using BinHub.Data;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Charters;

/// <summary>
/// National registration numbers <c>BIN-&lt;zone&gt;-&lt;sequence&gt;</c>. The per-zone counter only ever grows
/// (an atomic UPDATE … RETURNING inside the caller's transaction), so a number is never handed out twice,
/// even after a BIN is dissolved; the unique index on Bins.RegistrationNumber is the last line of defence.
/// </summary>
public static class RegistrationNumbers
{
    public static async Task<string> NextAsync(BinHubDb db, int zone, CancellationToken ct)
    {
        var next = await db.Database.SqlQuery<int>(
            $"UPDATE \"RegistrationCounters\" SET \"LastValue\" = \"LastValue\" + 1 WHERE \"ZoneNumber\" = {zone} RETURNING \"LastValue\" AS \"Value\"")
            .ToListAsync(ct);
        if (next.Count == 0)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO \"RegistrationCounters\" (\"ZoneNumber\", \"LastValue\") VALUES ({zone}, 1)", ct);
            return Format(zone, 1);
        }
        return Format(zone, next[0]);
    }

    public static string Format(int zone, int sequence) => $"BIN-{zone}-{sequence:0000}";
}
