using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>
/// A BIN's history stores the reasons the system itself writes as fixed English codes ("created", "charter approved");
/// the reader sees them in their language. Reasons a person typed are shown as typed.
/// </summary>
public static class StatusReasons
{
    private static readonly Dictionary<string, string> Keys = new()
    {
        ["created"] = "History.Reason.Created",
        ["charter approved"] = "History.Reason.CharterApproved",
        ["charter approved by BIN, police and municipality"] = "History.Reason.CharterApprovedByAll",
    };

    public static string? Text(string? reason, IStringLocalizer L) =>
        reason is not null && Keys.TryGetValue(reason, out var key) ? L[key] : reason;
}
