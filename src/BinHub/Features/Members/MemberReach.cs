using System.Linq.Expressions;
using BinHub.Domain;

namespace BinHub.Features.Members;

/// <summary>
/// When a member counts as reachable over a channel: one definition for the member list's filter and the BIN's
/// reach counts, as expressions EF translates on SQLite and PostgreSQL alike. A number nobody verified does not
/// count: we do not know it rings at that household.
/// </summary>
public static class MemberReach
{
    /// <summary>
    /// Reachable over at least one of <paramref name="channels"/>: Sms = a verified mobile that did not send STOP; Voice = any
    /// verified phone; Email = a confirmed address or one written on the signed paper form; Web = has a sign-in account.
    /// </summary>
    public static Expression<Func<Member, bool>> ByAny(Channels channels)
    {
        bool sms = channels.HasFlag(Channels.Sms), voice = channels.HasFlag(Channels.Voice), email = channels.HasFlag(Channels.Email),
            web = channels.HasFlag(Channels.Web);
        return m => (sms && m.Phones.Any(p => p.IsMobile && p.Verified && p.SmsOptOutAt == null))
                    || (voice && m.Phones.Any(p => p.Verified))
                    || (email && (m.EmailVerifiedAt != null || (m.ConsentOnPaper && m.Email != null)))
                    || (web && m.UserId != null);
    }

    public static readonly Expression<Func<Member, bool>> Sms = ByAny(Channels.Sms);
    public static readonly Expression<Func<Member, bool>> Voice = ByAny(Channels.Voice);
    public static readonly Expression<Func<Member, bool>> Email = ByAny(Channels.Email);
    public static readonly Expression<Func<Member, bool>> Web = ByAny(Channels.Web);

    /// <summary>Every phone verified (members without a phone included).</summary>
    public static readonly Expression<Func<Member, bool>> AllPhonesVerified = m => !m.Phones.Any(p => !p.Verified);

    public static readonly Expression<Func<Member, bool>> SomePhoneUnverified = m => m.Phones.Any(p => !p.Verified);

    /// <summary>On holiday pause on <paramref name="day"/> (a Brussels date), first and last day included.</summary>
    public static Expression<Func<Member, bool>> PausedOn(DateOnly day) =>
        m => m.PausedFrom != null && m.PausedUntil != null && m.PausedFrom <= day && m.PausedUntil >= day;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Infrastructure.BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);
}
