using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// A household adds a phone (e.g. the second partner's mobile). It starts unverified: it carries no SMS or voice
/// alarm until the member confirms the code sent to it: by SMS to a mobile, read aloud for a landline (audio rendered; the call
/// comes later, so a landline stays "unverified-voice"). At most five phones per household.
/// </summary>
public static class AddPhone
{
    public const int MaxPhones = 5;

    public sealed record Request(string Number);

    public static async Task<Outcome<GetMe.Phone>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<GetMe.Phone>(db, clock, actor, "AddPhone", ct);
        if (m is null) return refusal!;
        var number = PhoneNumber.ForHousehold(r.Number, L, out var error);
        if (number is null) return Outcome<GetMe.Phone>.Fail("Number", error!);
        if (m.Phones.Any(p => p.Number == number.E164)) return Outcome<GetMe.Phone>.Fail("Number", L["Me.PhoneKnown"]);
        if (m.Phones.Count >= MaxPhones) return Outcome<GetMe.Phone>.Fail("Number", L["Me.PhonesMax", MaxPhones]);

        var now = clock.GetUtcNow();
        var phone = new MemberPhone { Number = number.E164, IsMobile = number.Kind == PhoneKind.Mobile };
        m.Phones.Add(phone);
        m.UpdatedAt = now;
        MemberHistory.Add(db, m.Id, "PhoneAdded", now, null, $"{(phone.IsMobile ? "mobile" : "landline")} phone added by the member, unverified");
        await AuditLog.SaveNewAsync(db, clock, MeScope.Pseudonymous(actor, m), "AddPhone", nameof(MemberPhone), () => phone.Id.ToString(), $"member={m.Id}", ct);
        // The code follows the number at once; when too many codes went to it lately, "send a new code" works later.
        if (await Verification.OneTimeCodes.MaySendAsync(db, phone.Number, now, ct) == Verification.OneTimeCodes.Refusal.None)
        {
            if (phone.IsMobile) Verification.SendSecrets.SmsCode(db, L, m, phone.Number, CodePurpose.VerifyPhone, now);
            else Verification.SendSecrets.VoiceCode(db, L, m, phone.Number, now);
            await db.SaveChangesAsync(ct);
        }
        return new Outcome<GetMe.Phone>.Ok(new GetMe.Phone(phone.Id, phone.Number, phone.IsMobile, false, null, false, phone.VerificationState));
    }
}
