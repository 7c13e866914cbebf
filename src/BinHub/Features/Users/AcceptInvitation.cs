using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>
/// The invitee opens the link: a new address gets an account (the link proves the mailbox) with the chosen password;
/// an address that already has an account keeps it and gains the role and scope (a password is asked only if it has
/// none, e.g. a member who signs in by code). Coordinator of the BIN (primary if it has none) or official of the
/// municipality. No second factor yet: the two-factor gate sends every staff role to enrolment at first sign-in.
/// A used, revoked, expired or unknown link is refused with a message saying which.
/// </summary>
public static class AcceptInvitation
{
    public sealed record Preview(string Email, string Role, string Scope, bool NeedsPassword, string Language);

    public sealed record Result(string UserId, string Email);

    public static async Task<Outcome<Preview>> CheckAsync(BinHubDb db, TimeProvider clock, string? token, IStringLocalizer L, CancellationToken ct)
    {
        var (invitation, refusal) = await FindAsync(db, clock, token, L, ct);
        if (invitation is null) return Outcome<Preview>.Fail("t", refusal!);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == invitation.Email.ToUpperInvariant(), ct);
        var scope = invitation.Bin?.Name ?? (await db.Municipalities.FirstAsync(m => m.Nis == invitation.MunicipalityNis, ct)).Name(invitation.Language);
        return new Outcome<Preview>.Ok(new Preview(invitation.Email, invitation.Role, scope, user?.PasswordHash is null, invitation.Language));
    }

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, string? token, string? displayName,
        string? password, string? ip, IStringLocalizer L, CancellationToken ct)
    {
        var (invitation, refusal) = await FindAsync(db, clock, token, L, ct);
        if (invitation is null) return Outcome<Result>.Fail("t", refusal!);
        var now = clock.GetUtcNow();
        var user = await users.FindByEmailAsync(invitation.Email);
        var name = displayName?.Trim() ?? "";
        if (name.Length > 200 || name.Any(char.IsControl)) return Outcome<Result>.Fail("DisplayName", L["Validation.MaxLength", L["Invite.Name"], 200]);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Taken in the database first, so two clicks on the same link cannot both succeed.
        var taken = await db.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), ct);
        if (taken != 1) return Outcome<Result>.Fail("t", L["Invite.Used"]);
        if (user is null)
        {
            user = new AppUser
            {
                UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = name.Length > 0 ? name : invitation.Email,
                Language = invitation.Language, CreatedAt = now, LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) return new Outcome<Result>.Invalid(new() { ["Email"] = created.Errors.Select(x => x.Description).ToArray() });
        }
        if (!await users.HasPasswordAsync(user))
        {
            var set = string.IsNullOrEmpty(password) ? IdentityResult.Failed(new IdentityError { Description = L["Validation.Required", L["Login.Password"]] })
                : await users.AddPasswordAsync(user, password);
            if (!set.Succeeded) return new Outcome<Result>.Invalid(new() { ["Password"] = set.Errors.Select(x => x.Description).ToArray() });
        }
        user.EmailConfirmed = true; // the link came to this address
        await AddUser.EnsureRolesAsync(db, ct);
        if (!await users.IsInRoleAsync(user, invitation.Role)) await users.AddToRoleAsync(user, invitation.Role);
        if (invitation.Role == Roles.MunicipalityOfficial) user.MunicipalityNis = invitation.MunicipalityNis;
        await users.UpdateAsync(user);
        if (invitation.Bin is { } bin && !bin.Coordinators.Any(c => c.UserId == user.Id))
        {
            bin.Coordinators.Add(new BinCoordinator { UserId = user.Id, IsPrimary = !bin.Coordinators.Any(c => c.IsPrimary) });
            Succession.Vacancy.Track(bin, now);
        }
        var self = new Actor(user.Id, user.DisplayName, new HashSet<string> { invitation.Role }, null, user.MunicipalityNis, [], ip);
        AuditLog.Add(db, clock, self, "AcceptInvitation", nameof(Invitation), invitation.Id.ToString(),
            $"role={invitation.Role}; bin={invitation.BinId}; municipality={invitation.MunicipalityNis}");
        db.Entry(invitation).Property(i => i.AcceptedUserId).CurrentValue = user.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(user.Id, user.Email!));
    }

    /// <summary>The invitation behind a link, or why the link does not work (in the reader's language).</summary>
    private static async Task<(Invitation?, string?)> FindAsync(BinHubDb db, TimeProvider clock, string? token, IStringLocalizer L, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200) return (null, L["Invite.Unknown"]);
        var hash = TokenSecrets.Hash(token.Trim());
        var invitation = await db.Invitations.Include(i => i.Bin).ThenInclude(b => b!.Coordinators).FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null) return (null, L["Invite.Unknown"]);
        if (invitation.AcceptedAt is not null) return (null, L["Invite.Used"]);
        if (invitation.RevokedAt is not null) return (null, L["Invite.Revoked"]);
        if (invitation.ExpiresAt <= clock.GetUtcNow()) return (null, L["Invite.Expired"]);
        return (invitation, null);
    }
}
