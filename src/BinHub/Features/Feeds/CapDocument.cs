using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Feeds;

/// <summary>
/// One published message as an OASIS CAP 1.2 <c>alert</c>: one <c>info</c> block per language the sender wrote, the area
/// as the polygons of the BINs reached (their own area, else their municipality's boundary), simplified so a consumer is
/// not handed a ten-thousand-point commune outline.
/// </summary>
public static class CapDocument
{
    public static readonly XNamespace Ns = "urn:oasis:names:tc:emergency:cap:1.2";
    public const string ContentType = "application/cap+xml; charset=utf-8";
    public const string DefaultSender = "binhub@binhub.be";
    /// <summary>Points per polygon, first and last included.</summary>
    public const int MaxPoints = 200;
    /// <summary>A message to a whole zone can reach many BINs; past this the area is described by name and NIS code only.</summary>
    public const int MaxPolygons = 100;

    public static string Identifier(long messageId) => $"urn:binhub:message:{messageId}";

    /// <summary>
    /// How long a message holds once sent (CAP <c>expires</c>), unless <c>Feeds:CapValidity:&lt;Kind&gt;</c> says otherwise (a
    /// TimeSpan, e.g. <c>"06:00:00"</c>, <c>"14.00:00:00"</c>): an alarm is about the next hours, feedback about the day, a
    /// prevention tip about the coming weeks, information about the coming week.
    /// </summary>
    public static TimeSpan Validity(IConfiguration config, MessageKind kind) =>
        TimeSpan.TryParse(config[$"Feeds:CapValidity:{kind}"], CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : kind switch
        {
            MessageKind.Alarm => TimeSpan.FromHours(6),
            MessageKind.Feedback => TimeSpan.FromDays(1),
            MessageKind.Prevention => TimeSpan.FromDays(14),
            _ => TimeSpan.FromDays(7),
        };

    /// <summary>CAP's <c>sent</c> of a message: when it went out (approved), else when it was written.</summary>
    public static DateTimeOffset Sent(Message m) => m.ApprovedAt ?? m.CreatedAt;

    /// <summary>RFC 3066 tags CAP consumers know: Belgian Dutch, French and German; English without a region.</summary>
    public static string LanguageTag(string lang) => lang switch { "nl" => "nl-BE", "fr" => "fr-BE", "de" => "de-BE", _ => "en" };

    public static XDocument Build(PublicFeed.Item item, string sender, string baseUrl, IStringLocalizer L, TimeSpan validity)
    {
        var m = item.Message;
        var prevention = m.Kind == MessageKind.Prevention;
        var alert = new XElement(Ns + "alert",
            new XElement(Ns + "identifier", Identifier(m.Id)),
            new XElement(Ns + "sender", sender),
            new XElement(Ns + "sent", FeedText.Time(Sent(m))),
            // An exercise must be disregarded by every consumer of the public feed: "Test" (CAP's "Exercise" would ask its participants to act).
            new XElement(Ns + "status", m.IsExercise ? "Test" : "Actual"),
            new XElement(Ns + "msgType", m.Amendment switch { Amendment.Update => "Update", Amendment.Withdrawal => "Cancel", _ => "Alert" }),
            new XElement(Ns + "scope", "Public"));
        // An update or withdrawal names every earlier version it replaces, as CAP 1.2 asks: sender,identifier,sent each.
        if (m.Amendment != Amendment.None && item.Earlier is { Count: > 0 } earlier)
            alert.Add(new XElement(Ns + "references", string.Join(' ', earlier.Select(e => $"{sender},{Identifier(e.Id)},{FeedText.Time(Sent(e))}"))));
        var area = Area(item);
        var web = item.Bins.Count > 0 ? $"{baseUrl}/Join/{item.Bins[0].Id}" : $"{baseUrl}/Join";
        foreach (var lang in FeedText.Written(m))
        {
            using var _ = new InLanguage(lang);
            var text = FeedText.Clean(m.Text(lang));
            alert.Add(new XElement(Ns + "info",
                new XElement(Ns + "language", LanguageTag(lang)),
                // Prevention is about people's safety at home; general information from the police is "Security".
                new XElement(Ns + "category", prevention ? "Safety" : "Security"),
                new XElement(Ns + "event", L[prevention ? "Feed.Event.Prevention" : "Feed.Event.Info"].Value),
                new XElement(Ns + "urgency", "Future"),
                new XElement(Ns + "severity", "Minor"),
                new XElement(Ns + "certainty", prevention ? "Likely" : "Possible"),
                new XElement(Ns + "expires", FeedText.Time(Sent(m) + validity)),
                new XElement(Ns + "senderName", L["Feed.SenderName", item.ZoneName ?? m.ZoneNumber.ToString(CultureInfo.InvariantCulture)].Value),
                new XElement(Ns + "headline", FeedText.Headline(text)),
                new XElement(Ns + "description", text),
                new XElement(Ns + "web", web),
                new XElement(area)));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), alert);
    }

