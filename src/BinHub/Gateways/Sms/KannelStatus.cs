using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace BinHub.Gateways.Sms;

/// <summary>A link's connection state as Kannel 1.4.5 words it in status.xml (<c>smsc2_status</c>).</summary>
public enum SmsLinkState
{
    /// <summary>No status URL configured: BinHub cannot see the link and counts it as working.</summary>
    Unmonitored,
    /// <summary>The status page could not be read: BinHub counts the link as working and relies on its own arithmetic.</summary>
    Unknown,
    /// <summary>Kannel has no smsc with this id: a misspelt Sms:Links name or a missing smsc group.</summary>
    Missing,
    Online,
    Connecting,
    Reconnecting,
    Disconnected,
    Dead,
}

/// <summary>One smsc connection as status.xml shows it. Counters are Kannel's since its start.</summary>
public sealed record KannelLinkStatus(string Id, SmsLinkState State, string StatusText, long Queued, long Sent, long Failed);

/// <summary>
/// Kannel's admin status page (bearerbox <c>/status.xml?password=…</c>), the parts flow control needs. Shape in 1.4.5:
/// <code>
/// &lt;gateway&gt; … &lt;sms&gt; … &lt;sent&gt;&lt;total&gt;5&lt;/total&gt;&lt;queued&gt;7&lt;/queued&gt;&lt;/sent&gt; … &lt;/sms&gt; …
///   &lt;smscs&gt;&lt;count&gt;2&lt;/count&gt;
///     &lt;smsc&gt;&lt;name&gt;FAKE:10000&lt;/name&gt;&lt;admin-id&gt;fake&lt;/admin-id&gt;&lt;id&gt;fake&lt;/id&gt;
///       &lt;status&gt;online 1s&lt;/status&gt; (or connecting, re-connecting, disconnected, dead, unknown)
///       &lt;failed&gt;0&lt;/failed&gt;&lt;queued&gt;0&lt;/queued&gt;&lt;sms&gt;&lt;received&gt;0&lt;/received&gt;&lt;sent&gt;5&lt;/sent&gt; …&lt;/sms&gt; …
///     &lt;/smsc&gt; …
/// </code>
/// Two queues: <c>gateway/sms/sent/queued</c> is bearerbox's global outgoing queue (what no link has taken yet — all of
/// it while the links are down), <c>smsc/queued</c> what one connection has taken and not yet sent. They do not overlap,
/// so what waits in the gateway is their sum. A wrong password answers HTTP 200 with <c>&lt;gateway&gt;Denied&lt;/gateway&gt;</c>.
/// </summary>
public sealed record KannelStatus(long GatewayQueued, IReadOnlyList<KannelLinkStatus> Links)
{
    /// <summary>Everything handed to Kannel and not yet passed to an operator.</summary>
    public long TotalQueued => GatewayQueued + Links.Sum(l => l.Queued);

    /// <summary>
    /// The connections with this smsc-id taken together: a link with several binds to its operator appears once per
    /// connection, and it is online while any of them is. Null when Kannel has none.
    /// </summary>
    public KannelLinkStatus? Link(string id)
    {
        var all = Links.Where(l => l.Id == id).ToList();
        if (all.Count == 0) return null;
        if (all.Count == 1) return all[0];
        var best = all.MinBy(l => l.State == SmsLinkState.Online ? 0 : 1)!;
        return new KannelLinkStatus(id, best.State, best.StatusText, all.Sum(l => l.Queued), all.Sum(l => l.Sent), all.Sum(l => l.Failed));
    }

    public static KannelStatus Parse(string xml)
    {
        XDocument doc;
        // Kannel writes no DTD; refusing one keeps entity expansion out of a page fetched four times a second.
        try { doc = XDocument.Load(XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null })); }
        catch (XmlException e) { throw new FormatException($"Kannel's status page is not XML: {e.Message}"); }
        var gateway = doc.Root is { Name.LocalName: "gateway" } root ? root : throw new FormatException("Kannel's status page has no <gateway> element.");
        if (gateway.Element("smscs") is not { } smscs)
        {
            throw new FormatException(gateway.Value.Trim() == "Denied"
                ? "Kannel refused the status request: check the password in Sms:Kannel:StatusUrl (Kannel's status-password)."
                : "Kannel's status page has no <smscs> element.");
        }
        var gatewayQueued = Number(gateway.Element("sms")?.Element("sent")?.Element("queued"));
        var links = smscs.Elements("smsc").Select(s =>
        {
            var id = (string?)s.Element("id") ?? (string?)s.Element("admin-id") ?? "";
            var text = ((string?)s.Element("status") ?? "").Trim();
            return new KannelLinkStatus(id, StateOf(text), text, Number(s.Element("queued")),
                Number(s.Element("sms")?.Element("sent")), Number(s.Element("failed")));
        }).ToList();
        return new KannelStatus(gatewayQueued, links);
    }

    /// <summary>Reads the status page once. A failure is an exception: the caller falls back to its own accounting.</summary>
    public static async Task<KannelStatus> ReadAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, ct);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"Kannel's status page answered {(int)response.StatusCode}.");
        return Parse(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>"online 12s" → Online; the other words of Kannel 1.4.5's smsc2_status as they are.</summary>
    public static SmsLinkState StateOf(string status) => status.Split(' ', 2)[0] switch
    {
        "online" => SmsLinkState.Online,
        "connecting" => SmsLinkState.Connecting,
        "re-connecting" => SmsLinkState.Reconnecting,
        "disconnected" => SmsLinkState.Disconnected,
        "dead" => SmsLinkState.Dead,
        _ => SmsLinkState.Unknown,
    };

    private static long Number(XElement? e) =>
        e is not null && long.TryParse(e.Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
