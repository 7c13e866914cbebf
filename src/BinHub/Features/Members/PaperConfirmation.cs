using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// A mobile number written on a paper form (or in a CSV) is not proven: a typo would send alarms to a stranger. Each one
/// gets one SMS asking the household to answer "JA" (or OUI, YES) to confirm it — no sign-in, no code, an old phone is
/// enough — or STOP if it is a mistake. The reply verifies the number (see InboundSms).
/// </summary>
public static class PaperConfirmation
{
    public static void Ask(BinHubDb db, IStringLocalizer L, Member member, string binName, DateTimeOffset now)
    {
        foreach (var phone in member.Phones.Where(p => p.IsMobile && !p.Verified))
        {
            string body;
            using (new InLanguage(member.Language)) body = L["Paper.ConfirmSms", binName];
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Sms, Recipient = phone.Number, Subject = "", Body = body, Kind = "PaperConfirmation",
                DedupKey = $"paper-confirm:{phone.Number}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
            });
        }
    }

    /// <summary>
    /// A landline written on the form cannot answer an SMS: it gets a verification call ("press 1 to receive BIN alarms on
    /// this number", with a code the household may also key in). Once the member is saved (a code belongs to a member), in
    /// the same transaction. Without this a landline-only paper member would never be reached.
    /// </summary>
    public static void CallLandlines(BinHubDb db, IStringLocalizer L, Member member, DateTimeOffset now)
    {
        foreach (var phone in member.Phones.Where(p => !p.IsMobile && !p.Verified))
            Verification.SendSecrets.VoiceCode(db, L, member, phone.Number, now);
    }
}
