using System.Text.RegularExpressions;

namespace BinHub.Tests.Reports;

public partial class ReportPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string? handler, MultipartFormDataContent form)
    {
        var page = await client.GetStringAsync(pageUrl);
        form.Add(new StringContent(Token().Match(page).Groups[1].Value), "__RequestVerificationToken");
        return await client.PostAsync(handler is null ? pageUrl : $"{pageUrl}?handler={handler}", form);
    }

    [Fact]
    public async Task The_form_shows_112_and_101_before_anything_else()
    {
        var s = await app.ReportSetupAsync(world);
        var html = WebUtility.HtmlDecode(await app.ClientFor(s.Home.Person.Token, "fr").GetStringAsync("/Reports/New"));
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..];
        Assert.True(main.IndexOf("112", StringComparison.Ordinal) < main.IndexOf("<form", StringComparison.Ordinal));
        Assert.Contains("n'est pas suivi comme une ligne d'urgence", main);
        Assert.Contains("Dorpsstraat", main); // the BIN's streets are offered
    }

    [Fact]
    public async Task A_member_reports_on_the_page_with_a_photo_and_sees_the_reference_and_state()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token);
        var photo = new ByteArrayContent(ReportBuilders.JpegWithGps());
        photo.Headers.ContentType = new("image/jpeg");
        var form = new MultipartFormDataContent
        {
            { new StringContent("Vandalism"), "Category" }, { new StringContent("2026-03-02T09:30"), "OccurredAt" }, { new StringContent("Dorpsstraat"), "Street" },
            { new StringContent("14"), "HouseNumber" }, { new StringContent("Mailboxes kicked in"), "Text" }, { new StringContent("two teenagers"), "Suspect.ApparentAge" },
            { photo, "Photos", "mailbox.jpg" },
        };
        var response = await PostAsync(client, "/Reports/New", null, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.Db();
        var report = await db.Reports.Include(r => r.Photos).SingleAsync(r => r.MemberId == s.Home.MemberId);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 30, 0, TimeSpan.Zero), report.OccurredAt); // 09:30 in Brussels (CET)
        Assert.Equal("two teenagers", report.SuspectApparentAge);
        Assert.DoesNotContain((byte)0xE1, ReportBuilders.JpegMarkers(Assert.Single(report.Photos).Bytes));
        var list = WebUtility.HtmlDecode(await client.GetStringAsync("/Reports"));
        Assert.Contains(report.Reference, list);
        Assert.Contains("New", list);
    }

    [Fact]
    public async Task A_refused_report_on_the_page_shows_why_and_writes_nothing()
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token);
        var text = new ByteArrayContent("not an image"u8.ToArray());
        text.Headers.ContentType = new("image/jpeg");
        var form = new MultipartFormDataContent
        {
            { new StringContent("Theft"), "Category" }, { new StringContent("2026-03-02T11:30"), "OccurredAt" }, { new StringContent("Kerkstraat"), "Street" },
            { new StringContent("Bike stolen"), "Text" }, { text, "Photos", "bike.jpg" },
        };
        var response = await PostAsync(client, "/Reports/New", null, form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("cannot be in the future", html);
        Assert.Contains("bike.jpg is not a JPEG, PNG or WebP image", html);
        await using var db = app.Db();
        Assert.False(await db.Reports.AnyAsync(r => r.MemberId == s.Home.MemberId));
    }

    [Fact]
    public async Task The_police_inbox_and_report_pages_are_for_the_zones_officers_and_reading_is_audited()
    {
        var s = await app.ReportSetupAsync(world);
        var id = await app.ReportAsync(s.Home.Person.Token, "Van with ladder", "SuspiciousVehicle");
        var officer = app.ClientFor(s.Officer.Token);
        var inbox = WebUtility.HtmlDecode(await officer.GetStringAsync("/Police/Inbox"));
        Assert.Contains($"/Police/Report/{id}", inbox);
        Assert.Contains("/lib/signalr/signalr.min.js", inbox);
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Police/Report/{id}"));
        Assert.Contains("Jan Melder", page);
        Assert.Contains("Van with ladder", page);
        await using (var db = app.Db())
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "ReadReport" && a.EntityId == id.ToString() && a.Outcome == "Ok"));

        var stranger = app.ClientFor((await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone)).Token);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Police/Report/{id}")).StatusCode);
        foreach (var role in new[] { Roles.Coordinator, Roles.MunicipalityOfficial, Roles.Member })
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor((await world.PersonAsync(role)).Token).GetAsync("/Police/Inbox")).StatusCode);
    }

    [Fact]
    public async Task Deciding_alarm_on_the_page_records_it_and_opens_the_composer_for_this_report()
    {
        var s = await app.ReportSetupAsync(world);
        var id = await app.ReportAsync(s.Home.Person.Token, "Break-in now at nr 3", "Burglary");
        var officer = app.ClientFor(s.Officer.Token);
        var response = await PostAsync(officer, $"/Police/Report/{id}", "Decide", new MultipartFormDataContent { { new StringContent("Alarm"), "Decision" } });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Messages/Compose?reportId={id}", response.Headers.Location!.OriginalString);
        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.Id == id);
        Assert.Equal((ReportState.Decided, ReportDecision.Alarm, s.Officer.User.Id), (report.State, report.Decision!.Value, report.DecidedByUserId!));
    }

    [Fact]
    public async Task A_coordinator_reports_for_a_caller_on_the_reduced_form()
    {
        var s = await app.ReportSetupAsync(world);
        var coordinator = app.ClientFor((await world.PersonAsync(Roles.Coordinator, coordinates: s.Bin.Id)).Token);
        var html = WebUtility.HtmlDecode(await coordinator.GetStringAsync("/Reports/OnBehalf"));
        Assert.Contains("Jan Melder", html);
        var response = await PostAsync(coordinator, "/Reports/OnBehalf", null, new MultipartFormDataContent
        {
            { new StringContent(s.Bin.Id.ToString()), "BinId" }, { new StringContent(""), "MemberId" }, { new StringContent("Fraud"), "Category" },
            { new StringContent("2026-03-02T09:55"), "OccurredAt" }, { new StringContent("Kerkstraat"), "Street" }, { new StringContent("Fake police at the door"), "Text" },
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.BinId == s.Bin.Id && r.OnBehalf);
        Assert.Null(report.MemberId); // unknown caller
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(s.Home.Person.Token).GetAsync("/Reports/OnBehalf")).StatusCode);
    }

    [Fact]
    public async Task Reading_members_on_the_on_behalf_form_and_reading_the_report_made_are_audited()
    {
        var s = await app.ReportSetupAsync(world);
        var person = await world.PersonAsync(Roles.Coordinator, coordinates: s.Bin.Id);
        var coordinator = app.ClientFor(person.Token);
        Assert.Contains("Jan Melder", WebUtility.HtmlDecode(await coordinator.GetStringAsync("/Reports/OnBehalf")));
        var made = await coordinator.PostAsJsonAsync($"/api/v1/bins/{s.Bin.Id}/reports",
            new { memberId = s.Home.MemberId, category = "Fraud", street = "Dorpsstraat", text = "Caller posing as bank employee" });
        var id = (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/api/v1/reports/{id}")).StatusCode);

        await using var db = app.Db();
        var lines = await db.AuditEntries.Where(a => a.UserId == person.User.Id).ToListAsync();
        Assert.Contains(lines, a => a.Action == "ReadPersonalData" && a.Details!.StartsWith($"bin={s.Bin.Id}; on-behalf report form"));
        Assert.Contains(lines, a => a.Action == "ReadReport" && a.EntityId == id.ToString() && a.Outcome == "Ok");
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();
}
