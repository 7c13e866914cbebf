namespace BinHub.Tests.SteeringCommittee;

public class SteeringPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_report_page_is_refused_to_the_admin_and_the_police_and_shows_the_kenniscentrum_charts_with_their_text_alternative()
    {
        var place = await world.PlaceAsync();
        foreach (var role in new[] { Roles.Admin, Roles.PoliceOfficer })
        {
            var other = await app.ClientFor((await world.PersonAsync(role, zone: place.Zone)).Token).GetAsync("/SteeringCommittee/Report");
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var centre = app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token, "nl");

        var html = WebUtility.HtmlDecode(await centre.GetStringAsync("/SteeringCommittee/Report?year=2025"));

        Assert.Contains("Jaarverslag 2025 voor het begeleidingscomité", html);
        Assert.Matches("<svg [^>]*role=\"img\" aria-labelledby=\"chart-regions-title chart-regions-desc\"", html);
        Assert.Matches(@"<desc id=""chart-regions-desc"">[^<]*Gewest 02000: 2025 \d+, 2024 \d+", html); // every bar's value, in words
        Assert.Contains("id=\"table-regions\"", html);
        Assert.Contains("?handler=Download&year=2025&format=Pdf", html);
    }

    [Fact]
    public async Task Erasing_an_attendee_from_the_page_needs_the_confirmation_ticked()
    {
        var centre = app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token);
        var id = await SteeringCrawl.MeetingAsync(centre);
        int attendee;
        await using (var db = app.Db()) attendee = await db.SteeringAttendees.Where(a => a.MeetingId == id).Select(a => a.Id).SingleAsync();
        var url = $"/SteeringCommittee/Meeting/{id}";

        var unconfirmed = await Forms.PostAsync(centre, url, $"{url}?handler=Erase", new() { ["attendeeId"] = attendee.ToString() });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("cannot be undone", await unconfirmed.Content.ReadAsStringAsync());
        await using (var db = app.Db()) Assert.Null((await db.SteeringAttendees.SingleAsync(a => a.Id == attendee)).ErasedAt);

        var confirmed = await Forms.PostAsync(centre, url, $"{url}?handler=Erase", new() { ["attendeeId"] = attendee.ToString(), ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        await using (var db = app.Db()) Assert.NotNull((await db.SteeringAttendees.SingleAsync(a => a.Id == attendee)).ErasedAt);
    }
}

public class SteeringPageUploadTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task A_document_that_is_not_a_pdf_or_an_image_is_refused_on_the_meeting_page_and_nothing_is_stored()
    {
        var centre = app.ClientFor((await new World(app).PersonAsync(Roles.KenniscentrumAdmin)).Token);
        var id = await SteeringCrawl.MeetingAsync(centre);
        var url = $"/SteeringCommittee/Meeting/{id}";
        var form = new MultipartFormDataContent
        {
            { new StringContent(await Forms.TokenAsync(centre, url)), "__RequestVerificationToken" },
            { new ByteArrayContent("MZ not a document"u8.ToArray()), "file", "notulen.exe" },
        };

        var response = await centre.PostAsync($"{url}?handler=Document", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("is not a PDF document or a JPEG, PNG or WebP image", html);
        Assert.Matches("<a href=\"#document-file\"", html); // the message leads to the file field
        await using var db = app.Db();
        Assert.Equal(1, await db.SteeringDocuments.CountAsync(d => d.MeetingId == id)); // only the crawl helper's PDF
    }
}

public class ReportChartTests
{
    [Fact]
    public void The_delivered_share_chart_names_each_channels_percentage_in_its_description()
    {
        var report = new BinHub.Features.SteeringCommittee.AnnualReport.Result(2025, DateTimeOffset.UnixEpoch,
            new([], [], [], new("", "", 0, 0, 0, 0)), new(0, 0), new(0, 0, 0), new(0, 0, 0), new(0, 0, 0, null, null),
            [new(MessageKind.Alarm, Channels.Sms, 2, 4, 2), new(MessageKind.Prevention, Channels.Sms, 1, 4, 4), new(MessageKind.Alarm, Channels.Email, 1, 3, 3)],
            new(0, 0), new(0, 0, 0), []);

        var charts = BinHub.Features.SteeringCommittee.ReportCharts.Build(report, Voice.CallScriptTests.L);

        var share = charts.Single(c => c.Svg.Contains("id=\"chart-share-desc\"")).Svg;
        Assert.Contains("SMS: Delivered (%) 75 %", share);   // 6 of 8 over both types
        Assert.Contains("E-mail: Delivered (%) 100 %", share);
        Assert.DoesNotContain(charts, c => c.Svg.Contains("chart-regions")); // no BIN at all: no empty chart
    }
}
