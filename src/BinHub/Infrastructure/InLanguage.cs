using System.Globalization;

namespace BinHub.Infrastructure;

/// <summary>
/// Runs localised lookups in another person's language (a member's, not the signed-in user's): resources resolve
/// against the current UI culture at the moment of the lookup, so the culture is switched for the scope and restored.
/// </summary>
public sealed class InLanguage : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture, uiCulture = CultureInfo.CurrentUICulture;

    public InLanguage(string lang)
    {
        var c = Languages.CultureFor(Languages.IsValid(lang) ? lang : "nl");
        CultureInfo.CurrentCulture = c;
        CultureInfo.CurrentUICulture = c;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
