using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>Checks and applies the mandated officer and the coordinators of a BIN.</summary>
internal static class BinPeople
{
    public static async Task CheckAsync(BinHubDb db, BinInput i, int zone, Errors e, IStringLocalizer L, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(i.MandatedOfficerId))
        {
            var officerOk = await db.Users.AnyAsync(u => u.Id == i.MandatedOfficerId && u.PoliceZoneNumber == zone &&
                db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer), ct);
            if (!officerOk) e.Add(nameof(i.MandatedOfficerId), L["Validation.OfficerOfZone"]);
        }
        if (i.CoordinatorIds is { Count: > 0 } ids)
        {
            var distinct = ids.Distinct().ToList();
            var found = await db.Users.CountAsync(u => distinct.Contains(u.Id) &&
                db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Coordinator), ct);
            if (found != distinct.Count) e.Add(nameof(i.CoordinatorIds), L["Validation.Coordinators"]);
        }
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
