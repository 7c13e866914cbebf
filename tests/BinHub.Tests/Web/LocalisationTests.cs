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