    private static XElement Area(PublicFeed.Item item)
    {
        var names = string.Join(", ", item.Bins.Select(b => b.Name));
        var area = new XElement(Ns + "areaDesc", names.Length > 0 ? names : "Belgium");
        var result = new XElement(Ns + "area", area);
        var polygons = item.Bins.Select(b => b.AreaGeoJson ?? b.Municipality?.BoundaryGeoJson).OfType<string>()
            .SelectMany(Polygons).Distinct().ToList();
        // A message to a whole zone: the zone's outline says the same in far fewer points (nothing when it is not known).
        if (polygons.Count > MaxPolygons) polygons = item.ZoneBoundaryGeoJson is { } zone ? Polygons(zone).Take(MaxPolygons).ToList() : [];
        // A radius target is said as the circle the sender drew; the BINs it reached are named in areaDesc and by NIS code.
        if (item.Message is { CircleLat: { } lat, CircleLon: { } lon, CircleKm: { } km })
            result.Add(new XElement(Ns + "circle", FormattableString.Invariant($"{Math.Round(lat, 6)},{Math.Round(lon, 6)} {Math.Round(km, 3)}")));
        else
            foreach (var p in polygons) result.Add(new XElement(Ns + "polygon", p));
        foreach (var nis in item.Bins.Select(b => b.MunicipalityNis).Distinct())
            result.Add(new XElement(Ns + "geocode", new XElement(Ns + "valueName", "NIS"), new XElement(Ns + "value", nis)));
        return result;
    }

    /// <summary>
    /// The outer ring of each polygon of a GeoJSON Polygon or MultiPolygon (lon/lat) as CAP <c>lat,lon</c> pairs, closed
    /// (first == last), at least 4 pairs, at most <see cref="MaxPoints"/> (every n-th corner kept). Holes cannot be said in CAP
    /// and are left out: the area is then a little larger than the BIN, which is the safe side for a prevention message.
    /// </summary>
    public static List<string> Polygons(string geoJson)
    {
        var result = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(geoJson);
            var g = doc.RootElement.TryGetProperty("geometry", out var inner) ? inner : doc.RootElement;
            var coords = g.GetProperty("coordinates");
            var type = g.GetProperty("type").GetString();
            var polygons = type == "MultiPolygon" ? coords.EnumerateArray().ToList() : type == "Polygon" ? [coords] : [];
            foreach (var polygon in polygons)
            {
                var ring = polygon.EnumerateArray().FirstOrDefault();
                if (ring.ValueKind != JsonValueKind.Array) continue;
                var points = ring.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Array && p.GetArrayLength() >= 2)
                    .Select(p => (Lat: p[1].GetDouble(), Lon: p[0].GetDouble()))
                    .Where(p => p.Lat is >= -90 and <= 90 && p.Lon is >= -180 and <= 180).ToList();
                if (Ring(points) is { } text) result.Add(text);
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            // A broken outline gives no polygon; the area is still named.
        }
        return result;
    }

    private static string? Ring(List<(double Lat, double Lon)> points)
    {
        // Corners without the closing one and without repeats, so that "at least 4 pairs" means a real triangle at least.
        var open = new List<(double Lat, double Lon)>();
        foreach (var p in points)
            if (open.Count == 0 || Key(open[^1]) != Key(p)) open.Add(p);
        while (open.Count > 1 && Key(open[0]) == Key(open[^1])) open.RemoveAt(open.Count - 1);
        if (open.Select(Key).Distinct().Count() < 3) return null;
        if (open.Count > MaxPoints - 1)
        {
            var step = (int)Math.Ceiling(open.Count / (double)(MaxPoints - 1));
            open = open.Where((_, i) => i % step == 0).ToList();
        }
        open.Add(open[0]);
        return string.Join(' ', open.Select(Key));
    }

    private static string Key((double Lat, double Lon) p) =>
        p.Lat.ToString("0.######", CultureInfo.InvariantCulture) + "," + p.Lon.ToString("0.######", CultureInfo.InvariantCulture);
}
