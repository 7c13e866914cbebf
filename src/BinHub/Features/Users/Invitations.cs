using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>The pending invitations an officer (their zone's) or the Kenniscentrum (all) sees, and revoking one.</summary>
public static class Invitations
{
    public sealed record Item(int Id, string Email, string Role, int? BinId, string? BinName, string? MunicipalityNis, string InvitedBy,
        DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

    public static IQueryable<Invitation> InScope(BinHubDb db, Actor actor)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        return db.Invitations.Where(i => actor.IsNational || (zone != null && i.ZoneNumber == zone));
    }

    public static async Task<Outcome<List<Item>>> ListAsync(BinHubDb db, TimeProvider clock, Actor actor, IStringLocalizer L, CancellationToken ct)
    {
        if (!(actor.IsNational || actor.IsOfficer)) return new Outcome<List<Item>>.Forbidden(L["Invite.NotAllowed"]);
        var rows = await InviteUser.Pending(InScope(db, actor), clock.GetUtcNow()).OrderByDescending(i => i.Id).Take(200)
            .Select(i => new Item(i.Id, i.Email, i.Role, i.BinId, i.Bin == null ? null : i.Bin.Name, i.MunicipalityNis, i.InvitedByName, i.CreatedAt, i.ExpiresAt))
            .ToListAsync(ct);
        return new Outcome<List<Item>>.Ok(rows);
    }

    /// <summary>Revokes a pending invitation: its link stops working at once. Another zone's invitation is "not found" (audited).</summary>
    public static async Task<Outcome<int>> RevokeAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, IStringLocalizer L, CancellationToken ct)
    {
        if (!(actor.IsNational || actor.IsOfficer)) return new Outcome<int>.Forbidden(L["Invite.NotAllowed"]);
        var now = clock.GetUtcNow();
        var invitation = await InviteUser.Pending(InScope(db, actor), now).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null) return await AuditLog.NotFoundAsync<int>(db, clock, actor, "RevokeInvitation", nameof(Invitation), id.ToString(), ct);
        invitation.RevokedAt = now;
        AuditLog.Add(db, clock, actor, "RevokeInvitation", nameof(Invitation), id.ToString(), $"email={invitation.Email}");
        await db.SaveChangesAsync(ct);
        return new Outcome<int>.Ok(id);
    }
}
