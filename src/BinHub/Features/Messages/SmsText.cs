using System.Text.RegularExpressions;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;

namespace BinHub.Features.Messages;

/// <summary>
/// How a text travels by SMS: GSM 7-bit (160 characters, 153 per part when concatenated) or, with any character
/// outside that alphabet (e.g. "œ", emoji), UCS-2 (70, then 67 per part). The composer shows it live; above two
/// parts it warns, because every part costs and long alarms are read less.
/// </summary>
public static class SmsText
{
    public sealed record Info(string Language, string Encoding, int Length, int Segments);

    public static Info Measure(string language, string text)
    {
        if (Gsm7.Fits(text))
        {
            var septets = Gsm7.Septets(text);
            return new Info(language, "GSM-7", septets, septets <= 160 ? 1 : (int)Math.Ceiling(septets / 153.0));
        }
        var units = text.Length; // UTF-16 code units: what UCS-2 counts (an emoji takes two)
        return new Info(language, "UCS-2", units, units <= 70 ? 1 : (int)Math.Ceiling(units / 67.0));
    }
}

/// <summary>
/// A privacy check, not a wall: descriptions of suspects should describe, not name. Flags "named X", "Mr X",
/// "genaamd X", "nommé X", "namens X", "Herr X" and similar followed by a capitalised word.
/// </summary>
public static partial class PersonNames
{
    public static bool Suspect(string text) => Naming().IsMatch(text);

    [GeneratedRegex(@"\b(named|called|mr\.?|mrs\.?|ms\.?|genaamd|heet|meneer|mevrouw|dhr\.?|mevr\.?|nommée?|appelée?|s'appelle|monsieur|madame|mme\.?|m\.|namens|heißt|herr|frau)\s+\p{Lu}\p{Ll}+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Naming();
}
