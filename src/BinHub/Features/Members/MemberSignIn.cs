using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// Members sign in without a password: a code by SMS or a link by e-mail proves they hold the number or address.
/// Each sign-in is a <see cref="MemberSession"/> the member can end from their profile; the cookie names its session
/// and is refused as soon as that session is ended (<see cref="SignInSessions"/>, shared with staff).
/// </summary>
public static class MemberSignIn
{
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
        var session = await SignInSessions.StartAsync(db, clock, userId, http.Request.Headers.UserAgent.ToString(), ct);
        var signIn = http.RequestServices.GetRequiredService<SignInManager<AppUser>>();
        var user = await signIn.UserManager.FindByIdAsync(userId) ?? throw new InvalidOperationException("member account vanished");
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false },
            [new Claim(SignInSessions.Claim, session), new Claim("amr", method)]);
    }
}
