using Microsoft.Extensions.Localization;

namespace BinHub.Features;

/// <summary>
/// Codes stored as text (an audit action, an outbox message kind, a member event) shown in the reader's language through
/// the key <c>{prefix}.{code}</c>. A code newer than its label is shown as written rather than hidden; the every-page
/// language test reports its missing key.
/// </summary>
public static class CodeLabels
{
    public static string Text(IStringLocalizer L, string prefix, string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        var s = L[$"{prefix}.{code}"];
        return s.ResourceNotFound ? code : s.Value;
    }
}
