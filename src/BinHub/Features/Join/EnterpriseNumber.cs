namespace BinHub.Features.Join;

/// <summary>
/// Belgian enterprise number (ondernemingsnummer / numéro d'entreprise, also the VAT number after "BE"): ten digits
/// starting with 0 or 1, the last two being 97 minus the first eight modulo 97. Written many ways: BE0123.456.749,
/// 0123 456 749, 123456749 (the old nine-digit form, a leading 0 is implied).
/// </summary>
public static class EnterpriseNumber
{
    public static bool TryParse(string? input, out string tenDigits)
    {
        tenDigits = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20) return false;
        var s = input.Trim().ToUpperInvariant();
        if (s.StartsWith("BE")) s = s[2..];
        if (s.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '.' and not '-')) return false;
        var digits = new string(s.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 9) digits = "0" + digits;
        if (digits.Length != 10 || digits[0] is not ('0' or '1')) return false;
        var body = long.Parse(digits[..8]);
        var check = int.Parse(digits[8..]);
        if (97 - body % 97 != check) return false;
        tenDigits = digits;
        return true;
    }
}
