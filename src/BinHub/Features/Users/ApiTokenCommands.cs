using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>Personal API tokens: created on the profile page or by the CLI, shown once, stored hashed, revocable.</summary>
public static class ApiTokenCommands
{
    public sealed record Created(int Id, string Name, string Secret);

    public sealed record Listed(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    public static async Task<Outcome<Created>> CreateAsync(BinHubDb db, TimeProvider clock, Actor actor, string userId, string name, IStringLocalizer L,
        CancellationToken ct)
    {
        name = name?.Trim() ?? "";
        if (name.Length is 0 or > 80 || name.Any(char.IsControl)) return Outcome<Created>.Fail("name", L["Tokens.NameInvalid"]);
        // A token outlives the session that made it, so a staff account gets one only once its second factor is enrolled
        // (the token handler refuses a staff token without it too; this says why at the moment of asking).
        var owner = await db.Users.Where(u => u.Id == userId).Select(u => new { u.TwoFactorEnabled }).FirstOrDefaultAsync(ct);
        if (owner is null) return new Outcome<Created>.NotFound();
        var roles = await db.UserRoles.Where(r => r.UserId == userId).Select(r => r.RoleId).ToListAsync(ct);
        if (!owner.TwoFactorEnabled && TwoFactorGate.RequiresSecondFactor(roles))
            return Outcome<Created>.Fail("name", L["Tokens.NeedsSecondFactor"]);
        if (await db.ApiTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null, ct) >= 20)
            return Outcome<Created>.Fail("name", L["Tokens.TooMany", 20]);
        var secret = TokenSecrets.NewSecret();
        var token = new ApiToken { UserId = userId, Name = name, Prefix = secret[..12], Hash = TokenSecrets.Hash(secret), CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(token);
        await AuditLog.SaveNewAsync(db, clock, actor, "Create", nameof(ApiToken), () => token.Id.ToString(), $"owner={userId}; name={name}", ct);
        return new Outcome<Created>.Ok(new Created(token.Id, name, secret));
    }

    public static Task<List<Listed>> ListAsync(BinHubDb db, string userId, CancellationToken ct) =>
        db.ApiTokens.Where(t => t.UserId == userId).OrderByDescending(t => t.Id)
            .Select(t => new Listed(t.Id, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct);

    public static async Task<bool> RevokeAsync(BinHubDb db, TimeProvider clock, Actor actor, string userId, int id, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null, ct);
        if (token is null) return false;
        token.RevokedAt = clock.GetUtcNow();
        AuditLog.Add(db, clock, actor, "Revoke", nameof(ApiToken), id.ToString(), $"owner={userId}");
        await db.SaveChangesAsync(ct);
        return true;
    }
}
