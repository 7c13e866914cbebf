using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BinHub.Tests.Web;

/// <summary>
/// What a page shows a reader, and which of it is English or a code name where a Dutch, French or German reader is due
/// their own language. Text nodes and the attributes a screen reader speaks (aria-label, alt, title, placeholder) count.
/// </summary>
public static partial class VisibleText
{
    public static IEnumerable<string> Lines(string html)
    {
        var body = Hidden().Replace(html, " ");
        foreach (Match a in Spoken().Matches(body)) yield return WebUtility.HtmlDecode(a.Groups[2].Value).Trim();
        foreach (var line in WebUtility.HtmlDecode(Tag().Replace(body, "\n")).Split('\n'))
            if (Space().Replace(line, " ").Trim() is { Length: > 0 } l) yield return l;
    }

    /// <summary>The offenders on one line: English resource values, enum and role names, and CamelCase code names.</summary>
    public static IEnumerable<string> Offenders(string line, Forbidden forbidden)
    {
        // "Sent (1)": a label with its count is still the label.
        var bare = Count().Replace(line, "").Trim();
        if (forbidden.Whole.Contains(bare)) yield return bare;
        // "charter approved · Els Maes": a text of several words is often one piece of a composed line. Single words are
        // only judged as a whole line: "Police", "Alarm", "Code" are French, Dutch or German words too.
        foreach (var p in Separators().Split(line).Select(p => p.Trim()).Where(p => p.Contains(' ') && p != bare).Distinct())
            if (forbidden.Whole.Contains(p)) yield return p;
        foreach (var phrase in forbidden.Phrases)
            if (line.Contains(phrase, StringComparison.Ordinal)) yield return phrase;
        foreach (Match m in CodeName().Matches(line))
            if (!Allowed.Contains(m.Value)) yield return m.Value;
    }

    /// <summary>Names written in CamelCase on purpose: the product, and a GeoJSON type the area field asks for by name.</summary>
    private static readonly HashSet<string> Allowed = ["BinHub", "MultiPolygon"];

    /// <param name="Whole">Texts that may not be a whole line or piece (case-insensitive: stored lower-case codes count too).</param>
    /// <param name="Phrases">Longer English texts (three words or more) that may not appear anywhere in a line.</param>
    public sealed record Forbidden(HashSet<string> Whole, List<string> Phrases);

    /// <summary>
    /// English resource values that are no value at all in <paramref name="lang"/> (a word both languages share, such as
    /// "Details" in German, is allowed), plus the names of the app's enums and roles unless they are words of that language.
    /// </summary>
    public static Forbidden For(string lang, string resourceDirectory)
    {
        Dictionary<string, string> Read(string suffix) =>
            XDocument.Load(Path.Combine(resourceDirectory, $"SharedResource{suffix}.resx")).Root!.Elements("data")
                .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var english = Read("");
        var target = Read("." + lang);
        var words = target.Values.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var whole = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var phrases = new List<string>();
        foreach (var (key, en) in english)
        {
            if (words.Contains(en) || target.GetValueOrDefault(key) == en) continue;
            foreach (var part in Placeholder().Split(en).Select(p => p.Trim(' ', ',', '.', ':', '(', ')', '·')))
            {
                if (part.Length == 0 || words.Contains(part)) continue;
                if (part == en.Trim()) whole.Add(part);
                if (part.Count(c => c == ' ') >= 2) phrases.Add(part);
            }
        }
        var codes = typeof(SharedResource).Assembly.GetTypes().Where(t => t.IsEnum).SelectMany(Enum.GetNames)
            .Concat(typeof(Roles).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!));
        foreach (var code in codes) if (!words.Contains(code)) whole.Add(code);
        return new Forbidden(whole, phrases.Distinct().ToList());
    }

    [GeneratedRegex(@"<(script|style|template|textarea)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\s(aria-label|alt|title|placeholder)=""([^""]*)""")]
    private static partial Regex Spoken();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    [GeneratedRegex(@"[()\[\];:·|•–—,]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\(\d+\)|\b\d+\b")]
    private static partial Regex Count();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+\b")]
    private static partial Regex CodeName();
}
