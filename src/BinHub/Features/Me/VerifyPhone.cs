using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// A member confirms one of the household's mobiles with the 6-digit code sent to it (after adding it), or asks for a
/// new code. Same rules as every code: 10 minutes, 5 tries then 15 minutes' wait, 3 codes per 15 minutes.
/// </summary>
public static class VerifyPhone
{
    public sealed record Request(string? Code);

    public static async Task<Outcome<GetMe.Phone>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int phoneId, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<GetMe.Phone>(db, clock, actor, "VerifyPhone", ct);
        if (m is null) return refusal!;
        var phone = m.Phones.FirstOrDefault(p => p.Id == phoneId);
        if (phone is null) return await AuditLog.NotFoundAsync<GetMe.Phone>(db, clock, MeScope.Pseudonymous(actor, m), "VerifyPhone", nameof(MemberPhone), phoneId.ToString(), ct);
        if (!phone.Verified)
        {
            // A mobile gets its code by SMS; a landline hears it in a call (or simply presses 1 during that call, see CallOutcomes).
            var now = clock.GetUtcNow();
            var check = await OneTimeCodes.CheckCodeAsync(db, phone.Number, CodePurpose.VerifyPhone, r.Code, now, ct);
            if (check.Result == OneTimeCodes.Result.Ok && check.MemberId != m.Id) check = check with { Result = OneTimeCodes.Result.Wrong };
            if (check.Result != OneTimeCodes.Result.Ok) return Outcome<GetMe.Phone>.Fail("Code", OneTimeCodes.Explain(L, check.Result, check.TriesLeft));
            OneTimeCodes.Proven(db, phone, now, phone.IsMobile ? "mobile by SMS code" : "landline by the code read in a call");
            AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "VerifyPhone", nameof(MemberPhone), phone.Id.ToString(), $"member={m.Id}");
            await db.SaveChangesAsync(ct);
        }
        return new Outcome<GetMe.Phone>.Ok(new GetMe.Phone(phone.Id, phone.Number, phone.IsMobile, phone.Verified, phone.VerifiedAt, phone.SmsOptOutAt != null, phone.VerificationState));
    }

    public static async Task<Outcome<bool>> ResendAsync(BinHubDb db, TimeProvider clock, Actor actor, int phoneId, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<bool>(db, clock, actor, "ResendPhoneCode", ct);
        if (m is null) return refusal!;
        var phone = m.Phones.FirstOrDefault(p => p.Id == phoneId && !p.Verified);
        if (phone is null) return await AuditLog.NotFoundAsync<bool>(db, clock, MeScope.Pseudonymous(actor, m), "ResendPhoneCode", nameof(MemberPhone), phoneId.ToString(), ct);
        var now = clock.GetUtcNow();
        var may = await OneTimeCodes.MaySendAsync(db, phone.Number, now, ct);
        if (may != OneTimeCodes.Refusal.None) return Outcome<bool>.Fail("Code", OneTimeCodes.Explain(L, may));
        if (phone.IsMobile) SendSecrets.SmsCode(db, L, m, phone.Number, CodePurpose.VerifyPhone, now);
        else SendSecrets.VoiceCode(db, L, m, phone.Number, now);
        await db.SaveChangesAsync(ct);
        return new Outcome<bool>.Ok(true);
    }
}
