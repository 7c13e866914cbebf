using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Features.Members;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Join;

/// <summary>
/// A member proves a channel: the SMS code typed on the last sign-up screen, or the e-mail link followed. The first
/// proof of a pending member either activates it (BIN with auto-approval) or tells the coordinators a request waits.
/// </summary>
public static class Verify
{
    public sealed record Verified(Member Member, OneTimeCodes.Result Result, int TriesLeft);

    public static async Task<Verified?> PhoneAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, int memberId, string? typed, CancellationToken ct)
    {
        var member = await db.Members.Include(m => m.Phones).Include(m => m.Bin).FirstOrDefaultAsync(m => m.Id == memberId && m.ErasedAt == null, ct);
        var phone = member?.Phones.FirstOrDefault(p => p.IsMobile && !p.Verified) ?? member?.Phones.FirstOrDefault(p => p.IsMobile);
        if (member is null || phone is null) return null;
        var now = clock.GetUtcNow();
        var check = await OneTimeCodes.CheckCodeAsync(db, phone.Number, CodePurpose.VerifyPhone, typed, now, ct);
        if (check.Result == OneTimeCodes.Result.Ok && check.MemberId != member.Id)
            check = check with { Result = OneTimeCodes.Result.Wrong }; // a code sent to the same number for another household
        if (check.Result != OneTimeCodes.Result.Ok) return new Verified(member, check.Result, check.TriesLeft);
        OneTimeCodes.Proven(db, phone, now, "mobile by SMS code");
        await AfterProofAsync(db, L, member, now, ct);
        await db.SaveChangesAsync(ct);
        return new Verified(member, OneTimeCodes.Result.Ok, check.TriesLeft);
    }

    /// <summary>Follows an e-mail link: confirms the address (verify link) and, either way, names the member to sign in.</summary>
    public static async Task<Verified?> LinkAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string? secret, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var check = await OneTimeCodes.CheckLinkAsync(db, secret, now, ct);
        if (check.MemberId == 0) return null;
        var member = await db.Members.Include(m => m.Phones).Include(m => m.Bin).FirstOrDefaultAsync(m => m.Id == check.MemberId && m.ErasedAt == null, ct);
        if (member is null || member.State is MemberState.Left or MemberState.Refused) return null;
        if (check.Result != OneTimeCodes.Result.Ok) return new Verified(member, check.Result, 0);
        var code = await db.VerificationCodes.FirstAsync(c => c.Id == check.CodeId, ct);
        if (member.Email == code.Target && member.EmailVerifiedAt is null)
        {
            // Following any link sent to the address proves it, sign-in links included.
            member.EmailVerifiedAt = now;
            MemberHistory.Add(db, member.Id, "Verified", now, details: "e-mail by link");
            await AfterProofAsync(db, L, member, now, ct);
        }
        await db.SaveChangesAsync(ct);
        return new Verified(member, OneTimeCodes.Result.Ok, 0);
    }

    private static async Task AfterProofAsync(BinHubDb db, IStringLocalizer L, Member member, DateTimeOffset now, CancellationToken ct)
    {
        if (member.State != MemberState.Pending) return;
        var bin = member.Bin ?? await db.Bins.FirstAsync(b => b.Id == member.BinId, ct);
        if (bin.AutoApproveMembers)
        {
            member.State = MemberState.Active;
            member.DecidedAt = now;
            member.DecidedBy = "auto-approval";
            MemberHistory.Add(db, member.Id, "Approved", now, "auto-approval");
            MemberMessages.Notify(db, member, L, "MemberWelcome", "Join.WelcomeSubject", "Join.WelcomeBody", now, bin.Name);
            return;
        }
        // One notice per request, whatever the number of channels proven; no personal data in the e-mail.
        var key = $"pending-member:{member.Id}";
        if (await db.Deliveries.AnyAsync(o => o.DedupKey!.StartsWith(key), ct)) return;
        var coordinators = await db.BinCoordinators.Where(c => c.BinId == bin.Id && c.User!.Email != null)
            .Select(c => new { c.User!.Email, c.User.Language }).ToListAsync(ct);
        foreach (var c in coordinators)
        {
            string subject, body;
            using (new InLanguage(c.Language ?? bin.Language))
            {
                subject = L["Join.PendingSubject", bin.Name];
                body = L["Join.PendingBody", bin.Name, $"/Registry/Members/{bin.Id}"];
            }
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = c.Email!, Subject = subject, Body = body, Kind = "PendingMember",
                DedupKey = $"{key}:{c.Email}", CreatedAt = now, DueAt = now,
            });
        }
    }
}
