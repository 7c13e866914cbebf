using System.Globalization;
using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>
/// The focus ring must stand out at least 3:1 (WCAG 2.1, 1.4.11) from the white page and from the blue header, computed from
/// the stylesheet the app serves (the amber #f0b400 on white was 1.87:1).
/// </summary>
public class FocusContrastTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task The_focus_ring_has_three_to_one_contrast_on_the_page_and_on_the_header()
    {
        var css = await app.ClientFor(null).GetStringAsync("/css/site.css");
        string Var(string name) => Regex.Match(css, $@"--{name}:\s*(#[0-9a-fA-F]{{6}})").Groups[1].Value;

        // The rules that draw the rings use the variables measured here, not a literal colour.
        Assert.Matches(@"textarea:focus\s*\{\s*outline:\s*3px solid var\(--focus\)", css);
        Assert.Matches(@"header\.site :focus[^{]*\{\s*outline-color:\s*var\(--focus-on-accent\)", css);
        Assert.Matches(@"header\.site\s*\{\s*background:\s*var\(--accent\)", css);

        var page = Var("bg");
        Assert.True(Contrast(Var("focus"), page) >= 3, $"focus on page: {Contrast(Var("focus"), page):0.00}:1");
        Assert.True(Contrast(Var("focus"), Var("soft")) >= 3, $"focus on soft panels: {Contrast(Var("focus"), Var("soft")):0.00}:1");
        Assert.True(Contrast(Var("focus-on-accent"), Var("accent")) >= 3, $"focus on header: {Contrast(Var("focus-on-accent"), Var("accent")):0.00}:1");
    }

    [Fact]
    public void The_contrast_formula_gives_the_known_values()
    {
        Assert.Equal(21, Contrast("#000000", "#ffffff"), 2);
        Assert.Equal(1.87, Contrast("#f0b400", "#ffffff"), 2); // the old ring, refused by the test above
    }

    /// <summary>WCAG 2.1 contrast ratio of two sRGB colours.</summary>
    private static double Contrast(string a, string b)
    {
        double L(string hex)
        {
            double C(int i)
            {
                var c = int.Parse(hex.AsSpan(1 + 2 * i, 2), NumberStyles.HexNumber) / 255.0;
                return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }
            return 0.2126 * C(0) + 0.7152 * C(1) + 0.0722 * C(2);
        }
        var (x, y) = (L(a), L(b));
        return (Math.Max(x, y) + 0.05) / (Math.Min(x, y) + 0.05);
    }
}
