using Microsoft.Extensions.Localization;

namespace BinHub.Features.Phones;

public enum PhoneKind { Mobile, Landline, Foreign }

/// <summary>
/// A phone number in E.164 (<c>+32470123456</c>). Belgian numbers are accepted as people write them
/// (0470 12 34 56, +32 470…, 0032 470…, +32 (0)9 123 45 67, 09/123.45.67); foreign numbers need their
/// country code. Written here because no phone library is available; the rules are the Belgian numbering
/// plan: mobile = 4[5-9] + 7 digits, geographic = area code 1–3, 5–9 + 6–7 digits (8 digits in all).
/// </summary>
public sealed record PhoneNumber(string E164, PhoneKind Kind)
{
    public override string ToString() => E164;

    /// <summary>
    /// Masked for screens that must not show the whole number, the one rule of every screen and the API (members list,
    /// message dashboard, the member's own history, code prompts): the country code's "+32" and the last two digits with a
    /// fixed row of dots between, +32••••••56. Neither the length, the area code nor the mobile prefix shows; the household
    /// still recognises its own number by its end (as with "your number ending in 56"), and the channel beside it (text,
    /// call) tells a mobile from a landline. The rules it replaces showed three digits (+324••••••56, •••456).
    /// </summary>
    public string Masked => E164.Length <= 6 ? "•••" : E164[..3] + "••••••" + E164[^2..];

    /// <summary>A stored number masked (<see cref="Masked"/>); anything unreadable shows nothing of itself.</summary>
    public static string Mask(string e164) => TryParse(e164, out var p, out _) ? p!.Masked : "•••";

    /// <summary>
    /// A delivery's recipient as screens show it: a number by <see cref="Masked"/>, an e-mail address by its first letter and
    /// its domain (j•••@example.be), anything else (a web inbox's user id) not at all.
    /// </summary>
    public static string MaskRecipient(string recipient)
    {
        var at = recipient.IndexOf('@');
        return at > 0 ? recipient[..1] + "•••" + recipient[at..] : Mask(recipient);
    }

    public static bool TryParse(string? input, out PhoneNumber? number, out string? error)
    {
        number = null;
        error = null;
        if (string.IsNullOrWhiteSpace(input)) { error = "empty"; return false; }
        if (input.Length > 40) { error = "too long"; return false; }
        var raw = input.Trim().Replace("(0)", "", StringComparison.Ordinal);
        foreach (var c in raw)
        {
            if (!(char.IsAsciiDigit(c) || c is ' ' or '.' or '/' or '-' or '(' or ')' or '+' or '\u00a0'))
            {
                error = $"unexpected character '{c}'";
                return false;
            }
        }
        if (raw.LastIndexOf('+') > 0) { error = "'+' only at the start"; return false; }
        var digits = new string(raw.Where(char.IsAsciiDigit).ToArray());
        string international;
        if (raw.StartsWith('+')) international = digits;
        else if (digits.StartsWith("00", StringComparison.Ordinal)) international = digits[2..];
        else if (digits.StartsWith('0')) international = "32" + digits[1..];
        else { error = "needs a leading 0 (Belgian) or a country code (+…)"; return false; }

        if (international.StartsWith("32", StringComparison.Ordinal))
        {
            var national = international[2..];
            if (national.StartsWith('0')) national = national[1..]; // "+32 0470…" is a common slip
            if (national.Length == 9 && national[0] == '4' && national[1] >= '5')
            {
                number = new PhoneNumber("+32" + national, PhoneKind.Mobile);
                return true;
            }
            if (national.Length == 8 && national[0] is '1' or '2' or '3' or '5' or '6' or '7' or '8' or '9' && !IsService(national))
            {
                number = new PhoneNumber("+32" + national, PhoneKind.Landline);
                return true;
            }
            if (national.Length is 7 or 8 && IsService(national)) { error = ServiceNumber; return false; }
            error = "not a Belgian mobile (04xx xx xx xx) or landline number";
            return false;
        }
        if (international.Length is < 8 or > 15 || international[0] == '0')
        {
            error = "not a valid international number";
            return false;
        }
        number = new PhoneNumber("+" + international, PhoneKind.Foreign);
        return true;
    }

    public const string ServiceNumber = "a free-phone, premium or shared-cost number";

    /// <summary>
    /// A household's phone, with the refusal in the user's language: a Belgian mobile or landline. BinHub texts and calls
    /// through Belgian operators and a Belgian trunk, and cannot tell a foreign mobile from a foreign landline, so a
    /// foreign number is refused with that reason rather than stored as something it would silently never reach.
    /// </summary>
    public static PhoneNumber? ForHousehold(string? raw, IStringLocalizer L, out string? error)
    {
        var shown = (raw ?? "").Trim();
        if (shown.Length > 40) shown = shown[..40];
        error = null;
        if (!TryParse(raw, out var number, out var why))
        {
            error = why == ServiceNumber ? L["Validation.PhoneService", shown] : L["Validation.PhoneNumber", shown];
            return null;
        }
        if (number!.Kind == PhoneKind.Foreign)
        {
            error = L["Validation.PhoneNotBelgian", shown];
            return null;
        }
        return number;
    }

    /// <summary>Free-phone, premium and shared-cost numbers (0800, 090x, 070, 077, 078) cannot receive alerts.</summary>
    private static bool IsService(string national) =>
        national.StartsWith("800", StringComparison.Ordinal) || national.StartsWith("90", StringComparison.Ordinal) ||
        national.StartsWith("70", StringComparison.Ordinal) || national.StartsWith("77", StringComparison.Ordinal) ||
        national.StartsWith("78", StringComparison.Ordinal);
}
