using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// Service messages to one member (approval, refusal, confirmations), always in the member's language, written to
/// the outbox in the caller's transaction: by e-mail when the member has an address, and by SMS to every mobile that
/// did not send STOP (many members have no e-mail). Alerts to whole BINs are a different path (dispatch).
/// </summary>
public static class MemberMessages
{
    /// <param name="subjectKey">Resource key of the e-mail subject.</param>
    /// <param name="bodyKey">Resource key of the text; it should stay short enough for one or two SMS.</param>
    public static int Notify(BinHubDb db, Member member, IStringLocalizer L, string kind, string subjectKey, string bodyKey, DateTimeOffset now,
        params object[] args)
    {
        string subject, body;
        using (new InLanguage(member.Language))
        {
            subject = L[subjectKey, args];
            body = L[bodyKey, args];
        }
        var count = 0;
        var stamp = now.UtcTicks;
        if (!string.IsNullOrEmpty(member.Email))
        {
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = member.Email, Subject = subject, Body = body, Kind = kind,
                DedupKey = $"{kind}:{member.Id}:email:{stamp}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
            });
            count++;
        }
        foreach (var phone in member.Phones.Where(p => p.IsMobile && p.SmsOptOutAt is null))
        {
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Sms, Recipient = phone.Number, Subject = "", Body = body, Kind = kind,
                DedupKey = $"{kind}:{member.Id}:sms:{phone.Number}:{stamp}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = now,
            });
            count++;
        }
        return count;
    }
}

/// <summary>The member's history as the coordinator sees it. Details never hold personal data (they survive erasure).</summary>
public static class MemberHistory
{
    public static void Add(BinHubDb db, int memberId, string kind, DateTimeOffset now, string? byName = null, string? details = null) =>
        db.MemberEvents.Add(new MemberEvent { MemberId = memberId, Kind = kind, At = now, ByName = byName, Details = details });

    /// <summary>Works for a member not saved yet: EF fills in the key when both rows are written.</summary>
    public static void Add(BinHubDb db, Member member, string kind, DateTimeOffset now, string? byName = null, string? details = null) =>
        db.MemberEvents.Add(new MemberEvent { Member = member, Kind = kind, At = now, ByName = byName, Details = details });
}
