using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Audit;

/// <summary>
/// An audit entry's details in the reader's language, for display on Admin › Audit. The stored text stays as its writer put it
/// (the record, the CSV export and the API keep it). The details are free text written in some hundred places, so only the
/// most frequent kinds are rendered — reads of personal data, sign-ins and exports; any other text shows as written.
/// </summary>
public static class AuditText
{
    private sealed record Pattern(string Action, Regex Text, string Key);

    private static Pattern P(string action, string text, string key) =>
        new(action, new Regex("^" + text + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)), "Audit.Detail." + key);

    // Each pattern is the exact text its writer formats (grep the action name with AuditLog.Add); numbers are captured as {0}, {1}, ….
    private static readonly Pattern[] Patterns =
    [
        P("ReadPersonalData", "own data", "OwnData"),
        P("ReadPersonalData", @"own message history, page (\d+)", "OwnHistory"),
        P("ReadPersonalData", @"audit search page (\d+)", "AuditSearch"),
        P("ReadPersonalData", "outbox page", "OutboxPage"),
        P("ReadPersonalData", "coordinators and mandated officer contact details", "BinContacts"),
        P("ReadPersonalData", "phone numbers revealed", "PhonesRevealed"),
        P("ReadPersonalData", @"bin=(\d+); history, (\d+) lines", "MemberHistory"),
        P("ReadPersonalData", @"bin=(\d+); on-behalf report form, (\d+) names and addresses", "OnBehalfForm"),
        P("ReadPersonalData", @"bin=(\d+); (\d+) members, page (\d+)", "MemberList"),
        P("ReadPersonalData", @"(\d+) failed deliveries listed", "FailedDeliveries"),
        P("ReadPersonalData", @"(\d+) unreached members listed with their phones, page (\d+)", "Unreached"),
        P("ReadPersonalData", @"(\d+) attendees listed", "Attendees"),
        P("ReadPersonalData", "attendees in the report PDF", "AttendeesPdf"),
        P("ReadPersonalData", @"call=(\d+); (\d+) applicants", "Applicants"),
        P("ReadPersonalData", @"bin=(\d+); (\d+) volunteers, page (\d+)", "BinVolunteers"),
        P("SignIn", "unknown e-mail address", "SignIn.UnknownEmail"),
        P("SignIn", "locked out", "SignIn.LockedOut"),
        P("SignIn", "e-mail not confirmed", "SignIn.EmailNotConfirmed"),
        P("SignIn", "password ok, second factor asked", "SignIn.SecondFactorAsked"),
        P("SignIn", "password", "SignIn.Password"),
        P("SignIn", "wrong password", "SignIn.WrongPassword"),
        P("SignIn", "second factor", "SignIn.SecondFactor"),
        P("SignIn", "second factor: locked out", "SignIn.SecondFactorLockedOut"),
        P("SignIn", "wrong or already used second-factor code", "SignIn.WrongSecondFactor"),
        P("Export", @"(\d+) rows", "Rows"),
        P("Export", @"(\d+) rows; filter (.*)", "RowsFiltered"), // the filter's parameter names and values stay as written
        P("Export", @"bin=(\d+); (\d+) members; filter (.*)", "MemberExport"),
        P("ExportPersonalData", @"(\d+) phones, (\d+) history lines, (\d+) messages", "MyExport"),
    ];

    public static string? Details(string action, string? details, IStringLocalizer L)
    {
        if (string.IsNullOrEmpty(details)) return details;
        foreach (var p in Patterns)
        {
            if (p.Action != action || p.Text.Match(details) is not { Success: true } m) continue;
            var text = L[p.Key, m.Groups.Values.Skip(1).Select(g => (object)g.Value).ToArray()];
            return text.ResourceNotFound ? details : text.Value;
        }
        return details;
    }
}
