using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Features.Me;
using BinHub.Features.Members;

namespace BinHub.Features.Volunteering;

/// <summary>
/// What the programme sends to a household, always through the one sending queue in the caller's transaction: an e-mail
/// (when the address is confirmed) and an entry in the web inbox (when the household has an account) — never SMS or voice,
/// never as an alarm.
/// The web inbox lists the web-channel <see cref="Delivery"/> rows of the household; a call or an answer is put there as
/// such a row without a police message (MessageId null) carrying its own subject and body, with its own kind
/// (<see cref="CallKind"/>, <see cref="AnswerKind"/>). That is the smallest sound way: the dispatcher already hands over
/// web rows of service messages ("the row is the inbox entry"), erasure already masks rows by member, and no second inbox
/// table has to be read, paged and counted next to the first one (see <see cref="Messages.WebInbox"/>).
/// </summary>
public static class VolunteerNotices
{
    public const string CallKind = "VolunteerCall";
    public const string AnswerKind = "VolunteerAnswer";

    /// <summary>A text from strings.tsv, which has one line per key: its paragraphs are written there as a literal \n.</summary>
    public static string Lines(string text) => text.Replace("\\n", "\n");

    /// <summary>
    /// A call, as non-urgent news: the member's own rules for prevention messages decide per channel (channel chosen,
    /// holiday pause: skipped; quiet hours only defer ringing channels, which are never used here). Returns whether
    /// anything was queued.
    /// </summary>
    public static bool QueueCall(BinHubDb db, Member m, int callId, string subject, string body, DateTimeOffset now) =>
        Queue(db, m, CallKind, $"call:{callId}", subject, body, now, c => DeliveryRules.Decide(m, MessageType.Prevention, c, now));

    /// <summary>The publisher's answer to an application: asked for by the member's own action, so no preference holds it back.</summary>
    public static bool QueueAnswer(BinHubDb db, Member m, int applicationId, string subject, string body, DateTimeOffset now) =>
        Queue(db, m, AnswerKind, $"application:{applicationId}", subject, body, now, _ => DeliveryDecision.Send());

    private static bool Queue(BinHubDb db, Member m, string kind, string key, string subject, string body, DateTimeOffset now,
        Func<Channels, DeliveryDecision> decide)
    {
        var reach = MemberReach.Of(m);
        var queued = false;
        foreach (var (channel, recipient) in new[] { (Channels.Email, m.Email), (Channels.Web, m.UserId) })
        {
            if (recipient is null || !reach.HasFlag(channel)) continue;
            var decision = decide(channel);
            if (decision.Action == DeliveryAction.Skip) continue;
            Outgoing.Queue(db, new Delivery
            {
                Channel = channel, Recipient = recipient, MemberId = m.Id, Language = m.Language, Subject = subject, Body = body, Kind = kind,
                DedupKey = $"volunteering:{key}:{m.Id}:{channel}", CreatedAt = now, DueAt = decision.Until ?? now,
            });
            queued = true;
        }
        return queued;
    }
}
