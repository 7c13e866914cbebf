using System.Net.Mail;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Features.Phones;
using BinHub.Features.Verification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Join;

/// <summary>
/// Passwordless sign-in of a member: a mobile number gets a 6-digit code by SMS, an e-mail address a one-use link. The
/// answer is the same whether or not the number or address is known, so nobody can probe who is a member. Receiving
/// the code on a number also proves that number (paper members sign in for the first time this way).
/// </summary>
public static class RequestSignIn
{
    public enum Sent { Code, Link }

    public sealed record Result(Sent Kind, string Target);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string? input, string publicUrl, CancellationToken ct)
    {
        var text = input?.Trim() ?? "";
        var now = clock.GetUtcNow();
        if (text.Contains('@'))
        {
            if (text.Length > 254 || !MailAddress.TryCreate(text, out _)) return Outcome<Result>.Fail("Address", L["Validation.Email"]);
            var lower = text.ToLowerInvariant();
            if (await OneTimeCodes.MaySendAsync(db, lower, now, ct) != OneTimeCodes.Refusal.None) return Outcome<Result>.Fail("Address", L["Code.TooMany"]);
            var member = await Candidates(db).Where(m => m.Email != null && m.Email.ToLower() == lower).OrderByDescending(m => m.State == MemberState.Active).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
            if (member is not null)
            {
                SendSecrets.EmailLink(db, L, member, member.Email!, CodePurpose.SignIn, publicUrl, now);
                await db.SaveChangesAsync(ct);
            }
            return new Outcome<Result>.Ok(new Result(Sent.Link, lower));
        }
        if (!PhoneNumber.TryParse(text, out var phone, out _)) return Outcome<Result>.Fail("Address", L["Join.SignInInput"]);
        if (phone!.Kind == PhoneKind.Landline) return Outcome<Result>.Fail("Address", L["Join.SignInLandline"]);
        if (await OneTimeCodes.MaySendAsync(db, phone.E164, now, ct) != OneTimeCodes.Refusal.None) return Outcome<Result>.Fail("Address", L["Code.TooMany"]);
        var holder = await Candidates(db).Where(m => m.Phones.Any(p => p.Number == phone.E164 && p.IsMobile))
            .OrderByDescending(m => m.State == MemberState.Active).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        if (holder is not null)
        {
            SendSecrets.SmsCode(db, L, holder, phone.E164, CodePurpose.SignIn, now);
            await db.SaveChangesAsync(ct);
        }
        return new Outcome<Result>.Ok(new Result(Sent.Code, phone.E164));
    }

    private static IQueryable<Member> Candidates(BinHubDb db) =>
        db.Members.Where(m => m.ErasedAt == null && (m.State == MemberState.Active || m.State == MemberState.Pending));

    /// <summary>Checks the typed code; on success the number counts as verified and the member's account is ready.</summary>
    public static async Task<(OneTimeCodes.Result Result, int TriesLeft, string? UserId)> CheckCodeAsync(BinHubDb db, TimeProvider clock, string target, string? typed, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var check = await OneTimeCodes.CheckCodeAsync(db, target, CodePurpose.SignIn, typed, now, ct);
        if (check.Result != OneTimeCodes.Result.Ok) return (check.Result, check.TriesLeft, null);
        var member = await db.Members.Include(m => m.Phones).FirstAsync(m => m.Id == check.MemberId, ct);
        foreach (var p in member.Phones.Where(p => p.Number == target && !p.Verified))
            OneTimeCodes.Proven(db, p, now, "mobile by sign-in code");
        await db.SaveChangesAsync(ct);
        return (OneTimeCodes.Result.Ok, check.TriesLeft, await MemberSignIn.EnsureAccountAsync(db, member, now, ct));
    }
}
