using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// Which channels a member wants per message type, their quiet hours, night alarms, holiday pause and language.
/// A channel can only be chosen when the member can be reached on it (<see cref="MemberReach"/>: SMS a verified mobile
/// without STOP, voice a verified phone, e-mail a confirmed address, web inbox their account). A channel that is already chosen
/// (e.g. the defaults of a paper-form member whose phone is not verified yet) may stay chosen: dropping an alarm
/// channel because a form was saved would silently cut a household off; the dispatch skips unreachable channels.
/// Holiday dates are kept out of the history and the audit log: "this house is empty from … to …" is precisely
/// what must not spread.
/// </summary>
public static class Preferences
{
    public sealed record Settings(IReadOnlyList<Channels> Urgent, IReadOnlyList<Channels> Feedback, IReadOnlyList<Channels> Prevention,
        TimeOnly? QuietFrom, TimeOnly? QuietUntil, bool NoNightAlarms, DateOnly? PausedFrom, DateOnly? PausedUntil, string Language);

    public sealed record Result(Settings Settings, IReadOnlyList<Channels> Reachable, bool PausedNow);

    public static async Task<Outcome<Result>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "GetPreferences", ct);
        if (m is null) return refusal!;
        return new Outcome<Result>.Ok(Map(m, clock));
    }

    public static Result Map(Member m, TimeProvider clock) => new(
        new Settings(MeScope.Split(m.UrgentChannels), MeScope.Split(m.FeedbackChannels), MeScope.Split(m.PreventionChannels), m.QuietFrom, m.QuietUntil,
            m.NoNightAlarms, m.PausedFrom, m.PausedUntil, m.Language),
        MeScope.Split(MemberReach.Of(m)), m.IsPausedOn(MeScope.Today(clock)));

    public static async Task<Outcome<Result>> UpdateAsync(BinHubDb db, TimeProvider clock, Actor actor, Settings s, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "UpdatePreferences", ct);
        if (m is null) return refusal!;
        var e = Check(m, s, MeScope.Today(clock), L);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        var now = clock.GetUtcNow();
        var before = (m.UrgentChannels, m.FeedbackChannels, m.PreventionChannels, m.QuietFrom, m.QuietUntil, m.NoNightAlarms, m.Language);
        var pauseBefore = (m.PausedFrom, m.PausedUntil);
        m.UrgentChannels = MeScope.Join(s.Urgent);
        m.FeedbackChannels = MeScope.Join(s.Feedback);
        m.PreventionChannels = MeScope.Join(s.Prevention);
        (m.QuietFrom, m.QuietUntil) = (s.QuietFrom, s.QuietUntil);
        m.NoNightAlarms = s.NoNightAlarms;
        (m.PausedFrom, m.PausedUntil) = (s.PausedFrom, s.PausedUntil);
        m.Language = s.Language;
        var changed = before != (m.UrgentChannels, m.FeedbackChannels, m.PreventionChannels, m.QuietFrom, m.QuietUntil, m.NoNightAlarms, m.Language);
        var pauseChanged = pauseBefore != (m.PausedFrom, m.PausedUntil);
        if (!changed && !pauseChanged) return new Outcome<Result>.Ok(Map(m, clock));

        m.UpdatedAt = now;
        var pseudonym = MeScope.Pseudonymous(actor, m);
        if (changed)
        {
            var details = $"urgent={m.UrgentChannels}; feedback={m.FeedbackChannels}; prevention={m.PreventionChannels}; " +
                          $"quiet={(m.QuietFrom is null ? "none" : $"{m.QuietFrom:HH\\:mm}-{m.QuietUntil:HH\\:mm}")}; noNightAlarms={m.NoNightAlarms}; language={m.Language}";
            MemberHistory.Add(db, m.Id, "PreferencesChanged", now, null, details);
            AuditLog.Add(db, clock, pseudonym, "UpdatePreferences", nameof(Member), m.Id.ToString(), details);
        }
        if (pauseChanged)
        {
            var kind = m.PausedFrom is null ? "PauseEnded" : "Paused";
            MemberHistory.Add(db, m.Id, kind, now, null, "holiday pause set by the member (dates not recorded here)");
            AuditLog.Add(db, clock, pseudonym, kind, nameof(Member), m.Id.ToString());
        }
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(Map(m, clock));
    }

    public static Errors Check(Member m, Settings s, DateOnly today, IStringLocalizer L)
    {
        var e = new Errors();
        var reachable = MemberReach.Of(m);
        void CheckChannels(string field, IReadOnlyList<Channels>? chosen, Channels current)
        {
            foreach (var c in chosen ?? [])
            {
                if (!MeScope.Each.Contains(c)) e.Add(field, L["Validation.Invalid", L["Me.Channels"]]);
                else if (!reachable.HasFlag(c) && !current.HasFlag(c)) e.Add(field, L["Me.ChannelUnreachable", L[$"Channel.{c}"]]);
            }
        }
        CheckChannels("Urgent", s.Urgent, m.UrgentChannels);
        CheckChannels("Feedback", s.Feedback, m.FeedbackChannels);
        CheckChannels("Prevention", s.Prevention, m.PreventionChannels);
        if (MeScope.Join(s.Urgent) == Channels.None) e.Add("Urgent", L["Validation.ChannelsRequired"]);

        if ((s.QuietFrom is null) != (s.QuietUntil is null)) e.Add("QuietFrom", L["Me.QuietBoth"]);
        else if (s.QuietFrom is { } from && from == s.QuietUntil) e.Add("QuietFrom", L["Me.QuietSame"]);

        if ((s.PausedFrom is null) != (s.PausedUntil is null)) e.Add("PausedFrom", L["Me.PauseBoth"]);
        else if (s.PausedFrom is { } start && s.PausedUntil is { } end)
        {
            if (start > end) e.Add("PausedUntil", L["Me.PauseOrder"]);
            else if (end < today) e.Add("PausedUntil", L["Me.PausePast"]);
            else if (end > start.AddYears(1).AddDays(-1)) e.Add("PausedUntil", L["Me.PauseTooLong"]);
            else if (start > today.AddYears(1)) e.Add("PausedFrom", L["Me.PauseTooFar"]);
        }
        if (!Languages.IsValid(s.Language)) e.Add("Language", L["Validation.Invalid", L["Bin.Language"]]);
        return e;
    }
}
