using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Features.Members;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Succession;

/// <summary>
/// The BIN's mandated officer (or an officer of its zone) confirms a volunteer as coordinator, or declines the offer with
/// a reason. Confirming gives the volunteer a Coordinator account (a new one, or the existing account with their e-mail
/// address), makes them coordinator of the BIN and ends the vacancy; they are invited by e-mail to choose a password and,
/// at their first sign-in, to set up a second factor (the two-factor gate enforces it for coordinators).
/// Other open offers stay open: a BIN may have several coordinators.
/// </summary>
public static class ConfirmCoordinator
{
    public const int MaxReason = 500;

    public sealed record Result(int VolunteerId, string UserId, bool NewAccount, bool IsPrimary);

    public sealed record DeclineRequest(string? Reason);

    /// <summary>The API's answer to a decline: the volunteer's state after it.</summary>
    public sealed record Declined(VolunteerState State);

    public static async Task<Outcome<Result>> ConfirmAsync(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, Actor actor, int binId,
        int volunteerId, string publicUrl, IStringLocalizer L, CancellationToken ct)
    {
        var (bin, offer) = await LoadAsync(db, binId, volunteerId, ct);
        if (bin is null || offer is null || !Vacancy.MayDecide(actor, bin))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "ConfirmCoordinator", nameof(CoordinatorVolunteer), volunteerId.ToString(), ct);
        if (offer.State != VolunteerState.Open) return Outcome<Result>.Fail("volunteer", L["Succession.NotOpen"]);
        var member = offer.Member!;
        if (member.State != MemberState.Active || member.ErasedAt is not null) return Outcome<Result>.Fail("volunteer", L["Succession.NotActiveMember"]);
        if (string.IsNullOrWhiteSpace(member.Email)) return Outcome<Result>.Fail("volunteer", L["Succession.NeedsEmail"]);
        var email = member.Email.Trim();

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AddUser.EnsureRolesAsync(db, ct);
        var user = await users.FindByEmailAsync(email);
        var isNew = user is null;
        if (user is null)
        {
            user = new AppUser
            {
                UserName = email, Email = email, DisplayName = member.Name, Language = member.Language, CreatedAt = now, LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded) return new Outcome<Result>.Invalid(new() { ["volunteer"] = created.Errors.Select(x => x.Description).ToArray() });
        }
        else if (bin.Coordinators.Any(c => c.UserId == user.Id))
        {
            return Outcome<Result>.Fail("volunteer", L["Succession.AlreadyCoordinator"]);
        }
        if (!await users.IsInRoleAsync(user, Roles.Coordinator))
        {
            var added = await users.AddToRoleAsync(user, Roles.Coordinator);
            if (!added.Succeeded) return new Outcome<Result>.Invalid(new() { ["volunteer"] = added.Errors.Select(x => x.Description).ToArray() });
        }

        var primary = !bin.Coordinators.Any(c => c.IsPrimary);
        bin.Coordinators.Add(new BinCoordinator { BinId = bin.Id, UserId = user.Id, IsPrimary = primary });
        bin.CoordinatorVacantSince = null;
        bin.VacancyReminderSentAt = null;
        bin.UpdatedAt = now;
        offer.State = VolunteerState.Confirmed;
        offer.DecidedAt = now;
        offer.DecidedBy = actor.UserName;
        MemberHistory.Add(db, member.Id, "ConfirmedAsCoordinator", now, actor.UserName);

        // A new account (or one that never chose a password, e.g. a member's passwordless account) gets the
        // confirmation link that lets them choose one; an existing staff account is told to sign in.
        var site = publicUrl.TrimEnd('/');
        string link, bodyKey;
        if (isNew || !await users.HasPasswordAsync(user))
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            link = $"{site}/Account/Confirm?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(token)}";
            bodyKey = "Succession.InviteBody";
        }
        else
        {
            link = $"{site}/Account/Login";
            bodyKey = "Succession.AppointedBody";
        }
        string subject, body;
        using (new InLanguage(member.Language))
        {
            subject = L["Succession.InviteSubject", bin.Name];
            body = L[bodyKey, bin.Name, link];
        }
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = email, Subject = subject, Body = body, Kind = "CoordinatorInvitation",
            DedupKey = $"coordinator-invite:{bin.Id}:{user.Id}:{now.UtcTicks}", CreatedAt = now, DueAt = now,
        });
        if (isNew) AuditLog.Add(db, clock, actor, "Create", "User", user.Id, $"role={Roles.Coordinator}; volunteer={offer.Id}");
        AuditLog.Add(db, clock, actor, "ConfirmCoordinator", nameof(CoordinatorVolunteer), offer.Id.ToString(),
            $"bin={bin.Id}; user={user.Id}; new account={isNew}; primary={primary}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(offer.Id, user.Id, isNew, primary));
    }

    public static async Task<Outcome<VolunteerState>> DeclineAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, int volunteerId, DeclineRequest r,
        IStringLocalizer L, CancellationToken ct)
    {
        var (bin, offer) = await LoadAsync(db, binId, volunteerId, ct);
        if (bin is null || offer is null || !Vacancy.MayDecide(actor, bin))
            return await AuditLog.NotFoundAsync<VolunteerState>(db, clock, actor, "DeclineVolunteer", nameof(CoordinatorVolunteer), volunteerId.ToString(), ct);
        var reason = r.Reason?.Trim() ?? "";
        if (reason.Length == 0) return Outcome<VolunteerState>.Fail("reason", L["Succession.ReasonRequired"]);
        if (reason.Length > MaxReason) return Outcome<VolunteerState>.Fail("reason", L["Succession.ReasonTooLong", MaxReason]);
        if (offer.State != VolunteerState.Open) return Outcome<VolunteerState>.Fail("volunteer", L["Succession.NotOpen"]);

        var now = clock.GetUtcNow();
        offer.State = VolunteerState.Declined;
        offer.DecidedAt = now;
        offer.DecidedBy = actor.UserName;
        var member = offer.Member!;
        // The reason goes to the member, not into their history: free text may name people.
        MemberHistory.Add(db, member.Id, "VolunteerDeclined", now, actor.UserName);
        if (member.ErasedAt is null) MemberMessages.Notify(db, member, L, "VolunteerDeclined", "Succession.DeclinedSubject", "Succession.DeclinedBody", now, bin.Name, reason);
        AuditLog.Add(db, clock, actor, "DeclineVolunteer", nameof(CoordinatorVolunteer), offer.Id.ToString(), $"bin={bin.Id}");
        await db.SaveChangesAsync(ct);
        return new Outcome<VolunteerState>.Ok(offer.State);
    }

    private static async Task<(Bin? Bin, CoordinatorVolunteer? Offer)> LoadAsync(BinHubDb db, int binId, int volunteerId, CancellationToken ct)
    {
        var bin = await db.Bins.Include(b => b.Coordinators).FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null) return (null, null);
        var offer = await db.CoordinatorVolunteers.Include(v => v.Member).ThenInclude(m => m!.Phones)
            .FirstOrDefaultAsync(v => v.Id == volunteerId && v.BinId == binId, ct);
        return (bin, offer);
    }
}
