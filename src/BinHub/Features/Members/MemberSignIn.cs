using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// Members sign in without a password: a code by SMS or a link by e-mail proves they hold the number or address.
/// Each sign-in is a <see cref="MemberSession"/> the member can end from their profile; the cookie names its session
/// and is refused as soon as that session is ended.
/// </summary>
public static class MemberSignIn
{
    public const string SessionClaim = "binhub:sid";

    /// <summary>The household's sign-in account (no password, no e-mail login): made on first need.</summary>
    public static async Task<string> EnsureAccountAsync(BinHubDb db, Member member, DateTimeOffset now, CancellationToken ct)
    {
        if (member.UserId is { } existing && await db.Users.AnyAsync(u => u.Id == existing, ct)) return existing;
        await Users.AddUser.EnsureRolesAsync(db, ct);
        var role = await db.Roles.FirstAsync(r => r.Name == Roles.Member, ct);
        var name = $"member-{Guid.NewGuid():N}";
        // Not through UserManager: staff accounts need a unique e-mail, a household may share one with a coordinator.
        var user = new AppUser
        {
            // A pseudonym, not the member's name: the display name goes into the append-only audit log.
            UserName = name, NormalizedUserName = name.ToUpperInvariant(), DisplayName = $"member #{member.Id}", Language = member.Language,
            SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(), LockoutEnabled = true, CreatedAt = now,
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        member.UserId = user.Id;
        await db.SaveChangesAsync(ct);
        return user.Id;
    }

    public static async Task SignInAsync(HttpContext http, BinHubDb db, TimeProvider clock, string userId, string method, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var agent = http.Request.Headers.UserAgent.ToString();
        var session = new MemberSession { Id = Guid.NewGuid().ToString(), UserId = userId, UserAgent = agent.Length > 200 ? agent[..200] : agent, CreatedAt = now, LastSeenAt = now };
        db.MemberSessions.Add(session);
        await db.SaveChangesAsync(ct);
        var signIn = http.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByIdAsync(userId) ?? throw new InvalidOperationException("member account vanished");
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false },
            [new Claim(SessionClaim, session.Id), new Claim("amr", method)]);
    }

    /// <summary>Cookie check on every request of a member: an ended (or unknown) session signs the browser out.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var sid = ctx.Principal?.FindFirstValue(SessionClaim);
        if (sid is null) return;
        var db = ctx.HttpContext.RequestServices.GetRequiredService<BinHubDb>();
        var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var session = await db.MemberSessions.FirstOrDefaultAsync(s => s.Id == sid);
        if (session is null || session.EndedAt is not null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        var now = clock.GetUtcNow();
        // Written at most every five minutes: enough to show "last active", without a write per request.
        if (now - session.LastSeenAt > TimeSpan.FromMinutes(5))
            await db.MemberSessions.Where(s => s.Id == sid).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
    }

    public static async Task<int> EndAsync(BinHubDb db, string userId, string? onlySessionId, string? exceptSessionId, DateTimeOffset now, CancellationToken ct) =>
        await db.MemberSessions.Where(s => s.UserId == userId && s.EndedAt == null
                && (onlySessionId == null || s.Id == onlySessionId) && (exceptSessionId == null || s.Id != exceptSessionId))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
}
