using System.Text.RegularExpressions;
using BinHub.Infrastructure;

namespace BinHub.Tests.Web;

/// <summary>
/// Coordinates and radii typed with a comma or a dot, in every UI language. The default binder read them in the UI culture:
/// in Dutch and French "51.05" became 5105 and the point fell "outside Belgium".
/// </summary>
public partial class DecimalInputTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Theory]
    [InlineData("nl", "51,05", "3,72")]
    [InlineData("nl", "51.05", "3.72")]
    [InlineData("fr", "51,05", "3,72")]
    [InlineData("fr", "51.05", "3.72")]
    [InlineData("de", "51.05", "3,72")]
    [InlineData("en", "51,05", "3.72")]
    public async Task A_report_point_typed_with_a_comma_or_a_dot_is_stored_as_that_point(string lang, string lat, string lon)
    {
        var s = await app.ReportSetupAsync(world, language: lang);
        var client = app.ClientFor(s.Home.Person.Token, lang);
        var page = await client.GetStringAsync("/Reports/New");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("Vandalism"), "Category" }, { new StringContent("2026-03-02T09:30"), "OccurredAt" },
            { new StringContent(lat), "Lat" }, { new StringContent(lon), "Lon" }, { new StringContent("Bus shelter smashed"), "Text" },
        };

        var response = await client.PostAsync("/Reports/New", form);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.MemberId == s.Home.MemberId);
        Assert.Equal(51.05, report.Lat!.Value, 10);
        Assert.Equal(3.72, report.Lon!.Value, 10);
    }

    [Theory]
    [InlineData("nl", "51,05", "3,72", "0,5")]
    [InlineData("nl", "51.05", "3.72", "0.5")]
    [InlineData("fr", "51,05", "3,72", "0,5")]
    [InlineData("fr", "51.05", "3.72", "0.5")]
    public async Task A_radius_around_a_point_typed_either_way_reaches_the_BIN_there(string lang, string lat, string lon, string km)
    {
        var s = await app.MessagingSetupAsync(world);
        await app.SetAreaAsync(s.Bin.Id, $$"""{"type":"Polygon","coordinates":[{{FeedBuilders.Ring(8, lon: 3.72, lat: 51.05, radius: 0.002)}}]}""");
        var client = app.ClientFor(s.Officer.Token, lang);

        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", new()
        {
            ["Input.Kind"] = "Alarm", ["Input.Lat"] = lat, ["Input.Lon"] = lon, ["Input.RadiusKm"] = km,
            ["Input.TextNl"] = "Inbraak bezig, blijf binnen", ["Input.TextFr"] = "Cambriolage en cours, restez à l'intérieur", ["Input.TextDe"] = "", ["Input.TextEn"] = "",
        });

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        var message = await db.Messages.SingleAsync(m => m.ZoneNumber == s.Place.Zone);
        Assert.True(await db.Deliveries.AnyAsync(d => d.MessageId == message.Id && d.MemberId == s.Jan.MemberId));
    }

    [Theory]
    [InlineData("51,05", 51.05)]
    [InlineData("51.05", 51.05)]
    [InlineData(" -3,5 ", -3.5)]
    [InlineData("4", 4.0)]
    public void One_separator_either_way_is_the_decimal_point(string text, double expected)
    {
        Assert.True(DecimalInputBinder.TryParse(text, typeof(double), out var value));
        Assert.Equal(expected, (double)value!, 10);
        Assert.True(DecimalInputBinder.TryParse(text, typeof(decimal), out var m));
        Assert.Equal((decimal)expected, (decimal)m!);
    }

    [Theory]
    [InlineData("51.050,5")]
    [InlineData("51,050.5")]
    [InlineData("1.000.5")]
    [InlineData("51°05")]
    [InlineData("NaN")]
    public void Ambiguous_or_unreadable_numbers_are_refused(string text) =>
        Assert.False(DecimalInputBinder.TryParse(text, typeof(double), out _));

    [Fact]
    public async Task An_ambiguous_point_is_refused_on_the_page_and_nothing_is_stored()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token, "nl");
        var page = await client.GetStringAsync("/Reports/New");
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent("Vandalism"), "Category" }, { new StringContent("2026-03-02T09:30"), "OccurredAt" },
            { new StringContent("51.050,5"), "Lat" }, { new StringContent("3,72"), "Lon" }, { new StringContent("Bus shelter smashed"), "Text" },
        };

        var response = await client.PostAsync("/Reports/New", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Reports.AnyAsync(r => r.MemberId == s.Home.MemberId));
    }
}
