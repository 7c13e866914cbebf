using System.Net.Mail;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Join;

/// <summary>
/// "No BIN here yet": a resident asks the local police to start one. The request goes by e-mail (outbox) to the police
/// officers of the municipality's zone, in each officer's language, or to the Kenniscentrum when the zone has nobody on
/// BinHub yet. Nothing else is stored: the requester's contact details travel only to the people who will call back.
/// </summary>
public static class RequestBin
{
    public sealed record Request(string? MunicipalityNis, string? Name, string? Email, string? Phone, string? Street, string? Message);

    public sealed record Result(int Recipients);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, Request r, string? ip, CancellationToken ct)
    {
        var e = new Errors();
        var muni = string.IsNullOrWhiteSpace(r.MunicipalityNis) ? null
            : await db.Municipalities.FirstOrDefaultAsync(m => m.Nis == r.MunicipalityNis && m.IsCurrent, ct);
        if (muni is null) e.Add("MunicipalityNis", L["Validation.Required", L["Bin.Municipality"]]);
        var name = r.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200 || name.Any(char.IsControl) || name.Contains('<')) e.Add("Name", L["Validation.Invalid", L["Member.Name"]]);
        var email = string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim();
        if (email is not null && (email.Length > 254 || !MailAddress.TryCreate(email, out _))) e.Add("Email", L["Validation.Email"]);
        PhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(r.Phone) && !PhoneNumber.TryParse(r.Phone, out phone, out _))
            e.Add("Phone", L["Validation.PhoneNumber", r.Phone.Length > 40 ? r.Phone[..40] : r.Phone]);
        if (email is null && string.IsNullOrWhiteSpace(r.Phone)) e.Add("Email", L["Validation.PhoneOrEmail"]);
        var street = r.Street?.Trim() ?? "";
        if (street.Length > 120 || street.Contains('<')) e.Add("Street", L["Validation.Invalid", L["Member.Street"]]);
        var message = r.Message?.Trim() ?? "";
        if (message.Length > 1000) e.Add("Message", L["Validation.MaxLength", L["RequestBin.Message"], 1000]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        var officers = await db.Users.Where(u => u.PoliceZoneNumber == muni!.PoliceZoneNumber && u.Email != null && u.EmailConfirmed
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(x => x.Id == ur.RoleId && x.Name == Roles.PoliceOfficer)))
            .Select(u => new { u.Email, u.Language }).ToListAsync(ct);
        if (officers.Count == 0)
            officers = await db.Users.Where(u => u.Email != null && u.EmailConfirmed
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(x => x.Id == ur.RoleId && x.Name == Roles.KenniscentrumAdmin)))
                .Select(u => new { u.Email, u.Language }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var key = Guid.NewGuid().ToString("N");
        foreach (var o in officers)
        {
            string subject, body;
            using (new InLanguage(o.Language ?? "nl"))
            {
                subject = L["RequestBin.MailSubject", muni!.Name(Languages.Current)];
                body = L["RequestBin.MailBody", muni.Name(Languages.Current), name, email ?? "—", phone?.E164 ?? "—", street.Length > 0 ? street : "—",
                    message.Length > 0 ? message : "—"];
            }
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = o.Email!, Subject = subject, Body = body, Kind = "BinRequest",
                DedupKey = $"bin-request:{key}:{o.Email}", CreatedAt = now, DueAt = now,
            });
        }
        AuditLog.Add(db, clock, Actor.System("bin-request") with { IpAddress = ip }, "RequestBin", nameof(Municipality), muni!.Nis, $"{officers.Count} recipients");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(officers.Count));
    }
}
