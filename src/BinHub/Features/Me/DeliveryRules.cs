using BinHub.Domain;

namespace BinHub.Features.Me;

public enum DeliveryAction { Send, Defer, Skip }

/// <summary>What to do with one message on one channel now; <see cref="Until"/> is set for <see cref="DeliveryAction.Defer"/>.</summary>
public readonly record struct DeliveryDecision(DeliveryAction Action, DateTimeOffset? Until, string Reason)
{
    public static DeliveryDecision Send(string reason = "ok") => new(DeliveryAction.Send, null, reason);
    public static DeliveryDecision Skip(string reason) => new(DeliveryAction.Skip, null, reason);
    public static DeliveryDecision Defer(DateTimeOffset until, string reason) => new(DeliveryAction.Defer, until, reason);
}

/// <summary>
/// A member's own delivery preferences applied to one message on one channel, without the database or a clock
/// (the alert dispatch passes "now"). The rules, in order:
/// <list type="number">
/// <item>Only an active member receives messages (pending, refused, left and erased households: skip).</item>
/// <item>A channel the member did not choose for this message type: skip.</item>
/// <item>Holiday pause (Brussels calendar days, first and last day included): skip everything, urgent alarms too.
///   Skipped, not deferred: an alarm from a week ago is of no use to anyone, and a pile of messages on return is
///   not what a member asks for when pausing. After the last day the member simply receives again.</item>
/// <item>Quiet hours (Brussels wall-clock time, may span midnight, e.g. 22:00–07:00; start included, end excluded):
///   <b>ringing</b> channels (SMS, voice call) of non-urgent messages are deferred to the end of the quiet hours;
///   <b>silent</b> channels (e-mail, web inbox) are sent, they are read when the member chooses. The member's own
///   quiet hours count; a member who set none has the BIN's (its communication plan), if it has any.</item>
/// <item>Urgent alarms pass quiet hours. A member who explicitly opted out of night alarms gets none on ringing
///   channels during the night (their quiet hours, or 22:00–07:00 when they set none): skipped, not deferred — an
///   alarm is about now; the e-mail and web inbox copies are still sent so nothing is lost.</item>
/// </list>
/// A deferred message is decided again at <see cref="DeliveryDecision.Until"/> (a pause may have started by then).
/// Times on the days clocks change are wall-clock times: an end of quiet hours that does not exist that night
/// (02:00–03:00 on the last Sunday of March) becomes 03:00; one that exists twice (last Sunday of October) is the
/// first one after now.
/// </summary>
public static class DeliveryRules
{
    public static readonly TimeOnly DefaultNightFrom = new(22, 0);
    public static readonly TimeOnly DefaultNightUntil = new(7, 0);
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public const Channels Ringing = Channels.Sms | Channels.Voice;

    public static DeliveryDecision Decide(Member m, MessageType type, Channels channel, DateTimeOffset nowUtc, (TimeOnly From, TimeOnly Until)? binQuiet = null)
    {
        if (channel is not (Channels.Sms or Channels.Voice or Channels.Email or Channels.Web))
            throw new ArgumentException("Decide one channel at a time.", nameof(channel));
        if (m.ErasedAt is not null || m.State != MemberState.Active) return DeliveryDecision.Skip("member not active");
        if (!m.ChannelsFor(type).HasFlag(channel)) return DeliveryDecision.Skip("channel not chosen");

        var local = TimeZoneInfo.ConvertTime(nowUtc, Brussels);
        if (m.IsPausedOn(DateOnly.FromDateTime(local.DateTime))) return DeliveryDecision.Skip("holiday pause");

        var ringing = Ringing.HasFlag(channel);
        var quiet = QuietWindow(m);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (type == MessageType.Urgent)
        {
            if (!m.NoNightAlarms || !ringing) return DeliveryDecision.Send();
            var (from, until) = quiet ?? (DefaultNightFrom, DefaultNightUntil);
            return IsWithin(time, from, until) ? DeliveryDecision.Skip("no night alarms") : DeliveryDecision.Send();
        }
        // The BIN's quiet hours are only for non-urgent messages: they never silence an alarm.
        if ((quiet ?? binQuiet) is { } q && ringing && IsWithin(time, q.From, q.Until))
            return DeliveryDecision.Defer(NextWallClock(q.Until, nowUtc), quiet is null ? "the BIN's quiet hours" : "quiet hours");
        return DeliveryDecision.Send();
    }

    /// <summary>The member's quiet hours, or null when they set none (or a meaningless one, from == until).</summary>
    public static (TimeOnly From, TimeOnly Until)? QuietWindow(Member m) => Window(m.QuietFrom, m.QuietUntil);

    /// <summary>The BIN's quiet hours for non-urgent messages, or null.</summary>
    public static (TimeOnly From, TimeOnly Until)? QuietWindow(Bin b) => Window(b.QuietFrom, b.QuietUntil);

    private static (TimeOnly From, TimeOnly Until)? Window(TimeOnly? from, TimeOnly? until) =>
        from is { } f && until is { } u && f != u ? (f, u) : null;

    /// <summary>Start included, end excluded; a window with from &gt; until spans midnight.</summary>
    public static bool IsWithin(TimeOnly t, TimeOnly from, TimeOnly until) =>
        from < until ? t >= from && t < until : t >= from || t < until;

    /// <summary>The first instant after <paramref name="nowUtc"/> at which Brussels clocks show <paramref name="wallClock"/>.</summary>
    public static DateTimeOffset NextWallClock(TimeOnly wallClock, DateTimeOffset nowUtc)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(nowUtc, Brussels).DateTime);
        for (var day = 0; day <= 2; day++)
        {
            foreach (var candidate in Instants(today.AddDays(day).ToDateTime(wallClock, DateTimeKind.Unspecified)))
                if (candidate > nowUtc) return candidate;
        }
        throw new InvalidOperationException("No such wall-clock time in the next days."); // cannot happen: every day has it at least once or the gap's end
    }

    /// <summary>The UTC instants a Brussels wall-clock time stands for: none in the spring gap (the gap's end instead), two in the autumn overlap.</summary>
    private static IEnumerable<DateTimeOffset> Instants(DateTime local)
    {
        if (Brussels.IsInvalidTime(local))
        {
            // Skipped hour: the quiet hours end when the clocks jump, i.e. at the first valid minute.
            var next = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
            while (Brussels.IsInvalidTime(next)) next = next.AddMinutes(1);
            yield return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(next, Brussels), TimeSpan.Zero);
            yield break;
        }
        if (Brussels.IsAmbiguousTime(local))
        {
            foreach (var offset in Brussels.GetAmbiguousTimeOffsets(local).OrderByDescending(o => o))
                yield return new DateTimeOffset(local, offset).ToUniversalTime();
            yield break;
        }
        yield return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Brussels), TimeSpan.Zero);
    }
}
