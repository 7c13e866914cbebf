using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Charters;

/// <summary>
/// Starts the renewal of an expiring or lapsed charter: a new version that the three parties approve again.
/// The BIN keeps its status and registration number meanwhile; the new validity starts at the third approval.
/// </summary>
public static class RenewCharter
{
    /// <summary>The API's answer: the number of the new charter version.</summary>
    public sealed record Renewed(int Version);

    public static bool MayRenew(Actor actor, Bin bin) =>
        actor.IsNational || (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber) ||
        (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin.Id));

    public static async Task<Outcome<int>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, IStringLocalizer L, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins).Include(b => b.Charters).FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<int>(db, clock, actor, "RenewCharter", nameof(Bin), binId.ToString(), ct);
        if (!MayRenew(actor, bin)) return new Outcome<int>.Forbidden(L["Error.MayNotChangeStatus"]);
        var now = clock.GetUtcNow();
        var current = bin.Charters.Where(c => c.FullyApprovedAt != null).MaxBy(c => c.Version);
        if (bin.Status is not (BinStatus.Active or BinStatus.Suspended) || current is null || bin.Charters.Any(c => c.FullyApprovedAt == null)
            || current.StateAt(now) is not (CharterState.ExpiringSoon or CharterState.Lapsed))
            return Outcome<int>.Fail("charter", L["Error.NothingToRenew"]);
        var next = SubmitCharter.NewVersion(bin, now);
        bin.Charters.Add(next);
        await AuditLog.SaveNewAsync(db, clock, actor, "RenewCharter", nameof(Charter), () => next.Id.ToString(), $"bin={bin.Id}; version={next.Version}", ct);
        return new Outcome<int>.Ok(next.Version);
    }
}
