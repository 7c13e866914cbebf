using System.Globalization;
using System.Xml.Linq;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Feeds;

/// <summary>
/// A page of the public feed as Atom 1.0 (RFC 4287), paged as RFC 5005 describes (first/next/previous links). Each entry is
/// in the reader's language when the sender wrote it, else the BIN's, else the first language written; it links to the
/// message's CAP document.
/// </summary>
public static class AtomDocument
{
    public static readonly XNamespace Ns = "http://www.w3.org/2005/Atom";
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static string PathOf(PublicFeed.ScopeKind kind, int? id) => kind switch
    {
        PublicFeed.ScopeKind.Bin => $"/feeds/bins/{id}.atom",
        PublicFeed.ScopeKind.Zone => $"/feeds/zones/{id}.atom",
        _ => "/feeds/national.atom",
    };

    /// <param name="askedLang">The <c>?lang=</c> of the request, if any: the paging and self links carry it on, or page 2 of a
    /// French feed would come back in the language of the reader's browser (Dutch for a feed reader without one).</param>
    public static XDocument Build(PublicFeed.Page page, string lang, string baseUrl, IStringLocalizer L, string? askedLang = null)
    {
        using var _ = new InLanguage(lang);
        var self = baseUrl + PathOf(page.Kind, page.ScopeId);
        string PageUrl(int n)
        {
            var query = new List<string>();
            if (askedLang is not null) query.Add($"lang={askedLang}");
            if (n > 1) query.Add($"page={n}");
            return query.Count == 0 ? self : $"{self}?{string.Join('&', query)}";
        }
        var title = page.Kind switch
        {
            PublicFeed.ScopeKind.Bin => L["Feed.Title.Bin", page.ScopeName ?? ""].Value,
            PublicFeed.ScopeKind.Zone => L["Feed.Title.Zone", page.ScopeName ?? ""].Value,
            _ => L["Feed.Title.National"].Value,
        };
        var updated = LastModified(page);
        var feed = new XElement(Ns + "feed",
            new XAttribute(XNamespace.Xml + "lang", lang),
            new XElement(Ns + "id", $"urn:binhub:feed:{page.Kind.ToString().ToLowerInvariant()}" + (page.ScopeId is { } sid ? $":{sid}" : "")),
            new XElement(Ns + "title", title),
            new XElement(Ns + "subtitle", L["Feed.Subtitle"].Value),
            new XElement(Ns + "updated", FeedText.Time(updated)),
            new XElement(Ns + "author", new XElement(Ns + "name", "BinHub")),
            new XElement(Ns + "generator", "BinHub"),
            new XElement(Ns + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", PageUrl(page.Number))),
            new XElement(Ns + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                new XAttribute("href", page.Kind == PublicFeed.ScopeKind.Bin ? $"{baseUrl}/Join/{page.ScopeId}" : $"{baseUrl}/Join")));
        if (page.Number > 1)
        {
            feed.Add(new XElement(Ns + "link", new XAttribute("rel", "first"), new XAttribute("href", PageUrl(1))));
            feed.Add(new XElement(Ns + "link", new XAttribute("rel", "previous"), new XAttribute("href", PageUrl(page.Number - 1))));
        }
        if (page.HasMore) feed.Add(new XElement(Ns + "link", new XAttribute("rel", "next"), new XAttribute("href", PageUrl(page.Number + 1))));

        foreach (var item in page.Items)
        {
            var m = item.Message;
            var fallback = page.ScopeLanguage ?? item.Bins.FirstOrDefault()?.Language ?? lang;
            var entryLang = FeedText.LanguageFor(m, lang, fallback);
            var text = FeedText.Clean(m.Text(entryLang));
            var kind = m.Kind == Domain.MessageKind.Prevention ? "Feed.Event.Prevention" : "Feed.Event.Info";
            var published = m.ApprovedAt ?? m.CreatedAt;
            feed.Add(new XElement(Ns + "entry",
                new XAttribute(XNamespace.Xml + "lang", entryLang),
                // One entry per message across its versions (RFC 4287: same id, later "updated"), so a reader replaces the entry
                // it has with the update or withdrawal instead of showing both; the title says which it is.
                new XElement(Ns + "id", CapDocument.Identifier(m.AmendsId ?? m.Id)),
                new XElement(Ns + "title", Title(m, FeedText.Headline(text), L)),
                new XElement(Ns + "updated", FeedText.Time(published)),
                new XElement(Ns + "published", FeedText.Time(m.CreatedAt)),
                // The police zone speaks for the message: the name of the officer or coordinator who wrote it is not published.
                new XElement(Ns + "author", new XElement(Ns + "name", L["Feed.SenderName", item.ZoneName ?? m.ZoneNumber.ToString(CultureInfo.InvariantCulture)].Value)),
                new XElement(Ns + "category", new XAttribute("term", m.Kind.ToString()), new XAttribute("label", L[kind].Value)),
                new XElement(Ns + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "application/cap+xml"),
                    new XAttribute("href", $"{baseUrl}/feeds/messages/{m.Id}.cap")),
                new XElement(Ns + "summary", L["Feed.Reaches", Messages.Targets.Summary(item.Bins.ToList())].Value),
                new XElement(Ns + "content", new XAttribute("type", "text"), text)));
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), feed);
    }

    private static string Title(Domain.Message m, string headline, IStringLocalizer L)
    {
        var title = m.Amendment switch
        {
            Domain.Amendment.Withdrawal => L["Feed.Withdrawn", headline].Value,
            Domain.Amendment.Update => L["Feed.Updated", headline].Value,
            _ => headline,
        };
        return m.IsExercise ? L["Feed.Exercise", title].Value : title;
    }

    /// <summary>
    /// When the page last changed, for its <c>updated</c> and Last-Modified: its newest entry; an empty page has none, so the
    /// BIN's last change (or, for a zone or the country, a fixed epoch) stands in. Not "now": that changed the bytes, hence the
    /// ETag, every second, and a feed reader polling an empty feed never got a 304.
    /// </summary>
    public static DateTimeOffset LastModified(PublicFeed.Page page) =>
        page.Items.Count > 0 ? page.Items.Max(i => CapDocument.Sent(i.Message)) : page.ScopeChangedAt is { } c && c > EmptyFeedEpoch ? c : EmptyFeedEpoch;

    /// <summary>The <c>updated</c> of an empty zone or national feed: any fixed moment before the first message will do.</summary>
    public static readonly DateTimeOffset EmptyFeedEpoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
