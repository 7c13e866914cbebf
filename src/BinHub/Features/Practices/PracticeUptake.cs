using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Practices;

/// <summary>
/// A coordinator marks "we use this" on a published practice for one of their own BINs, or takes it back. Another BIN, or a
/// practice they cannot read, is "not found" (audited). Marking twice or undoing what is not marked changes nothing.
/// </summary>
public static class MarkUptake
{
    public sealed record Result(int PracticeId, int BinId, bool Uses, int UptakeCount);

    public static Task<Outcome<Result>> MarkAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int binId, CancellationToken ct) =>
        SetAsync(db, clock, actor, id, binId, true, ct);

    public static Task<Outcome<Result>> UndoAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int binId, CancellationToken ct) =>
        SetAsync(db, clock, actor, id, binId, false, ct);

    private static async Task<Outcome<Result>> SetAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int binId, bool uses, CancellationToken ct)
    {
        var action = uses ? "MarkPracticeUptake" : "UndoPracticeUptake";
        if (!actor.IsCoordinator || !actor.CoordinatedBinIds.Contains(binId))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, action, nameof(Bin), binId.ToString(), ct);
        if (!await PracticeRules.Readable(db, actor).AnyAsync(p => p.Id == id && p.State == PracticeState.Published, ct))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, action, nameof(Practice), id.ToString(), ct);
        var row = await db.PracticeUptakes.FirstOrDefaultAsync(u => u.PracticeId == id && u.BinId == binId, ct);
        if (uses && row is null) db.PracticeUptakes.Add(new PracticeUptake { PracticeId = id, BinId = binId, UserId = actor.UserId, At = clock.GetUtcNow() });
        else if (!uses && row is not null) db.PracticeUptakes.Remove(row);
        else return new Outcome<Result>.Ok(new Result(id, binId, uses, await db.PracticeUptakes.CountAsync(u => u.PracticeId == id, ct)));
        AuditLog.Add(db, clock, actor, action, nameof(Practice), id.ToString(), $"BIN {binId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(id, binId, uses, await db.PracticeUptakes.CountAsync(u => u.PracticeId == id, ct)));
    }
}
