using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Reports;

/// <summary>
/// The parts of a report that are stored as fixed codes (the reply-to-alarm mark, the trail's details) put into the reader's
/// language for display. The stored form stays as it is: later replies match on it and the API returns it unchanged.
/// </summary>
public static partial class ReportText
{
    /// <summary>The report's text with the "[reply to alarm #12]" mark of <see cref="Sms.InboundSms.ReplyPrefix"/> in the reader's words.</summary>
    public static string Display(string text, IStringLocalizer L) =>
        ReplyMark().Match(text) is { Success: true } m ? L["Report.ReplyToAlarm", m.Groups[1].Value] + text[m.Length..] : text;

    /// <summary>A trail line's details: "Web; SuspiciousVehicle", "incident=4", a decision, "taken over". Anything else (none yet) as written.</summary>
    public static string? Details(string kind, string? details, IStringLocalizer L)
    {
        if (details is null) return null;
        if (kind == "Submitted" && details.Split("; ") is [var source, var category])
            return $"{L[$"Report.SourceName.{source}"]} · {L[$"Report.Cat.{category}"]}";
        if (IncidentRef().Match(details) is { Success: true } i) return L["Report.IncidentRef", i.Groups[1].Value];
        if (kind == "Decided") return L[$"Report.DecisionName.{details}"];
        if (details == "taken over") return L["Report.TakenOver"];
        return details;
    }

    /// <summary>
    /// The stored title of an incident that SMS replies to an alarm opened (<see cref="Sms.InboundSms.ReplyIncidentAsync"/>): one
    /// fixed form, like the reply mark, so the record does not depend on who happened to trigger it.
    /// </summary>
    public static string AlarmIncidentTitle(long alarmId, string target)
    {
        var title = $"Alarm #{alarmId}: {target}";
        return title.Length > MaxIncidentTitle ? title[..MaxIncidentTitle] : title;
    }

    private const int MaxIncidentTitle = 200;

    /// <summary>An incident's title for display: the alarm form of <see cref="AlarmIncidentTitle"/> in the reader's words, an officer's own title as typed.</summary>
    public static string IncidentTitle(string title, IStringLocalizer L) =>
        AlarmTitle().Match(title) is { Success: true } m ? L["Incident.AlarmTitle", m.Groups[1].Value, m.Groups[2].Value] : title;

    [GeneratedRegex(@"^Alarm #(\d+): (.*)$", RegexOptions.Singleline)]
    private static partial Regex AlarmTitle();

    [GeneratedRegex(@"^\[reply to alarm #(\d+)\]")]
    private static partial Regex ReplyMark();

    [GeneratedRegex(@"^incident=(\d+)$")]
    private static partial Regex IncidentRef();
}
