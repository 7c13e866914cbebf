using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Features.Phones;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Join;

/// <summary>
/// Online sign-up of a household (or, in a BIN-Z, a business). The member is stored as pending with unverified
/// channels; in the same transaction a 6-digit code goes to the mobile by SMS, a link to the e-mail address, and the
/// code is read aloud for a landline (audio rendered; the call itself comes later, so the landline stays
/// "unverified-voice"). The coordinator approves, unless the BIN approves automatically.
/// </summary>
public static class SignUp
{
    public sealed record Request(int BinId, string? Name, string? CompanyName, string? EnterpriseNumber, string? Street, string? HouseNumber,
        string? Language, string? Mobile, string? Landline, string? Email, Channels Channels, bool Consent, string? ConsentVersion);

    public sealed record Result(int MemberId, string? Mobile, string? Landline, string? Email);

    /// <summary>Fields of the first screen (who and where); the rest are on the second (how to reach you).</summary>
    public static readonly string[] FirstScreen = ["Name", "CompanyName", "EnterpriseNumber", "Street", "HouseNumber", "Language"];

    public static Errors Validate(Request r, Bin bin, IStringLocalizer L, DateTimeOffset now, out Member? member)
    {
        var phones = new[] { r.Mobile, r.Landline }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).ToList();
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
        var (e, m) = MemberRules.Check(new AddMember.Request(r.Name ?? "", r.CompanyName, r.Street ?? "", r.HouseNumber ?? "", phones, r.Email,
            r.Language ?? "", today), bin, L, now);
        // The shared rules report phones together; the form has a field per kind of phone.
        if (e.Items.Remove("Phones", out var phoneErrors))
        {
            if (phones.Count == 0) e.Add("Mobile", phoneErrors[0]);
            else foreach (var msg in phoneErrors) e.Add(PhoneNumber.ForHousehold(r.Mobile, L, out _) is not null || string.IsNullOrWhiteSpace(r.Mobile) ? "Landline" : "Mobile", msg);
        }
        PhoneNumber? mobile = null, landline = null;
        if (!string.IsNullOrWhiteSpace(r.Mobile) && PhoneNumber.TryParse(r.Mobile, out mobile, out _) && mobile!.Kind == PhoneKind.Landline)
            e.Add("Mobile", L["Join.NotAMobile"]);
        if (!string.IsNullOrWhiteSpace(r.Landline) && PhoneNumber.TryParse(r.Landline, out landline, out _) && landline!.Kind == PhoneKind.Mobile)
            e.Add("Landline", L["Join.NotALandline"]);
        string? enterprise = null;
        if (bin.Type == BinType.BinZ)
        {
            if (string.IsNullOrWhiteSpace(r.EnterpriseNumber)) e.Add("EnterpriseNumber", L["Validation.Required", L["Join.EnterpriseNumber"]]);
            else if (!EnterpriseNumber.TryParse(r.EnterpriseNumber, out var ten)) e.Add("EnterpriseNumber", L["Join.BadEnterpriseNumber"]);
            else enterprise = ten;
        }
        // The form ticks SMS, e-mail and web by default: a channel the applicant gave no number or address for is simply
        // left out (no error for leaving the e-mail empty), as long as one channel remains.
        var chosen = r.Channels & (Channels.Sms | Channels.Voice | Channels.Email | Channels.Web);
        var channels = chosen;
        if (mobile is null && string.IsNullOrWhiteSpace(r.Mobile)) channels &= ~Channels.Sms;
        if (mobile is null && landline is null && string.IsNullOrWhiteSpace(r.Mobile) && string.IsNullOrWhiteSpace(r.Landline)) channels &= ~Channels.Voice;
        if (string.IsNullOrWhiteSpace(r.Email)) channels &= ~Channels.Email;
        if (channels == Channels.None)
        {
            if (chosen.HasFlag(Channels.Sms)) e.Add("Channels", L["Join.SmsNeedsMobile"]);
            else if (chosen.HasFlag(Channels.Email)) e.Add("Channels", L["Join.EmailNeedsAddress"]);
            else if (chosen.HasFlag(Channels.Voice)) e.Add("Channels", L["Join.VoiceNeedsPhone"]);
            else e.Add("Channels", L["Validation.ChannelsRequired"]);
        }
        if (!r.Consent || r.ConsentVersion != AddMember.PrivacyNoticeVersion) e.Add("Consent", L["Join.ConsentRequired"]);
        member = null;
        if (e.Any) return e;
        member = m!;
        member.State = MemberState.Pending;
        member.ConsentOnPaper = false;
        member.ConsentAt = now;
        member.ConsentVersion = AddMember.PrivacyNoticeVersion;
        member.EnterpriseNumber = enterprise;
        member.UrgentChannels = channels;
        member.FeedbackChannels = channels;
        // Prevention tips are not urgent: not by voice call, and by SMS only if nothing else reaches the member.
        var prevention = channels & ~Channels.Voice;
        member.PreventionChannels = (prevention & (Channels.Email | Channels.Web)) != 0 ? prevention & ~Channels.Sms : prevention;
        return e;
    }

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, Request r, string publicUrl, string? ip, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == r.BinId && b.Status == BinStatus.Active, ct);
        if (bin is null) return new Outcome<Result>.NotFound();
        var now = clock.GetUtcNow();
        var e = Validate(r, bin, L, now, out var member);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);
        var mobile = member!.Phones.FirstOrDefault(p => p.IsMobile)?.Number;
        var landline = member.Phones.FirstOrDefault(p => !p.IsMobile)?.Number;
        foreach (var target in new[] { mobile, landline, member.Email }.OfType<string>())
            if (await OneTimeCodes.MaySendAsync(db, target, now, ct) != OneTimeCodes.Refusal.None)
                return Outcome<Result>.Fail(target == member.Email ? "Email" : target == mobile ? "Mobile" : "Landline", L["Code.TooMany"]);

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Members.Add(member);
            MemberHistory.Add(db, member, "Joined", now, details: "online sign-up");
            await db.SaveChangesAsync(ct);
            await MemberSignIn.EnsureAccountAsync(db, member, now, ct);
            if (mobile is not null) SendSecrets.SmsCode(db, L, member, mobile, CodePurpose.VerifyPhone, now);
            if (landline is not null) SendSecrets.VoiceCode(db, L, member, landline, now);
            if (member.Email is not null) SendSecrets.EmailLink(db, L, member, member.Email, CodePurpose.VerifyEmail, publicUrl, now);
            AuditLog.Add(db, clock, Actor.System("sign-up") with { IpAddress = ip }, "SignUp", nameof(Member), member.Id.ToString(), $"bin={bin.Id}; consent {member.ConsentVersion} online");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return (Outcome<Result>)new Outcome<Result>.Ok(new Result(member.Id, mobile, landline, member.Email));
        });
    }
}
