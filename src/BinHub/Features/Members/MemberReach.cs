using System.Linq.Expressions;
using BinHub.Domain;

namespace BinHub.Features.Members;

/// <summary>
/// When a member is reachable over a channel — the one definition behind every count, filter, preference check and plan.
/// It is the planner's own rule: a count that says "reachable by e-mail: 40" must mean 40 e-mails when an alarm goes out
/// to those households with every channel in the plan and chosen. It comes in three forms, written next to each other
/// below because they must say the same thing, and held together by <c>MemberReachTests</c> (a matrix of members
/// in a real database, on both providers, against the planner and, on PostgreSQL, the alarm's SQL):
/// <list type="bullet">
/// <item><see cref="Of"/> in memory: the planner, failover, the member's preferences and phone removal;</item>
/// <item><see cref="ByAny"/> as an EF expression: the member list's filter, the CSV export, the BIN's reach counts;</item>
/// <item><see cref="SmsSql"/> and its neighbours as SQL: <c>AlarmPlan</c>'s national INSERT … SELECT.</item>
/// </list>
/// The rule per channel:
/// <list type="bullet">
/// <item>SMS: a verified mobile that did not send STOP. A number nobody verified does not count: we do not know it rings
///   at that household, and a typo on a paper form would send alarms to a stranger (<see cref="PaperConfirmation"/>).</item>
/// <item>Voice: any verified phone, landline or mobile (the planner calls the landlines, or the mobiles when the household
///   has no verified landline). STOP is an SMS keyword; it does not stop calls.</item>
/// <item>E-mail: a confirmed address (a link sent to it was followed). An address written on a signed paper form is
///   consented to but not proven to reach the household — it is copied by hand, and nothing is ever sent to it to check
///   (the paper confirmation asks mobiles only). The planner has never sent alarms to such an address, so it does not
///   count here either; it becomes reachable the day the member follows a link sent to it (sign-in or confirmation).</item>
/// <item>Web: the household has a sign-in account; without one there is no inbox to read the message in.</item>
/// </list>
/// Reachability is only the channel's side: whether a member receives a given message also depends on the member being
/// active, not on holiday pause, having chosen the channel and the BIN's plan including it (<c>Planner</c>,
/// <c>DeliveryRules</c>).
/// </summary>
public static class MemberReach
{
    // ---- In memory -------------------------------------------------------------------------------------------------

    /// <summary>A phone that carries SMS: verified, mobile, no STOP.</summary>
    public static bool CarriesSms(MemberPhone p) => p.IsMobile && p.Verified && p.SmsOptOutAt is null;

    /// <summary>A phone that can be called: verified (landline or mobile).</summary>
    public static bool CarriesVoice(MemberPhone p) => p.Verified;

    public static bool HasConfirmedEmail(Member m) => m.Email is not null && m.EmailVerifiedAt is not null;

    public static bool HasInbox(Member m) => m.UserId is not null;

    /// <summary>The channels on which <paramref name="m"/> can be reached (its <see cref="Member.Phones"/> loaded).</summary>
    public static Channels Of(Member m) =>
        (m.Phones.Any(CarriesSms) ? Channels.Sms : Channels.None)
        | (m.Phones.Any(CarriesVoice) ? Channels.Voice : Channels.None)
        | (HasConfirmedEmail(m) ? Channels.Email : Channels.None)
        | (HasInbox(m) ? Channels.Web : Channels.None);

    // ---- As an EF expression (SQLite and PostgreSQL) -----------------------------------------------------------------

    /// <summary>Reachable over at least one of <paramref name="channels"/>: the same rule as <see cref="Of"/>, translated by EF.</summary>
    public static Expression<Func<Member, bool>> ByAny(Channels channels)
    {
        bool sms = channels.HasFlag(Channels.Sms), voice = channels.HasFlag(Channels.Voice), email = channels.HasFlag(Channels.Email),
            web = channels.HasFlag(Channels.Web);
        return m => (sms && m.Phones.Any(p => p.IsMobile && p.Verified && p.SmsOptOutAt == null))
                    || (voice && m.Phones.Any(p => p.Verified))
                    || (email && m.Email != null && m.EmailVerifiedAt != null)
                    || (web && m.UserId != null);
    }

    public static readonly Expression<Func<Member, bool>> Sms = ByAny(Channels.Sms);
    public static readonly Expression<Func<Member, bool>> Voice = ByAny(Channels.Voice);
    public static readonly Expression<Func<Member, bool>> Email = ByAny(Channels.Email);
    public static readonly Expression<Func<Member, bool>> Web = ByAny(Channels.Web);

    // ---- As SQL (PostgreSQL's national alarm plan) -------------------------------------------------------------------
    // Conditions on a "MemberPhones" row or a row with the "Members" columns, named by the alias the statement gives them.

    public static string SmsSql(string phone) => $"""{phone}."IsMobile" AND {phone}."Verified" AND {phone}."SmsOptOutAt" IS NULL""";

    public static string VoiceSql(string phone) => $"{phone}.\"Verified\"";

    public static string EmailSql(string member) => $"""{member}."Email" IS NOT NULL AND {member}."EmailVerifiedAt" IS NOT NULL""";

    public static string WebSql(string member) => $"""{member}."UserId" IS NOT NULL""";

    // ---- Not reach, but the list's phone filters ---------------------------------------------------------------------

    /// <summary>Every phone verified (members without a phone included).</summary>
    public static readonly Expression<Func<Member, bool>> AllPhonesVerified = m => !m.Phones.Any(p => !p.Verified);

    public static readonly Expression<Func<Member, bool>> SomePhoneUnverified = m => m.Phones.Any(p => !p.Verified);

    /// <summary>On holiday pause on <paramref name="day"/> (a Brussels date), first and last day included.</summary>
    public static Expression<Func<Member, bool>> PausedOn(DateOnly day) =>
        m => m.PausedFrom != null && m.PausedUntil != null && m.PausedFrom <= day && m.PausedUntil >= day;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Infrastructure.BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);
}
