using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Feeds;

/// <summary>What the Atom and CAP documents share: dates, headlines, XML-safe text and serialisation.</summary>
public static class FeedText
{
    public const int HeadlineLength = 100;

    /// <summary>
    /// Brussels time with its explicit offset and whole seconds, e.g. <c>2026-11-24T21:05:00+01:00</c>. CAP forbids "Z" and
    /// fractions; an offset of zero (never in Brussels, but the rule is the rule) is written <c>-00:00</c> as CAP asks.
    /// </summary>
    public static string Time(DateTimeOffset utc)
    {
        var local = BrusselsTime.ToBrussels(utc);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return local.Offset == TimeSpan.Zero ? text[..^6] + "-00:00" : text;
    }

    /// <summary>The first line of the text, cut at a word near <see cref="HeadlineLength"/> characters.</summary>
    public static string Headline(string text)
    {
        var line = Clean(text).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        if (line.Length <= HeadlineLength) return line;
        var cut = line.LastIndexOf(' ', HeadlineLength - 1);
        return line[..(cut > HeadlineLength / 2 ? cut : HeadlineLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Drops characters XML cannot carry (the composer refuses control characters; rows written otherwise might not).</summary>
    public static string Clean(string? text) =>
        text is null ? "" : new string(text.Replace("\r\n", "\n").Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c)).ToArray());

    /// <summary>The languages the sender wrote, in the order CAP consumers in Belgium expect them.</summary>
    public static IEnumerable<string> Written(Message m) => Languages.All.Where(l => !string.IsNullOrWhiteSpace(m.Text(l)));

    /// <summary>
    /// The reader's language when the sender wrote it, else the BIN's, else the first written. (Not <see cref="Message.LanguageFor"/>:
    /// it settles on "en" as soon as "en" is asked for, even when no English text exists.)
    /// </summary>
    public static string LanguageFor(Message m, string wanted, string fallback) =>
        new[] { wanted, fallback }.Concat(Languages.All).FirstOrDefault(l => !string.IsNullOrWhiteSpace(m.Text(l))) ?? wanted;

    public static byte[] Serialise(XDocument doc)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
            doc.Save(writer);
        return stream.ToArray();
    }
}
