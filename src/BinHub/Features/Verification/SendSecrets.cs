using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Verification;

/// <summary>
/// Writes a one-time code or link to the outbox, in the member's language, in the caller's transaction (the code row
/// and its message are saved together: a code is never stored without being sent, nor sent without being stored).
/// </summary>
public static class SendSecrets
{
    public static void SmsCode(BinHubDb db, IStringLocalizer L, Member member, string mobile, CodePurpose purpose, DateTimeOffset now)
    {
        var code = OneTimeCodes.Issue(db, member, purpose, OutboxChannel.Sms, mobile, now);
        string body;
        using (new InLanguage(member.Language)) body = L["Code.Sms", code];
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Sms, Recipient = mobile, Language = member.Language, Body = body, Kind = $"Code{purpose}",
            DedupKey = $"code:{purpose}:{mobile}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
        });
    }

    /// <summary>The code read aloud, digit by digit, twice: for landlines (the call leg comes later; the audio is rendered now).</summary>
    public static void VoiceCode(BinHubDb db, IStringLocalizer L, Member member, string phone, DateTimeOffset now)
    {
        var code = OneTimeCodes.Issue(db, member, CodePurpose.VerifyPhone, OutboxChannel.Voice, phone, now);
        var spoken = string.Join(", ", code.ToCharArray());
        string body;
        using (new InLanguage(member.Language)) body = L["Code.Voice", spoken];
        Outgoing.Queue(db, new Delivery
        {
            // Subject: the code itself, for the verification call's script (CallScript.ForVerification); Body: the text as read.
            Channel = Channels.Voice, Recipient = phone, Language = member.Language, Subject = code, Body = body, Kind = "CodeVerifyPhone",
            DedupKey = $"code:voice:{phone}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
        });
    }

    /// <summary>A link that confirms the address (and signs the member in): one use, 24 hours.</summary>
    public static void EmailLink(BinHubDb db, IStringLocalizer L, Member member, string email, CodePurpose purpose, string publicUrl, DateTimeOffset now)
    {
        var secret = OneTimeCodes.Issue(db, member, purpose, OutboxChannel.Email, email, now);
        var link = $"{publicUrl.TrimEnd('/')}/Account/Link?t={secret}";
        string subject, body;
        using (new InLanguage(member.Language))
        {
            subject = purpose == CodePurpose.SignIn ? L["Code.SignInSubject"] : L["Code.VerifyEmailSubject"];
            body = purpose == CodePurpose.SignIn ? L["Code.SignInBody", link] : L["Code.VerifyEmailBody", link];
        }
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = email, Language = member.Language, Subject = subject, Body = body, Kind = $"Link{purpose}",
            DedupKey = $"link:{purpose}:{email}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
        });
    }
}
