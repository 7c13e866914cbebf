using System.Text.RegularExpressions;
using System.Xml.Linq;
using BinHub.Features.Charters;

namespace BinHub.Tests.Web;

public partial class LocalisationTests
{
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "BinHub", "Resources"))) return Path.Combine(dir.FullName, "src", "BinHub");
        throw new InvalidOperationException("src/BinHub not found above the test binaries.");
    }

    private static Dictionary<string, string> Read(string suffix) =>
        XDocument.Load(Path.Combine(SourceRoot(), "Resources", $"SharedResource{suffix}.resx")).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Theory]
    [InlineData(".nl")]
    [InlineData(".fr")]
    [InlineData(".de")]
    public void Every_resource_key_exists_in_every_language(string suffix)
    {
        var english = Read("");
        var other = Read(suffix);
        Assert.Empty(english.Keys.Except(other.Keys));
        Assert.Empty(other.Keys.Except(english.Keys));
        Assert.Empty(other.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    /// <summary>
    /// strings.tsv is where text is edited: every row must hold all four languages and the .resx files must be what
    /// generate.py makes of it (a hand-edited .resx, or a row added without running the generator, would drift apart).
    /// </summary>
    [Fact]
    public void The_resx_files_are_strings_tsv_in_all_four_languages()
    {
        var tsv = Path.Combine(SourceRoot(), "..", "..", "tools", "i18n", "strings.tsv");
        var rows = File.ReadAllLines(tsv).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).ToList();
        Assert.All(rows, r => Assert.True(r.Length == 5 && r.All(c => c.Trim().Length > 0), $"strings.tsv row '{r[0]}' needs key, en, nl, fr, de"));
        foreach (var (suffix, column) in new[] { ("", 1), (".nl", 2), (".fr", 3), (".de", 4) })
        {
            var resx = Read(suffix);
            Assert.Equal(rows.Count, resx.Count);
            foreach (var r in rows) Assert.True(resx.GetValueOrDefault(r[0]) == r[column], $"SharedResource{suffix}.resx differs from strings.tsv at {r[0]}: run generate.py");
        }
    }

    [Fact]
    public void Every_key_used_in_code_and_pages_has_a_resource()
    {
        var keys = Read("").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(SourceRoot(), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".cshtml"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(keys));
    }

    [Fact]
    public void Placeholders_match_across_languages()
    {
        var english = Read("");
        foreach (var suffix in new[] { ".nl", ".fr", ".de" })
        foreach (var (key, text) in Read(suffix))
            Assert.True(Placeholders(english[key]).SetEquals(Placeholders(text)), $"{key}{suffix}: placeholders differ from English");
    }

    [Fact]
    public void Charter_and_reminder_texts_exist_in_nl_fr_de_and_en()
    {
        foreach (var lang in new[] { "nl", "fr", "de", "en" })
        {
            Assert.True(CharterText.All.ContainsKey(lang), lang);
            Assert.True(ReminderTexts.All.ContainsKey(lang), lang);
            Assert.Equal(CharterText.All["nl"].Articles.Length, CharterText.All[lang].Articles.Length);
        }
    }

    private static HashSet<string> Placeholders(string s) => Placeholder().Matches(s).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"L\[""([A-Za-z0-9_.\-]+)""")]
    private static partial Regex UsedKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
