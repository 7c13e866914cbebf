using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Reports;

/// <summary>
/// The on-behalf report form (Reports/OnBehalf): the coordinator's BINs and, for the chosen one, the members a report may be
/// filed for, which are the members <see cref="SubmitReport.OnBehalfAsync"/> accepts (<see cref="Reportable"/>).
/// </summary>
public static class OnBehalfForm
{
    public sealed record Choice(int Id, string Name);

    public sealed record Form(List<Choice> Bins, int? BinId, List<Choice> Members, List<string> Streets);

    /// <summary>A coordinator reports on behalf of the members of their own BINs only.</summary>
    public static bool MayReportFor(Actor actor, int binId) => actor.IsCoordinator && actor.CoordinatedBinIds.Contains(binId);

    /// <summary>Who a report may be filed for: the BIN's active members (an erased member has left).</summary>
    public static IQueryable<Member> Reportable(BinHubDb db, int binId) =>
        db.Members.Where(m => m.BinId == binId && m.State == MemberState.Active && m.ErasedAt == null);

    /// <summary>The form for BIN <paramref name="binId"/> (the only BIN when the coordinator has one); null for someone who coordinates no BIN.</summary>
    public static async Task<Form?> LoadAsync(BinHubDb db, TimeProvider clock, Actor actor, int? binId, CancellationToken ct)
    {
        if (!actor.IsCoordinator || actor.CoordinatedBinIds.Count == 0) return null;
        var ids = actor.CoordinatedBinIds.ToArray();
        var bins = await db.Bins.Where(b => ids.Contains(b.Id)).OrderBy(b => b.Name).Select(b => new Choice(b.Id, b.Name)).ToListAsync(ct);
        if (binId is null && bins.Count == 1) binId = bins[0].Id;
        if (binId is not { } chosen || !MayReportFor(actor, chosen)) return new Form(bins, binId, [], []);
        var members = await Reportable(db, chosen).OrderBy(m => m.Name)
            .Select(m => new Choice(m.Id, m.Name + " · " + m.Street + " " + m.HouseNumber)).ToListAsync(ct);
        // The form lists the BIN's members with their addresses: a read of personal data like the member list's.
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), null, $"bin={chosen}; on-behalf report form, {members.Count} names and addresses");
        await db.SaveChangesAsync(ct);
        var streets = SubmitReport.AreaStreets(await db.Bins.AsNoTracking().FirstAsync(b => b.Id == chosen, ct));
        return new Form(bins, binId, members, streets);
    }
}
