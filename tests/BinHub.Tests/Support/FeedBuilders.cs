using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace BinHub.Tests.Support;

/// <summary>Messages written straight into the database (no deliveries: the feed only reads messages), and the official CAP schema.</summary>
public static class FeedBuilders
{
    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    public static async Task<long> MessageAsync(this BinHubApp app, MessageKind kind, int zone, int[] binIds, bool isPublic = true,
        MessageState state = MessageState.Done, string? nl = "Sluit uw ramen en deuren.", string? fr = null, string? de = null, string? en = null,
        DateTimeOffset? createdAt = null)
    {
        await using var db = app.Db();
        var message = new Message
        {
            Kind = kind, State = state, SenderUserId = "sender", SenderName = "Inspecteur Geheim", ZoneNumber = zone, IsPublic = isPublic,
            TextNl = nl, TextFr = fr, TextDe = de, TextEn = en, CreatedAt = createdAt ?? app.Clock.Now, TargetSummary = "test",
            Bins = binIds.Select(id => new MessageBin { BinId = id }).ToList(),
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    public static async Task SetAreaAsync(this BinHubApp app, int binId, string? geoJson)
    {
        await using var db = app.Db();
        var bin = await db.Bins.SingleAsync(b => b.Id == binId);
        bin.AreaGeoJson = geoJson;
        await db.SaveChangesAsync();
    }

    /// <summary>A closed lon/lat ring of <paramref name="points"/> corners on a small circle around Ghent, as GeoJSON coordinates.</summary>
    public static string Ring(int points, double lon = 3.72, double lat = 51.05, double radius = 0.01)
    {
        var corners = Enumerable.Range(0, points).Select(i => (Lon: lon + radius * Math.Cos(2 * Math.PI * i / points), Lat: lat + radius * Math.Sin(2 * Math.PI * i / points)))
            .Append((Lon: lon + radius, Lat: lat));
        return "[" + string.Join(",", corners.Select(c => FormattableString.Invariant($"[{c.Lon:0.#######},{c.Lat:0.#######}]"))) + "]";
    }

    /// <summary>The official schema, copied with its OASIS notice into Feeds/Cap and beside the test assembly (nothing outside the repository).</summary>
    public static string CapSchemaPath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Feeds", "Cap", "CAP-v1.2.xsd");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found: is it copied to the output?");
    }

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        using var reader = XmlReader.Create(CapSchemaPath());
        set.Add(null, reader);
        set.Compile();
        return set;
    });

    /// <summary>Every schema error and warning in the document (empty when valid).</summary>
    public static List<string> CapSchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    /// <summary>The rules of the CAP 1.2 standard that the schema does not check; each broken rule is one line.</summary>
    public static List<string> CapRuleErrors(XDocument doc)
    {
        var errors = new List<string>();
        var alert = doc.Root!;
        var dates = alert.Descendants().Where(e => e.Name.LocalName is "sent" or "effective" or "onset" or "expires").Select(e => e.Value).ToList();
        foreach (var d in dates)
        {
            if (d.Contains('Z')) errors.Add($"date with Z: {d}");
            if (d.Contains('.')) errors.Add($"date with a fraction: {d}");
            if (!System.Text.RegularExpressions.Regex.IsMatch(d, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")) errors.Add($"date without an explicit offset: {d}");
        }
        foreach (var name in new[] { "identifier", "sender" })
        {
            var value = alert.Element(Cap + name)?.Value ?? "";
            if (value.Length == 0 || value.IndexOfAny([' ', ',', '<', '&']) >= 0) errors.Add($"{name} '{value}' is empty or has a space, comma, < or &");
        }
        foreach (var polygon in alert.Descendants(Cap + "polygon").Select(p => p.Value))
        {
            var pairs = polygon.Split(' ');
            if (pairs.Length < 4) errors.Add($"polygon with {pairs.Length} pairs");
            if (pairs[0] != pairs[^1]) errors.Add("polygon not closed");
            foreach (var pair in pairs)
            {
                var parts = pair.Split(',');
                if (parts.Length != 2 || !double.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var lat)
                    || !double.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
                    errors.Add($"polygon pair '{pair}' is not lat,lon");
            }
        }
        var languages = alert.Elements(Cap + "info").Select(i => i.Element(Cap + "language")?.Value ?? "en-US").ToList();
        if (languages.Count != languages.Distinct().Count()) errors.Add("two info blocks in one language");
        return errors;
    }
}
