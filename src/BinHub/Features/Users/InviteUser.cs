using System.Net.Mail;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Bins;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>
/// A police officer (in their zone) or the Kenniscentrum (everywhere) invites a coordinator for a BIN or a municipality
/// official for a municipality. The invitee gets an e-mail in their language with a one-use link valid for
/// <see cref="Validity"/>; only the link's hash is stored. A BIN or municipality outside the inviter's zone is "not found"
/// (audited). Inviting the same address to the same scope again replaces the pending invitation (a resend).
/// </summary>
public static class InviteUser
{
    public sealed record Request(string? Email, string? Role, int? BinId, string? MunicipalityNis, string? Language);

    public sealed record Result(int Id, string Email, string Role, string Scope, DateTimeOffset ExpiresAt);

    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L,
        string publicUrl, CancellationToken ct)
    {
        if (!(actor.IsNational || actor.IsOfficer)) return new Outcome<Result>.Forbidden(L["Invite.NotAllowed"]);
        var e = new Errors();
        var email = r.Email?.Trim() ?? "";
        if (email.Length is 0 or > 254 || !MailAddress.TryCreate(email, out _)) e.Add("Email", L["Validation.Email"]);
        if (r.Role is not (Roles.Coordinator or Roles.MunicipalityOfficial)) e.Add("Role", L["Validation.Required", L["Invite.Role"]]);
        if (r.Language is { Length: > 0 } lang && !Languages.IsValid(lang)) e.Add("Language", L["Validation.Invalid", L["Bin.Language"]]);
        if (r.Role == Roles.Coordinator && r.BinId is null) e.Add("BinId", L["Validation.Required", "BIN"]);
        if (r.Role == Roles.MunicipalityOfficial && string.IsNullOrWhiteSpace(r.MunicipalityNis)) e.Add("MunicipalityNis", L["Validation.Required", L["Bin.Municipality"]]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        // Every id the request names must be one the caller may act on, also the one its role does not use: a foreign id is
        // answered 404 (audited) rather than silently ignored, so a request never tells apart "ignored" from "not yours".
        if (r.Role == Roles.MunicipalityOfficial && r.BinId is { } namedBin
            && !(await db.Bins.Where(b => b.Id == namedBin).Select(b => (int?)b.PoliceZoneNumber).FirstOrDefaultAsync(ct) is { } binZone
                 && UpdateBin.MayAssignPeople(actor, binZone)))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "Invite", nameof(Bin), namedBin.ToString(), ct);
        if (r.Role == Roles.Coordinator && r.MunicipalityNis?.Trim() is { Length: > 0 } namedNis
            && !(await db.Municipalities.Where(x => x.Nis == namedNis && x.IsCurrent).Select(x => x.PoliceZoneNumber).FirstOrDefaultAsync(ct) is { } nisZone
                 && UpdateBin.MayAssignPeople(actor, nisZone)))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "Invite", nameof(Municipality), namedNis, ct);

        var invitation = new Invitation { Email = email.ToLowerInvariant(), Role = r.Role!, TokenHash = "", InvitedByUserId = actor.UserId, InvitedByName = actor.UserName };
        string scope;
        if (r.Role == Roles.Coordinator)
        {
            var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == r.BinId, ct);
            // Who may invite a coordinator is who may assign one (the same rule as the BIN's edit page and API).
            if (bin is null || !UpdateBin.MayAssignPeople(actor, bin.PoliceZoneNumber))
                return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "Invite", nameof(Bin), r.BinId.ToString(), ct);
            if (bin.Status == BinStatus.Dissolved) return new Outcome<Result>.Forbidden(L["Error.BinDissolved"]);
            (invitation.BinId, invitation.ZoneNumber, invitation.Language, scope) = (bin.Id, bin.PoliceZoneNumber, bin.Language, bin.Name);
        }
        else
        {
            var nis = r.MunicipalityNis!.Trim();
            var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Nis == nis && x.IsCurrent, ct);
            if (m?.PoliceZoneNumber is not { } zone || !UpdateBin.MayAssignPeople(actor, zone))
                return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "Invite", nameof(Municipality), nis, ct);
            (invitation.MunicipalityNis, invitation.ZoneNumber, scope) = (m.Nis, zone, m.Name(Languages.Current));
            // Without a choice on the form: French in Wallonia (region 03000), Dutch elsewhere; the inviter can pick another.
            invitation.Language = m.RegionCode == "03000" ? "fr" : "nl";
            // An account has one municipality: an official of another one is refused clearly rather than silently moved.
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant() && u.MunicipalityNis != null && u.MunicipalityNis != m.Nis, ct))
                return Outcome<Result>.Fail("Email", L["Invite.OtherMunicipality"]);
        }
        if (r.Language is { Length: > 0 } chosen) invitation.Language = chosen;

        var now = clock.GetUtcNow();
        var token = TokenSecrets.NewSecret();
        (invitation.TokenHash, invitation.CreatedAt, invitation.ExpiresAt) = (TokenSecrets.Hash(token), now, now + Validity);
        // A second invitation to the same address and scope replaces the one still pending (its link stops working).
        await foreach (var old in Pending(db.Invitations, now).Where(i => i.Email == invitation.Email && i.Role == invitation.Role
                           && i.BinId == invitation.BinId && i.MunicipalityNis == invitation.MunicipalityNis).AsAsyncEnumerable().WithCancellation(ct))
            old.RevokedAt = now;
        db.Invitations.Add(invitation);
        QueueMail(db, L, invitation, scope, $"{publicUrl.TrimEnd('/')}/Account/Invitation?t={token}", now);
        await AuditLog.SaveNewAsync(db, clock, actor, "Invite", nameof(Invitation), () => invitation.Id.ToString(),
            $"email={invitation.Email}; role={invitation.Role}; bin={invitation.BinId}; municipality={invitation.MunicipalityNis}", ct);
        return new Outcome<Result>.Ok(new Result(invitation.Id, invitation.Email, invitation.Role, scope, invitation.ExpiresAt));
    }

    public static IQueryable<Invitation> Pending(IQueryable<Invitation> all, DateTimeOffset now) =>
        all.Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now);

    private static void QueueMail(BinHubDb db, IStringLocalizer L, Invitation i, string scope, string link, DateTimeOffset now)
    {
        string subject, body;
        using (new InLanguage(i.Language))
        {
            var role = i.Role == Roles.Coordinator ? L["Invite.AsCoordinator", scope] : L["Invite.AsOfficial", scope];
            subject = L["Invite.MailSubject"];
            body = L["Invite.MailBody", i.InvitedByName, role, link, BrusselsTime.Format(i.ExpiresAt)];
        }
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = i.Email, Language = i.Language, Subject = subject, Body = body, Kind = "Invitation",
            DedupKey = $"invite:{i.Email}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
        });
    }
}
