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

    [GeneratedRegex(@"^\[reply to alarm #(\d+)\]")]
    private static partial Regex ReplyMark();

    [GeneratedRegex(@"^incident=(\d+)$")]
    private static partial Regex IncidentRef();
}
