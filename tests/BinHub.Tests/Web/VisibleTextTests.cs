namespace BinHub.Tests.Web;

/// <summary>
/// The detector behind <see cref="EveryPageInEveryLanguageTests"/>, on the lines a tester found in Dutch, French and German
/// pages before they were fixed: each must be an offender, while ordinary lines of those languages must not be.
/// </summary>
public class VisibleTextTests
{
    private static string Resources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "BinHub", "Resources"))) return Path.Combine(dir.FullName, "src", "BinHub", "Resources");
        throw new InvalidOperationException("src/BinHub/Resources not found above the test binaries.");
    }

    [Theory]
    [InlineData("nl", "[reply to alarm #1] Ik zie de wagen nu")]
    [InlineData("fr", "Envoyé (Web; SuspiciousVehicle)")]
    [InlineData("de", "PoliceOfficer")]
    [InlineData("nl", "created")]
    [InlineData("fr", "charter approved")]
    [InlineData("nl", "MunicipalityNis is ongeldig.")]
    [InlineData("de", "ReadPersonalData")]
    [InlineData("fr", "CodeVerifyPhone")]
    [InlineData("nl", "Sent (1)")]
    [InlineData("de", "2026-03-02 10:00 · SignIn · Sms")]
    [InlineData("nl", "Draft")]
    public void A_line_the_tester_found_is_an_offender(string lang, string line) =>
        Assert.NotEmpty(VisibleText.Offenders(line, VisibleText.For(lang, Resources())));

    [Theory]
    [InlineData("nl", "Alarm (dringend) · Inbraak bezig")]
    [InlineData("fr", "Police, commune ou coordinateur ? Connectez-vous ici")]
    [InlineData("de", "Optional: fügen Sie ein GeoJSON-Polygon oder -MultiPolygon ein (Länge, Breite).")]
    [InlineData("nl", "116 regels gevonden")]
    [InlineData("de", "Details")]
    public void An_ordinary_line_of_the_language_is_not(string lang, string line) =>
        Assert.Empty(VisibleText.Offenders(line, VisibleText.For(lang, Resources())));

    [Fact]
    public void Visible_text_leaves_out_scripts_and_keeps_what_a_screen_reader_says()
    {
        var lines = VisibleText.Lines("""<p>Hallo <b>wereld</b></p><script>var SignIn = 1;</script><img alt="Foto 1"><textarea>typed</textarea>""").ToList();
        Assert.Contains("Hallo", lines);
        Assert.Contains("wereld", lines);
        Assert.Contains("Foto 1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("SignIn") || l.Contains("typed"));
    }
}
