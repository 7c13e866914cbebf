using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// A household leaves its BIN: it receives no more messages, its sign-in account is disabled (every session and
/// API token ended), open offers to coordinate are withdrawn, and one confirmation is sent in its language. The
/// household row stays (state Left) for the coordinator's history; erasing the personal data is a separate step
/// (<see cref="EraseMe"/>), which the leave page offers instead.
/// </summary>
public static class LeaveBin
{
    public sealed record Request(bool Confirm);

    public sealed record Result(DateTimeOffset LeftAt);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "LeaveBin", ct);
        if (m is null) return refusal!;
        if (!r.Confirm) return Outcome<Result>.Fail("Confirm", L["Me.LeaveConfirmRequired"]);
        if (m.State == MemberState.Left) return Outcome<Result>.Fail("Confirm", L["Me.AlreadyLeft"]);

        var now = clock.GetUtcNow();
        var bin = await db.Bins.FirstAsync(b => b.Id == m.BinId, ct);
        // Sent while the household still has its numbers and address, in its own language.
        MemberMessages.Notify(db, m, L, "MemberLeft", "Me.LeftSubject", "Me.LeftBody", now, bin.Name);
        m.State = MemberState.Left;
        m.LeftAt = now;
        m.UpdatedAt = now;
        await EndAccountAsync(db, m, now, delete: false, ct);
        foreach (var offer in await db.CoordinatorVolunteers.Where(v => v.MemberId == m.Id && v.State == VolunteerState.Open).ToListAsync(ct))
            offer.State = VolunteerState.Withdrawn;
        MemberHistory.Add(db, m.Id, "Left", now, null, "left the BIN (by the member)");
        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "LeaveBin", nameof(Member), m.Id.ToString(), $"bin={m.BinId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(now));
    }

    /// <summary>
    /// Ends the household's sign-in account. An account that is only a member's is locked for good (leave) or deleted
    /// (erase, which also removes its sessions and tokens); an account that also holds a staff role (a coordinator who
    /// is a member of their own BIN) keeps working for that role and just loses the member role and the link.
    /// </summary>
    public static async Task EndAccountAsync(BinHubDb db, Member m, DateTimeOffset now, bool delete, CancellationToken ct)
    {
        if (m.UserId is not { } userId) return;
        // Ended through the sessions' own use case: a cookie of this household is refused at its next request, not
        // only after the sign-in check's cache time (SignInSessions.RecheckAfter).
        await Users.SignInSessions.EndAsync(db, userId, null, null, now, ct);
        var sessions = await db.MemberSessions.Where(s => s.UserId == userId).ToListAsync(ct);
        var roles = await db.UserRoles.Where(r => r.UserId == userId).ToListAsync(ct);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (roles.Any(r => r.RoleId != Roles.Member))
        {
            db.UserRoles.RemoveRange(roles.Where(r => r.RoleId == Roles.Member));
            if (delete) db.MemberSessions.RemoveRange(sessions);
            if (user is not null) user.SecurityStamp = Guid.NewGuid().ToString();
            m.UserId = null;
            return;
        }
        if (delete)
        {
            db.MemberSessions.RemoveRange(sessions);
            db.ApiTokens.RemoveRange(await db.ApiTokens.Where(t => t.UserId == userId).ToListAsync(ct));
            db.UserRoles.RemoveRange(roles);
            if (user is not null) db.Users.Remove(user);
            m.UserId = null;
            return;
        }
        foreach (var t in await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(ct)) t.RevokedAt = now;
        if (user is not null)
        {
            user.LockoutEnabled = true;
            user.LockoutEnd = now.AddYears(100); // "for good", and a value every provider stores as is
            user.SecurityStamp = Guid.NewGuid().ToString();
        }
    }
}
