using System.Globalization;
using System.Text.RegularExpressions;
using BinHub.Features.Bins;
using BinHub.Features.Geography;

namespace BinHub.Tests.Web;

/// <summary>
/// Issue 14, items 5 and 13e: a click on the map (without JavaScript, an image button posting the pixel) fills the point on
/// the report form and the composer, or adds a corner to a BIN's area, and shows the form again without sending anything.
/// The builders' municipality is the square 3.7–3.8 E, 51.0–51.1 N, so the middle of its map is 51.05 N, 3.75 E.
/// </summary>
public partial class MapClickTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static double Value(string html, string id) =>
        double.Parse(Regex.Match(html, $"id=\"{id}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value, CultureInfo.InvariantCulture);

    private async Task<AreaMap> MapOfAsync(string nis)
    {
        await using var db = app.Db();
        return AreaMap.Fit([await db.Municipalities.Where(m => m.Nis == nis).Select(m => m.BoundaryGeoJson).SingleAsync()]);
    }

    private MultipartFormDataContent ReportForm(string page, int x, int y) => new()
    {
        { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        { new StringContent("Vandalism"), "Category" }, { new StringContent("2026-03-02T09:30"), "OccurredAt" },
        { new StringContent("Bus shelter smashed"), "Text" }, { new StringContent(x.ToString()), "map.x" }, { new StringContent(y.ToString()), "map.y" },
    };

    [Fact]
    public async Task A_click_on_the_report_map_fills_the_point_keeps_the_form_and_sends_nothing()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token, "nl");
        var map = await MapOfAsync(s.Place.Nis);
        var page = await client.GetStringAsync("/Reports/New");
        Assert.Contains("src=\"/Maps/Report.svg\"", page);

        var response = await client.PostAsync("/Reports/New?handler=Map", ReportForm(page, AreaMap.Width / 2, map.Height / 2));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(51.05, Value(html, "lat"), 0.001);
        Assert.Equal(3.75, Value(html, "lon"), 0.001);
        Assert.Contains("Bus shelter smashed</textarea>", html);
        Assert.Contains("/Maps/Report.svg?lat=", html); // the map shows the point
        await using var db = app.Db();
        Assert.False(await db.Reports.AnyAsync(r => r.MemberId == s.Home.MemberId));
    }

    [Fact]
    public async Task The_Enter_key_in_a_field_reaches_the_map_without_a_pixel_and_still_sends_the_report()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token, "nl");
        var page = await client.GetStringAsync("/Reports/New");

        var response = await client.PostAsync("/Reports/New?handler=Map", ReportForm(page, 0, 0));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.Db();
        Assert.True(await db.Reports.AnyAsync(r => r.MemberId == s.Home.MemberId));
    }

    [Fact]
    public async Task The_report_map_is_drawn_for_the_member_only_with_the_point_on_it()
    {
        var s = await app.ReportSetupAsync(world);

        var svg = await app.ClientFor(s.Home.Person.Token).GetAsync("/Maps/Report.svg?lat=51.05&lon=3.75");
        var officers = await app.ClientFor(s.Officer.Token).GetAsync("/Maps/Report.svg");

        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<circle", await svg.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, officers.StatusCode);
    }

    [Fact]
    public async Task A_click_on_the_composer_map_fills_the_centre_keeps_the_texts_and_sends_nothing()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var map = await MapOfAsync(s.Place.Nis);

        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Map", new()
        {
            ["Input.Kind"] = "Alarm", ["Input.RadiusKm"] = "0.5", ["Input.TextNl"] = "Inbraak bezig, blijf binnen",
            ["map.x"] = (AreaMap.Width / 2).ToString(), ["map.y"] = (map.Height / 2).ToString(),
        });

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(51.05, Value(html, "lat"), 0.001);
        Assert.Equal(3.75, Value(html, "lon"), 0.001);
        Assert.Contains("Inbraak bezig, blijf binnen</textarea>", html);
        Assert.Contains("&r=0.5", html); // the map draws the radius around the centre
        await using var db = app.Db();
        Assert.False(await db.Messages.AnyAsync(m => m.ZoneNumber == s.Place.Zone));
    }

    [Fact]
    public async Task Three_clicks_on_the_BIN_map_draw_a_closed_outline_that_saves()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        var map = await MapOfAsync(place.Nis);
        var url = $"/Registry/Edit/{bin.Id}";
        Dictionary<string, string> Fields(string area) => new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Urgent"] = "Sms", ["Input.AreaGeoJson"] = area,
        };

        var area = "";
        foreach (var (lat, lon) in new[] { (51.02, 3.72), (51.02, 3.78), (51.08, 3.75) })
        {
            var (x, y) = map.ToPixel(lat, lon);
            var fields = Fields(area);
            fields["map.x"] = ((int)Math.Round(x)).ToString();
            fields["map.y"] = ((int)Math.Round(y)).ToString();
            var response = await Forms.PostAsync(client, url, url + "?handler=Map", fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            area = WebUtility.HtmlDecode(Regex.Match(await response.Content.ReadAsStringAsync(), "<textarea id=\"area\"[^>]*>([^<]*)</textarea>").Groups[1].Value);
        }
        await using (var db = app.Db()) Assert.Null((await db.Bins.SingleAsync(b => b.Id == bin.Id)).AreaGeoJson); // clicks save nothing

        var corners = DrawnArea.Corners(area);
        Assert.Equal(3, corners.Count);
        Assert.Equal(51.08, corners[2].Lat, 0.001);
        Assert.Equal(3.75, corners[2].Lon, 0.001);
        var saved = await Forms.PostAsync(client, url, url, Fields(area));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var after = app.Db();
        var stored = (await after.Bins.SingleAsync(b => b.Id == bin.Id)).AreaGeoJson!;
        Assert.Null(AreaShape.Problem(stored));
        using var geo = JsonDocument.Parse(stored);
        var ring = geo.RootElement.GetProperty("coordinates")[0];
        Assert.Equal(4, ring.GetArrayLength());
        Assert.Equal(ring[0].ToString(), ring[3].ToString());
    }

    [Fact]
    public async Task Removing_the_last_corner_and_clearing_change_only_the_outline_on_the_form()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        var url = $"/Registry/Edit/{bin.Id}";
        var two = DrawnArea.AddCorner(DrawnArea.AddCorner(null, 51.02, 3.72), 51.02, 3.78);
        Dictionary<string, string> Fields() => new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Urgent"] = "Sms", ["Input.AreaGeoJson"] = two,
        };

        var undone = await (await Forms.PostAsync(client, url, url + "?handler=UndoCorner", Fields())).Content.ReadAsStringAsync();
        var cleared = await (await Forms.PostAsync(client, url, url + "?handler=ClearCorners", Fields())).Content.ReadAsStringAsync();

        string Area(string html) => WebUtility.HtmlDecode(Regex.Match(html, "<textarea id=\"area\"[^>]*>([^<]*)</textarea>").Groups[1].Value);
        Assert.Equal(new List<(double, double)> { (51.02, 3.72) }, DrawnArea.Corners(Area(undone)));
        Assert.Equal("", Area(cleared).Trim());
        await using var db = app.Db();
        Assert.Null((await db.Bins.SingleAsync(b => b.Id == bin.Id)).AreaGeoJson);
    }
}
