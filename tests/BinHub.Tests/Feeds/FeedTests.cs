using System.Xml.Linq;
using BinHub.Features.Feeds;
using static BinHub.Tests.Support.FeedBuilders;

namespace BinHub.Tests.Feeds;

public class FeedTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private static readonly DateTimeOffset Winter = new(2026, 1, 15, 20, 5, 30, TimeSpan.Zero);

    private async Task<XDocument> AtomAsync(string path, string lang = "en")
    {
        var response = await app.ClientFor(null, lang).GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        AssertAtom(doc);
        return doc;
    }

    /// <summary>RFC 4287's required elements: feed id/title/updated/author/self link; entry id/title/updated; dates parse.</summary>
    private static void AssertAtom(XDocument doc)
    {
        var feed = doc.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var name in new[] { "id", "title", "updated" }) Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + name)?.Value), $"feed/{name}");
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self");
        Assert.True(DateTimeOffset.TryParse(feed.Element(Atom + "updated")!.Value, out _));
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            foreach (var name in new[] { "id", "title", "updated", "content" }) Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + name)?.Value), $"entry/{name}");
            Assert.True(DateTimeOffset.TryParse(entry.Element(Atom + "updated")!.Value, out _));
            Assert.Contains(entry.Elements(Atom + "link"), l => (string?)l.Attribute("type") == "application/cap+xml");
        }
    }

    private static List<string> EntryIds(XDocument doc) => doc.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value).ToList();

    private static string Urn(long id) => $"urn:binhub:message:{id}";

    [Fact]
    public async Task A_bins_feed_lists_its_published_prevention_and_info_newest_first_and_nothing_else()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var other = await world.BinAsync(place, BinStatus.Active);
        var older = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], createdAt: Winter);
        var newer = await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id, other.Id], state: MessageState.Dispatching, createdAt: Winter.AddHours(2));
        var alarm = await app.MessageAsync(MessageKind.Alarm, place.Zone, [bin.Id], isPublic: false, createdAt: Winter.AddHours(3));
        // Flags written by something else than the composer must not leak either: an alarm or feedback is never public.
        var publicAlarm = await app.MessageAsync(MessageKind.Alarm, place.Zone, [bin.Id], isPublic: true, createdAt: Winter.AddHours(3));
        var feedback = await app.MessageAsync(MessageKind.Feedback, place.Zone, [bin.Id], isPublic: true, createdAt: Winter.AddHours(3));
        var members = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], isPublic: false, createdAt: Winter.AddHours(3));
        var waiting = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], state: MessageState.AwaitingApproval, createdAt: Winter.AddHours(3));
        var refused = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], state: MessageState.Refused, createdAt: Winter.AddHours(3));
        var elsewhere = await app.MessageAsync(MessageKind.Prevention, place.Zone, [other.Id], createdAt: Winter.AddHours(3));

        var doc = await AtomAsync($"/feeds/bins/{bin.Id}.atom");
        Assert.Equal([Urn(newer), Urn(older)], EntryIds(doc));
        var xml = doc.ToString();
        foreach (var hidden in new[] { alarm, publicAlarm, feedback, members, waiting, refused, elsewhere }) Assert.DoesNotContain(Urn(hidden), xml);
        Assert.DoesNotContain("Inspecteur Geheim", xml); // the sender's name is not published; the zone speaks
        Assert.Contains($"PZ Test", doc.Root!.Elements(Atom + "entry").First().Element(Atom + "author")!.Value);
        Assert.Equal($"urn:binhub:feed:bin:{bin.Id}", doc.Root!.Element(Atom + "id")!.Value);
        Assert.Contains(bin.Name, doc.Root!.Element(Atom + "title")!.Value);
        var entry = doc.Root!.Elements(Atom + "entry").Last();
        Assert.Equal("2026-01-15T21:05:30+01:00", entry.Element(Atom + "updated")!.Value); // Brussels time, whole seconds, explicit offset
        Assert.EndsWith($"/feeds/messages/{older}.cap", entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value);
    }

    [Fact]
    public async Task A_zones_feed_has_the_messages_of_its_bins_the_national_feed_has_every_zone()
    {
        // Later than anything else in this class, so the national feed's first page has them.
        var latest = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var gent = await world.PlaceAsync();
        var liege = await world.PlaceAsync("03000");
        var binGent = await world.BinAsync(gent, BinStatus.Active);
        var binLiege = await world.BinAsync(liege, BinStatus.Active);
        var inGent = await app.MessageAsync(MessageKind.Prevention, gent.Zone, [binGent.Id], createdAt: latest);
        var inLiege = await app.MessageAsync(MessageKind.Info, liege.Zone, [binLiege.Id], fr: "Vol de vélos dans le quartier.", nl: null, createdAt: latest.AddMinutes(1));
        // A coordinator of BINs in two zones: the message shows in both zones.
        var both = await app.MessageAsync(MessageKind.Prevention, gent.Zone, [binGent.Id, binLiege.Id], createdAt: latest.AddMinutes(2));
        var alarm = await app.MessageAsync(MessageKind.Alarm, gent.Zone, [binGent.Id], isPublic: true, createdAt: latest.AddMinutes(3));

        Assert.Equal([Urn(both), Urn(inGent)], EntryIds(await AtomAsync($"/feeds/zones/{gent.Zone}.atom")));
        Assert.Equal([Urn(both), Urn(inLiege)], EntryIds(await AtomAsync($"/feeds/zones/{liege.Zone}.atom")));
        var national = EntryIds(await AtomAsync("/feeds/national.atom"));
        Assert.Contains(Urn(inGent), national);
        Assert.Contains(Urn(inLiege), national);
        Assert.Contains(Urn(both), national);
        Assert.DoesNotContain(Urn(alarm), national);
        Assert.True(national.IndexOf(Urn(both)) < national.IndexOf(Urn(inLiege)) && national.IndexOf(Urn(inLiege)) < national.IndexOf(Urn(inGent)));
    }

    [Fact]
    public async Task Unknown_bins_and_zones_and_bins_not_yet_public_answer_404()
    {
        var place = await world.PlaceAsync();
        var draft = await world.BinAsync(place);
        var client = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/bins/987654.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/feeds/bins/{draft.Id}.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/zones/1.atom")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/feeds/messages/987654321.cap")).StatusCode);
    }

    [Fact]
    public async Task Entries_are_in_the_asked_language_by_query_or_browser_and_fall_back_to_what_was_written()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var trilingual = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], nl: "Let op valse loodgieters.",
            fr: "Attention aux faux plombiers.", de: "Vorsicht vor falschen Klempnern.", createdAt: Winter.AddMinutes(1));
        var dutchOnly = await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id], nl: "Infoavond in het gemeentehuis.", createdAt: Winter);

        var fr = await AtomAsync($"/feeds/bins/{bin.Id}.atom?lang=fr", lang: "de");
        var entries = fr.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(("fr", "Attention aux faux plombiers."), ((string)entries[0].Attribute(XNamespace.Xml + "lang")!, entries[0].Element(Atom + "content")!.Value));
        Assert.Equal(("nl", "Infoavond in het gemeentehuis."), ((string)entries[1].Attribute(XNamespace.Xml + "lang")!, entries[1].Element(Atom + "title")!.Value));
        Assert.StartsWith("Actualités de prévention", fr.Root!.Element(Atom + "title")!.Value);

        var de = await AtomAsync($"/feeds/bins/{bin.Id}.atom", lang: "de-BE");
        Assert.Equal("Vorsicht vor falschen Klempnern.", de.Root!.Elements(Atom + "entry").First().Element(Atom + "content")!.Value);
        Assert.StartsWith("Präventionsnachrichten", de.Root!.Element(Atom + "title")!.Value);
        Assert.Equal([Urn(trilingual), Urn(dutchOnly)], EntryIds(de));
    }

    [Fact]
    public async Task A_long_feed_is_paged_by_fifty_with_next_and_previous_links()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var ids = new List<long>();
        for (var n = 0; n < PublicFeed.PageSize + 5; n++)
            ids.Add(await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], nl: $"Tip {n}", createdAt: Winter.AddMinutes(n)));
        ids.Reverse();

        var first = await AtomAsync($"/feeds/bins/{bin.Id}.atom");
        Assert.Equal(ids.Take(PublicFeed.PageSize).Select(Urn), EntryIds(first));
        var next = first.Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "next").Attribute("href")!.Value;
        Assert.EndsWith($"/feeds/bins/{bin.Id}.atom?page=2", next);
        var second = await AtomAsync(new Uri(next).PathAndQuery);
        Assert.Equal(ids.Skip(PublicFeed.PageSize).Select(Urn), EntryIds(second));
        Assert.DoesNotContain(second.Root!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "next");
        Assert.Contains(second.Root!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "previous");
    }

    [Fact]
    public async Task Following_the_next_link_of_a_feed_asked_in_french_stays_in_french()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        for (var n = 0; n < PublicFeed.PageSize + 2; n++)
            await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], nl: $"Tip {n}", fr: $"Conseil {n}", createdAt: Winter.AddMinutes(n));

        // The reader's browser says Dutch; only the query asks for French, so only the links can carry it to page 2.
        var first = await AtomAsync($"/feeds/bins/{bin.Id}.atom?lang=fr", lang: "nl-BE");
        string Link(XDocument d, string rel) => d.Root!.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == rel).Attribute("href")!.Value;
        Assert.EndsWith($"/feeds/bins/{bin.Id}.atom?lang=fr", Link(first, "self"));
        var second = await AtomAsync(new Uri(Link(first, "next")).PathAndQuery, lang: "nl-BE");

        Assert.Equal("fr", (string)second.Root!.Attribute(XNamespace.Xml + "lang")!);
        Assert.StartsWith("Actualités de prévention", second.Root!.Element(Atom + "title")!.Value);
        Assert.All(second.Root!.Elements(Atom + "entry"), e => Assert.StartsWith("Conseil ", e.Element(Atom + "content")!.Value));
        Assert.EndsWith("?lang=fr&page=2", Link(second, "self"));
        Assert.EndsWith($"/feeds/bins/{bin.Id}.atom?lang=fr", Link(second, "first"));
    }

    [Fact]
    public async Task A_cap_alert_in_three_languages_is_valid_against_the_official_schema_and_its_extra_rules()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: "BIN Kouter");
        var second = await world.BinAsync(place, BinStatus.Active, name: "BIN Sint-Pieters");
        await app.SetAreaAsync(bin.Id, """{"type":"Polygon","coordinates":[[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06],[3.72,51.05]]]}""");
        var id = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id, second.Id],
            nl: "Inbraakgolf: sluit ramen en deuren.\nMeer tips op de website.", fr: "Vague de cambriolages : fermez portes et fenêtres.",
            de: "Einbruchswelle: Fenster und Türen schließen.", createdAt: new DateTimeOffset(2026, 7, 1, 12, 30, 15, 123, TimeSpan.Zero));

        var response = await app.ClientFor(null).GetAsync($"/feeds/messages/{id}.cap");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/cap+xml", response.Content.Headers.ContentType?.MediaType);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Empty(CapSchemaErrors(xml));
        var doc = XDocument.Parse(xml);
        Assert.Empty(CapRuleErrors(doc));

        var alert = doc.Root!;
        Assert.Equal(Cap + "alert", alert.Name);
        Assert.Equal(($"urn:binhub:message:{id}", "binhub@binhub.be", "2026-07-01T14:30:15+02:00", "Actual", "Alert", "Public"),
            (alert.Element(Cap + "identifier")!.Value, alert.Element(Cap + "sender")!.Value, alert.Element(Cap + "sent")!.Value,
             alert.Element(Cap + "status")!.Value, alert.Element(Cap + "msgType")!.Value, alert.Element(Cap + "scope")!.Value));
        var infos = alert.Elements(Cap + "info").ToList();
        Assert.Equal(["nl-BE", "fr-BE", "de-BE"], infos.Select(i => i.Element(Cap + "language")!.Value));
        Assert.All(infos, i => Assert.Equal(("Safety", "Future", "Minor", "Likely"),
            (i.Element(Cap + "category")!.Value, i.Element(Cap + "urgency")!.Value, i.Element(Cap + "severity")!.Value, i.Element(Cap + "certainty")!.Value)));
        Assert.Equal(("Inbraakgolf: sluit ramen en deuren.", "Preventieadvies"), (infos[0].Element(Cap + "headline")!.Value, infos[0].Element(Cap + "event")!.Value));
        Assert.Equal("Conseil de prévention", infos[1].Element(Cap + "event")!.Value);
        Assert.Equal("Einbruchswelle: Fenster und Türen schließen.", infos[2].Element(Cap + "description")!.Value);
        Assert.DoesNotContain("Inspecteur Geheim", xml);

        var area = infos[0].Element(Cap + "area")!;
        Assert.Equal("BIN Kouter, BIN Sint-Pieters", area.Element(Cap + "areaDesc")!.Value);
        var polygons = area.Elements(Cap + "polygon").Select(p => p.Value).ToList();
        // The first BIN's own area, then the second's municipality boundary (it has no area of its own), as lat,lon.
        Assert.Equal(2, polygons.Count);
        Assert.Equal("51.05,3.72 51.05,3.73 51.06,3.73 51.06,3.72 51.05,3.72", polygons[0]);
        Assert.Equal("51,3.7 51,3.8 51.1,3.8 51.1,3.7 51,3.7", polygons[1]);
    }

    [Fact]
    public void The_schema_check_itself_rejects_a_utc_z_date_and_a_missing_status()
    {
        var bad = $"""
            <alert xmlns="{Cap.NamespaceName}"><identifier>x</identifier><sender>binhub@binhub.be</sender>
            <sent>2026-01-15T20:05:30Z</sent><msgType>Alert</msgType><scope>Public</scope></alert>
            """;
        var errors = CapSchemaErrors(bad);
        Assert.Contains(errors, e => e.Contains("sent"));
        Assert.Contains(errors, e => e.Contains("msgType") || e.Contains("status"));
        Assert.NotEmpty(CapRuleErrors(XDocument.Parse(bad)));
    }

    [Fact]
    public async Task Big_boundaries_are_simplified_to_at_most_200_points_and_every_part_of_a_multipolygon_is_a_polygon()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await app.SetAreaAsync(bin.Id, $$"""{"type":"MultiPolygon","coordinates":[[{{Ring(5000)}}],[{{Ring(12, lon: 3.9)}}]]}""");
        var id = await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id], en: "Neighbourhood meeting on Monday.", nl: null);

        var xml = await app.ClientFor(null).GetStringAsync($"/feeds/messages/{id}.cap");
        Assert.Empty(CapSchemaErrors(xml));
        var doc = XDocument.Parse(xml);
        Assert.Empty(CapRuleErrors(doc));
        var info = Assert.Single(doc.Root!.Elements(Cap + "info"));
        Assert.Equal(("en", "Security"), (info.Element(Cap + "language")!.Value, info.Element(Cap + "category")!.Value));
        var polygons = info.Descendants(Cap + "polygon").Select(p => p.Value.Split(' ')).ToList();
        Assert.Equal(2, polygons.Count);
        Assert.InRange(polygons[0].Length, 100, CapDocument.MaxPoints);
        Assert.Equal(13, polygons[1].Length);
        Assert.All(polygons, p => Assert.Equal(p[0], p[^1]));
    }

    [Fact]
    public async Task A_message_to_more_bins_than_polygons_allowed_is_drawn_as_its_zones_outline()
    {
        var place = await world.PlaceAsync();
        var binIds = new List<int>();
        await using (var db = app.Db())
        {
            (await db.PoliceZones.SingleAsync(z => z.Number == place.Zone)).BoundaryGeoJson =
                """{"type":"Polygon","coordinates":[[[3.6,50.9],[3.9,50.9],[3.9,51.2],[3.6,51.2],[3.6,50.9]]]}""";
            var bins = Enumerable.Range(0, CapDocument.MaxPolygons + 1).Select(n => new Bin
            {
                Name = $"BIN Wijk {n:000}", MunicipalityNis = place.Nis, PoliceZoneNumber = place.Zone, Status = BinStatus.Active,
                AreaGeoJson = $$"""{"type":"Polygon","coordinates":[{{Ring(6, lon: 3.6 + n * 0.002)}}]}""", CreatedAt = app.Clock.Now, UpdatedAt = app.Clock.Now,
            }).ToList();
            db.Bins.AddRange(bins);
            await db.SaveChangesAsync();
            binIds = bins.Select(b => b.Id).ToList();
        }
        var id = await app.MessageAsync(MessageKind.Prevention, place.Zone, [.. binIds], fr: "Fermez votre garage.");

        var xml = await app.ClientFor(null).GetStringAsync($"/feeds/messages/{id}.cap");
        Assert.Empty(CapSchemaErrors(xml));
        var doc = XDocument.Parse(xml);
        Assert.Empty(CapRuleErrors(doc));
        Assert.All(doc.Root!.Elements(Cap + "info"), info =>
            Assert.Equal("50.9,3.6 50.9,3.9 51.2,3.9 51.2,3.6 50.9,3.6", Assert.Single(info.Descendants(Cap + "polygon")).Value));
        Assert.Contains("BIN Wijk 100", doc.Root!.Descendants(Cap + "areaDesc").First().Value);
    }

    [Theory]
    [InlineData("""{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.7,51.0]]]}""", 0)]
    [InlineData("""{"type":"Point","coordinates":[3.7,51.0]}""", 0)]
    [InlineData("not json", 0)]
    [InlineData("""{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.8,51.1],[3.7,51.0]]]}}""", 1)]
    public void Degenerate_or_broken_shapes_give_no_polygon(string geoJson, int expected) =>
        Assert.Equal(expected, CapDocument.Polygons(geoJson).Count);

    [Fact]
    public void Cap_times_carry_an_explicit_offset_without_z_or_fractions_in_summer_and_winter()
    {
        Assert.Equal("2026-01-15T21:05:30+01:00", FeedText.Time(Winter.AddTicks(1234567)));
        Assert.Equal("2026-07-01T02:00:00+02:00", FeedText.Time(new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Alarms_feedback_and_unpublished_messages_have_no_cap_and_asking_for_one_is_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var alarm = await app.MessageAsync(MessageKind.Alarm, place.Zone, [bin.Id], isPublic: true);
        var feedback = await app.MessageAsync(MessageKind.Feedback, place.Zone, [bin.Id], isPublic: true);
        var members = await app.MessageAsync(MessageKind.Prevention, place.Zone, [bin.Id], isPublic: false);
        var waiting = await app.MessageAsync(MessageKind.Info, place.Zone, [bin.Id], state: MessageState.AwaitingApproval);
        var client = app.ClientFor(null);
        foreach (var id in new[] { alarm, feedback, members, waiting })
        {
            var response = await client.GetAsync($"/feeds/messages/{id}.cap");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("Sluit uw ramen", await response.Content.ReadAsStringAsync());
            await using var db = app.Db();
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "PublicCap" && a.Outcome == "Denied" && a.EntityId == id.ToString()));
        }
    }

    [Fact]
    public async Task An_empty_feed_keeps_its_updated_time_etag_and_last_modified_so_a_poller_gets_304()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var client = app.ClientFor(null, "nl-BE");
        var first = await client.GetAsync($"/feeds/bins/{bin.Id}.atom");
        var updated = DateTimeOffset.Parse(XDocument.Parse(await first.Content.ReadAsStringAsync()).Root!.Element(Atom + "updated")!.Value);
        var start = app.Clock.Now;
        try
        {
            // A reader polls again later: nothing was published, so nothing changed.
            app.Clock.Advance(TimeSpan.FromMinutes(7));
            var byEtag = new HttpRequestMessage(HttpMethod.Get, $"/feeds/bins/{bin.Id}.atom");
            byEtag.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            var byDate = new HttpRequestMessage(HttpMethod.Get, $"/feeds/bins/{bin.Id}.atom");
            byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;

            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(byEtag)).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(byDate)).StatusCode);
        }
        finally { app.Clock.Now = start; }
        await using var db = app.Db();
        var changed = (await db.Bins.FindAsync(bin.Id))!.UpdatedAt;
        Assert.Equal(changed.ToUnixTimeSeconds(), updated.ToUnixTimeSeconds());
        Assert.Equal(changed.ToUnixTimeSeconds(), first.Content.Headers.LastModified!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task The_finders_bin_cards_link_to_their_feed()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        string muni;
        await using (var db = app.Db()) muni = (await db.Municipalities.SingleAsync(m => m.Nis == place.Nis)).NameNl;
        var page = await app.ClientFor(null, "nl-BE").GetStringAsync($"/Join?q={Uri.EscapeDataString(muni)}");
        Assert.Contains($"href=\"/feeds/bins/{bin.Id}.atom\"", page);
        Assert.Contains("Preventienieuws (Atom)", page);
    }
}

public class FeedRateLimitTests(FeedRateLimitTests.LowLimitApp app) : IClassFixture<FeedRateLimitTests.LowLimitApp>
{
    public sealed class LowLimitApp : BinHubApp
    {
        protected override int AnonymousPerMinute => 3;
    }

    [Fact]
    public async Task Feeds_are_limited_like_every_anonymous_request()
    {
        var client = app.ClientFor(null);
        var statuses = new List<HttpStatusCode>();
        for (var n = 0; n < 5; n++) statuses.Add((await client.GetAsync("/feeds/national.atom")).StatusCode);
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
