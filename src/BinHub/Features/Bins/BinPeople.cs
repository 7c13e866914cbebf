using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>Checks and applies the mandated officer and the coordinators of a BIN.</summary>
internal static class BinPeople
{
    /// <summary>
    /// The people the input names must be people the actor may assign: a police officer of the BIN's zone as mandated officer;
    /// as coordinators, people with the coordinator role who coordinate no BIN yet, this BIN, or a BIN in the actor's scope.
    /// For the Kenniscentrum nothing is out of scope, so a wrong id is a mistake to explain (validation errors in
    /// <paramref name="e"/>). For anyone else the id is answered like a foreign id in a route: it is returned for the caller's
    /// audited 404, whether it names nobody, someone without the role or someone elsewhere, so nobody learns who exists outside
    /// their scope. What the BIN already has is not a new reference and is not checked again (its officer may have moved since).
    /// </summary>
    /// <returns>The first id outside the actor's scope, or null.</returns>
    public static async Task<string?> CheckAsync(BinHubDb db, Actor actor, BinInput i, Bin? existing, int zone, Errors e, IStringLocalizer L,
        CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(i.MandatedOfficerId) && i.MandatedOfficerId != existing?.MandatedOfficerId)
        {
            var officerOk = await Officers(db, zone, null).AnyAsync(u => u.Id == i.MandatedOfficerId, ct);
            if (!officerOk && !actor.IsNational) return i.MandatedOfficerId;
            if (!officerOk) e.Add(nameof(i.MandatedOfficerId), L["Validation.OfficerOfZone"]);
        }
        var already = existing?.Coordinators.Select(c => c.UserId).ToHashSet() ?? [];
        if (i.CoordinatorIds is { Count: > 0 } ids && ids.Distinct().Where(id => !already.Contains(id)).ToList() is { Count: > 0 } added)
        {
            var found = await Coordinators(db, actor, existing?.Id).Where(u => added.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
            if (added.FirstOrDefault(id => !found.Contains(id)) is { } outside)
            {
                if (!actor.IsNational) return outside;
                e.Add(nameof(i.CoordinatorIds), L["Validation.Coordinators"]);
            }
        }
        return null;
    }

    /// <summary>
    /// The officers who may be mandated for a BIN of <paramref name="zone"/>: its police officers, and the one the BIN already has
    /// (<paramref name="current"/>; kept even after moving elsewhere). The edit form lists these; <see cref="CheckAsync"/> accepts them.
    /// </summary>
    public static IQueryable<AppUser> Officers(BinHubDb db, int zone, string? current) =>
        db.Users.Where(u => (u.PoliceZoneNumber == zone && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer)) || u.Id == current);

    /// <summary>
    /// The people who may coordinate BIN <paramref name="binId"/> (null: a new BIN): those with the coordinator role who coordinate no
    /// BIN yet, this BIN, or a BIN in the actor's scope (another BIN of the zone, say). The edit form lists these; <see cref="CheckAsync"/> accepts them.
    /// </summary>
    public static IQueryable<AppUser> Coordinators(BinHubDb db, Actor actor, int? binId)
    {
        var visible = actor.VisibleBins(db.Bins).Select(b => b.Id);
        return db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Coordinator) &&
            (actor.IsNational || !db.BinCoordinators.Any(c => c.UserId == u.Id) || db.BinCoordinators.Any(c => c.UserId == u.Id && (c.BinId == binId || visible.Contains(c.BinId)))));
    }

    public static void Apply(Bin bin, BinInput i)
    {
        bin.MandatedOfficerId = string.IsNullOrEmpty(i.MandatedOfficerId) ? null : i.MandatedOfficerId;
        if (i.CoordinatorIds is null) return; // not sent: leave the coordinators as they are
        var ids = i.CoordinatorIds.Distinct().ToList();
        bin.Coordinators.RemoveAll(c => !ids.Contains(c.UserId));
        for (var n = 0; n < ids.Count; n++)
        {
            var existing = bin.Coordinators.FirstOrDefault(c => c.UserId == ids[n]);
            if (existing is null) bin.Coordinators.Add(existing = new BinCoordinator { UserId = ids[n] });
            existing.IsPrimary = n == 0;
        }
    }
}
