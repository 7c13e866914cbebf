using System.Globalization;
using Microsoft.Extensions.Localization;

namespace BinHub.Features;

/// <summary>
/// A count label in the reader's language with its noun in the right number: "1 melding", "2 meldingen". The key itself holds
/// the plural form ("{0} reports", as before) and <c>{key}.One</c> the singular, so existing keys and their callers keep working.
/// French counts zero as singular ("0 signalement trouvé"); Dutch, English and German only one.
/// </summary>
public static class Plural
{
    public static string Text(IStringLocalizer L, string key, long count, params object[] more)
    {
        object[] args = [count, .. more];
        if (IsOne(count))
        {
            var one = L[$"{key}.One", args];
            if (!one.ResourceNotFound) return one.Value;
        }
        return L[key, args].Value;
    }

    /// <summary>The singular form with "{0}" left in, for a script that counts live (the police inbox).</summary>
    public static string OneFormat(IStringLocalizer L, string key) => L[$"{key}.One", "{0}"].Value;

    public static bool IsOne(long count) =>
        count == 1 || (count == 0 && CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr");
}
