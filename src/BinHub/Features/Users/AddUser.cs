using System.Net.Mail;
using System.Security.Cryptography;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Users;

/// <summary>
/// Creates an account with one role and its scope: a zone number for a PoliceOfficer, a NIS code for a
/// MunicipalityOfficial, optionally a BIN id for a Coordinator. The e-mail address must be confirmed
/// before the first sign-in: the confirmation link is e-mailed through the outbox and returned to the caller.
/// </summary>
public static class AddUser
{
    public sealed record Request(string Email, string Role, string? Scope, string? DisplayName, string? Language, string PublicUrl = "http://localhost:5080");

    public sealed record Result(string UserId, string ConfirmationPath);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, Actor actor,
        Request r, CancellationToken ct)
    {
        var e = new Errors();
        var email = r.Email?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !MailAddress.TryCreate(email, out _)) e.Add("email", $"'{email}' is not a valid e-mail address.");
        if (!Roles.All.Contains(r.Role)) e.Add("role", $"Unknown role '{r.Role}'. Roles: {string.Join(", ", Roles.All)}.");
        if (r.Language is { } l && !Languages.IsValid(l)) e.Add("language", "Language must be nl, fr, de or en.");
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);
        if (await users.FindByEmailAsync(email) is not null) return Outcome<Result>.Fail("email", $"A user with e-mail {email} already exists.");

        var user = new AppUser
        {
            UserName = email, Email = email, DisplayName = string.IsNullOrWhiteSpace(r.DisplayName) ? email : r.DisplayName.Trim(),
            Language = r.Language, CreatedAt = clock.GetUtcNow(), LockoutEnabled = true,
        };
        int? coordinatedBin = null;
        switch (r.Role)
        {
            case Roles.PoliceOfficer:
                if (!int.TryParse(r.Scope, out var zone) || !await db.PoliceZones.AnyAsync(z => z.Number == zone, ct))
                    return Outcome<Result>.Fail("scope", "A PoliceOfficer needs --scope <police zone number>, e.g. 5415.");
                user.PoliceZoneNumber = zone;
                break;
            case Roles.MunicipalityOfficial:
                if (r.Scope is null || !await db.Municipalities.AnyAsync(m => m.Nis == r.Scope && m.IsCurrent, ct))
                    return Outcome<Result>.Fail("scope", "A MunicipalityOfficial needs --scope <current NIS code>, e.g. 44021.");
                user.MunicipalityNis = r.Scope;
                break;
            case Roles.PoliceAcademy:
                if (!int.TryParse(r.Scope, out var academy) || !await db.Academies.AnyAsync(a => a.Id == academy, ct))
                    return Outcome<Result>.Fail("scope", "A PoliceAcademy user needs --scope <academy id>.");
                user.AcademyId = academy;
                break;
            case Roles.Coordinator when r.Scope is not null:
                if (!int.TryParse(r.Scope, out var binId) || !await db.Bins.AnyAsync(b => b.Id == binId, ct))
                    return Outcome<Result>.Fail("scope", "--scope for a Coordinator is the id of their BIN.");
                coordinatedBin = binId;
                break;
            default:
                if (r.Scope is not null) return Outcome<Result>.Fail("scope", $"Role {r.Role} takes no scope.");
                break;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded) return new Outcome<Result>.Invalid(new() { ["email"] = created.Errors.Select(x => x.Description).ToArray() });
        await EnsureRolesAsync(db, ct);
        await users.AddToRoleAsync(user, r.Role);
        if (coordinatedBin is { } bin)
        {
            var first = !await db.BinCoordinators.AnyAsync(c => c.BinId == bin, ct);
            db.BinCoordinators.Add(new BinCoordinator { BinId = bin, UserId = user.Id, IsPrimary = first });
        }
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var path = $"/Account/Confirm?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(token)}";
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = email, Kind = "AccountConfirmation", DedupKey = $"confirm:{user.Id}",
            Subject = "BinHub: bevestig uw account / confirmez votre compte / Konto bestätigen / confirm your account",
            Body = $"Open this link to confirm your e-mail address and choose a password: {r.PublicUrl.TrimEnd('/')}{path}",
            CreatedAt = clock.GetUtcNow(), DueAt = clock.GetUtcNow(),
        });
        AuditLog.Add(db, clock, actor, "Create", "User", user.Id, $"email={email}; role={r.Role}; scope={r.Scope}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(user.Id, path));
    }

    public static async Task EnsureRolesAsync(BinHubDb db, CancellationToken ct)
    {
        var existing = await db.Roles.Select(x => x.Name).ToListAsync(ct);
        foreach (var role in Roles.All.Except(existing!))
            db.Roles.Add(new IdentityRole(role!) { Id = role!, NormalizedName = role!.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A password that meets the rules, for generated demo accounts.</summary>
    public static string RandomPassword() =>
        "Bh-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=') + "7a";
}
