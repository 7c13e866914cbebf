using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BinHub.Features.Users;

/// <summary>
/// Every browser sign-in, staff or member, is a session on record (the <c>MemberSessions</c> table holds any user's):
/// the cookie names it in <see cref="Claim"/> and is refused once it is ended or gone. Signing out, ending it from the
/// profile, a new second-factor key or a new password end sessions, so a copy of the cookie stops working at once
/// instead of at its expiry.
/// </summary>
public static class SignInSessions
{
    public const string Claim = "binhub:sid";

    /// <summary>
    /// How long an open session is taken on trust between database checks. A check per request would be a query per
    /// page, image-less API call and SignalR negotiation; ending a session in this process is seen at once (see
    /// <see cref="generation"/>), another instance behind the same database (or a direct database update) is seen within this time.
    /// </summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    // Bumped by every ending: a cached "open" taken before it no longer counts. Endings are rare (sign-outs), so the
    // few extra checks cost less than remembering which ids each ending touched.
    private static long generation;

    private sealed record Checked(long Generation, DateTimeOffset At);

    public static async Task<string> StartAsync(BinHubDb db, TimeProvider clock, string userId, string? userAgent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var agent = userAgent ?? "";
        var session = new MemberSession { Id = Guid.NewGuid().ToString(), UserId = userId, UserAgent = agent.Length > 200 ? agent[..200] : agent, CreatedAt = now, LastSeenAt = now };
        db.MemberSessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    public static Task<bool> IsOpenAsync(BinHubDb db, string userId, string sessionId, CancellationToken ct) =>
        db.MemberSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null, ct);

    /// <summary>Cookie check on every request: an ended, unknown or missing session signs the browser out.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var sid = ctx.Principal?.FindFirstValue(Claim);
        var userId = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var services = ctx.HttpContext.RequestServices;
        var cache = services.GetRequiredService<IMemoryCache>();
        var key = "signin-session:" + sid;
        var seen = Interlocked.Read(ref generation);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (sid is not null && cache.TryGetValue(key, out Checked? last) && last!.Generation == seen && now - last.At < RecheckAfter) return;
        var db = services.GetRequiredService<BinHubDb>();
        var session = sid is null || userId is null ? null
            : await db.MemberSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sid && s.UserId == userId);
        if (session is null || session.EndedAt is not null)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        cache.Set(key, new Checked(seen, now), RecheckAfter);
        // Written at most every five minutes: enough to show "last active", without a write per request.
        if (now - session.LastSeenAt > TimeSpan.FromMinutes(5))
            await db.MemberSessions.Where(s => s.Id == sid).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
    }

    /// <summary>Ends the user's open sessions: one (<paramref name="only"/>), all but one (<paramref name="except"/>) or all.</summary>
    public static async Task<int> EndAsync(BinHubDb db, string userId, string? only, string? except, DateTimeOffset now, CancellationToken ct)
    {
        var ended = await db.MemberSessions.Where(s => s.UserId == userId && s.EndedAt == null
                && (only == null || s.Id == only) && (except == null || s.Id != except))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct);
        Interlocked.Increment(ref generation);
        return ended;
    }

    public static Task<List<MemberSession>> ListAsync(BinHubDb db, string userId, CancellationToken ct) => db.MemberSessions
        .Where(s => s.UserId == userId && s.EndedAt == null).OrderByDescending(s => s.LastSeenAt).Take(50).ToListAsync(ct);

    /// <summary>The signed-in user ends one of their sessions, or all others (a lost phone, a shared computer): on record.</summary>
    public static async Task<int> EndOwnAsync(BinHubDb db, TimeProvider clock, Actor actor, string? id, bool others, string? current, CancellationToken ct)
    {
        var ended = await EndAsync(db, actor.UserId, others ? null : id ?? "", others ? current ?? "" : null, clock.GetUtcNow(), ct);
        AuditLog.Add(db, clock, actor, "EndSessions", nameof(MemberSession), others ? "others" : id, $"{ended} ended");
        await db.SaveChangesAsync(ct);
        return ended;
    }

    /// <summary>
    /// The security stamp check (every 30 minutes) rebuilds the cookie's claims from the user record: without this the
    /// session id (and the second factor's "amr") would drop out, and the session could no longer be ended.
    /// </summary>
    public static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext ctx)
    {
        if (ctx.NewPrincipal?.Identity is ClaimsIdentity identity && ctx.CurrentPrincipal is { } current)
            foreach (var claim in current.Claims.Where(c => c.Type is Claim or "amr" && !identity.HasClaim(c.Type, c.Value)))
                identity.AddClaim(new Claim(claim.Type, claim.Value));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every sign-in goes through <see cref="SignInWithClaimsAsync"/> (password, second factor, enrolment, refresh): a
/// session on record is started there unless the caller brings one, or the browser's own session is being renewed.
/// </summary>
public sealed class SessionSignInManager(UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    Microsoft.Extensions.Options.IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, BinHubDb db, TimeProvider clock)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var extra = additionalClaims.ToList();
        if (!extra.Any(c => c.Type == SignInSessions.Claim))
        {
            // Re-issuing the cookie of a signed-in browser (enrolment, a refresh) keeps its session; anything else is a new one.
            var current = Context.User;
            var sid = current.FindFirstValue(SignInSessions.Claim);
            var same = sid is not null && current.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id
                       && await SignInSessions.IsOpenAsync(db, user.Id, sid, Context.RequestAborted);
            extra.Add(new Claim(SignInSessions.Claim, same ? sid! : await SignInSessions.StartAsync(db, clock, user.Id,
                Context.Request.Headers.UserAgent.ToString(), Context.RequestAborted)));
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, extra);
    }
}
