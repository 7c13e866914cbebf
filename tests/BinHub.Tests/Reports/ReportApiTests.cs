namespace BinHub.Tests.Reports;

public class ReportApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(int Reports, int Photos)> CountsAsync()
    {
        await using var db = app.Db();
        return (await db.Reports.CountAsync(), await db.ReportPhotos.CountAsync());
    }

    private async Task<int> DeniedAsync(string action, string? id = null)
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync(a => a.Action == action && a.Outcome == "Denied" && (id == null || a.EntityId == id));
    }

    [Fact]
    public async Task A_member_reports_and_gets_a_reference_the_report_is_new_urgency_follows_the_category()
    {
        var s = await app.ReportSetupAsync(world);
        var response = await app.ClientFor(s.Home.Person.Token).PostAsJsonAsync("/api/v1/reports", ReportBuilders.Valid(category: "Burglary"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();
        Assert.Equal($"R-2026-{id:000000}", body.GetProperty("reference").GetString());
        Assert.Equal("New", body.GetProperty("state").GetString());
        await using var db = app.Db();
        var report = await db.Reports.SingleAsync(r => r.Id == id);
        Assert.Equal((ReportUrgency.High, ReportSource.Web, s.Home.MemberId, "1-ABC-123"), (report.Urgency, report.Source, report.MemberId!.Value, report.LicencePlate!));
        Assert.Equal(app.Clock.Now, report.OccurredAt);
        Assert.True(await db.ReportEvents.AnyAsync(e => e.ReportId == id && e.Kind == "Submitted"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Create" && a.EntityType == "Report" && a.EntityId == id.ToString()));
    }

    [Theory]
    [InlineData("text", "long")]
    [InlineData("occurredAt", "future")]
    [InlineData("occurredAt", "old")]
    [InlineData("category", "99")]
    [InlineData("street", "elsewhere")]
    [InlineData("suspect", "long")]
    public async Task An_invalid_report_is_refused_and_nothing_is_written(string field, string what)
    {
        var s = await app.ReportSetupAsync(world);
        var before = await CountsAsync();
        object body = (field, what) switch
        {
            ("text", _) => new { category = "Theft", street = "Kerkstraat", text = new string('x', Report.MaxText + 1) },
            ("occurredAt", "future") => new { category = "Theft", street = "Kerkstraat", text = "bike", occurredAt = app.Clock.Now.AddHours(1) },
            ("occurredAt", _) => new { category = "Theft", street = "Kerkstraat", text = "bike", occurredAt = app.Clock.Now.AddDays(-31) },
            ("category", _) => new { category = 99, street = "Kerkstraat", text = "bike" },
            ("street", _) => new { category = "Theft", street = "Rue de la Loi", text = "bike" },
            _ => new { category = "Theft", street = "Kerkstraat", text = "bike", suspect = new { clothing = new string('y', Report.MaxShort + 1) } },
        };
        var response = await app.ClientFor(s.Home.Person.Token).PostAsJsonAsync("/api/v1/reports", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_unknown_category_name_is_a_clear_400_and_writes_nothing()
    {
        var s = await app.ReportSetupAsync(world);
        var before = await CountsAsync();
        var response = await app.ClientFor(s.Home.Person.Token).PostAsJsonAsync("/api/v1/reports", new { category = "Murder", street = "Kerkstraat", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var form = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports", new MultipartFormDataContent
        {
            { new StringContent("Murder"), "category" }, { new StringContent("Kerkstraat"), "street" }, { new StringContent("x"), "text" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_photo_with_exif_gps_is_stored_without_any_metadata()
    {
        var s = await app.ReportSetupAsync(world);
        var original = ReportBuilders.JpegWithGps();
        Assert.Contains((byte)0xE1, ReportBuilders.JpegMarkers(original)); // the test image really carries EXIF …
        Assert.True(ReportBuilders.Contains(original, "Exif\0\0"u8.ToArray()));
        Assert.True(ReportBuilders.Contains(original, ReportBuilders.GpsLatitudeRationals)); // … with a GPS position

        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports",
            ReportBuilders.Multipart(null, ("IMG_0001.jpg", "image/jpeg", original)));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        await using var db = app.Db();
        var photo = await db.ReportPhotos.SingleAsync(p => p.ReportId == id);
        Assert.Equal("image/jpeg", photo.ContentType);
        Assert.Equal((64, 48), (photo.Width, photo.Height));
        Assert.Equal(0xD8, photo.Bytes[1]);
        Assert.DoesNotContain((byte)0xE1, ReportBuilders.JpegMarkers(photo.Bytes)); // no APP1 at all: no EXIF, no XMP
        Assert.False(ReportBuilders.Contains(photo.Bytes, "Exif"u8.ToArray()));
        Assert.False(ReportBuilders.Contains(photo.Bytes, ReportBuilders.GpsLatitudeRationals));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(photo.Bytes)).ToLowerInvariant(), photo.Sha256);

        // The zone's officer gets exactly the stored, clean bytes.
        var fetched = await app.ClientFor(s.Officer.Token).GetAsync($"/api/v1/reports/{id}/photos/{photo.Id}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(photo.Bytes, await fetched.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_large_png_is_scaled_down_to_2560_pixels_and_stored_as_jpeg()
    {
        var s = await app.ReportSetupAsync(world);
        using var bitmap = new SkiaSharp.SKBitmap(3000, 1000);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports",
            ReportBuilders.Multipart(null, ("wide.png", "image/png", data.ToArray())));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = app.Db();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var photo = await db.ReportPhotos.SingleAsync(p => p.ReportId == id);
        Assert.Equal((2560, 853, "image/jpeg"), (photo.Width, photo.Height, photo.ContentType));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("large")]
    [InlineData("many")]
    public async Task A_refused_photo_refuses_the_whole_report_and_nothing_is_written(string what)
    {
        var s = await app.ReportSetupAsync(world);
        var before = await CountsAsync();
        var good = ReportBuilders.JpegWithGps();
        var big = new byte[6 * 1024 * 1024];
        good.CopyTo(big, 0); // a real JPEG start, but 6 MB
        (string, string, byte[])[] photos = what switch
        {
            "text" => [("photo.jpg", "image/jpeg", "this is a text file, not a photo"u8.ToArray())],
            "large" => [("huge.jpg", "image/jpeg", big)],
            _ => [("1.jpg", "image/jpeg", good), ("2.jpg", "image/jpeg", good), ("3.jpg", "image/jpeg", good), ("4.jpg", "image/jpeg", good)],
        };
        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports", ReportBuilders.Multipart(null, photos));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("photos", out _));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_member_sees_only_their_own_reports()
    {
        var s = await app.ReportSetupAsync(world);
        var neighbour = await app.HouseholdAsync(world, s.Bin.Id, name: "Buur", language: "nl");
        var mine = await app.ReportAsync(s.Home.Person.Token, "my van");
        var theirs = await app.ReportAsync(neighbour.Person.Token, "their van");

        var list = await app.ClientFor(s.Home.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/reports/mine");
        var ids = list.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(mine, ids);
        Assert.DoesNotContain(theirs, ids);
        var own = await app.ClientFor(s.Home.Person.Token).GetFromJsonAsync<JsonElement>($"/api/v1/reports/{mine}");
        Assert.Equal("New", own.GetProperty("reporter").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("police").ValueKind);

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(s.Home.Person.Token).GetAsync($"/api/v1/reports/{theirs}")).StatusCode);
        Assert.Equal(1, await DeniedAsync("ReadReport", theirs.ToString()));
        // A member has no inbox.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(s.Home.Person.Token).GetAsync("/api/v1/reports")).StatusCode);
    }

    [Fact]
    public async Task An_officer_of_another_zone_gets_404_and_an_audit_line_everywhere()
    {
        var s = await app.ReportSetupAsync(world);
        var id = await app.ReportAsync(s.Home.Person.Token);
        var photoReport = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports",
            ReportBuilders.Multipart(null, ("a.jpg", "image/jpeg", ReportBuilders.JpegWithGps())));
        var withPhoto = (await photoReport.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        int photoId;
        await using (var db = app.Db()) photoId = await db.ReportPhotos.Where(p => p.ReportId == withPhoto).Select(p => p.Id).SingleAsync();

        var elsewhere = await world.PlaceAsync();
        var stranger = app.ClientFor((await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone)).Token);
        var inbox = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/reports");
        Assert.DoesNotContain(inbox.GetProperty("items").EnumerateArray(), x => x.GetProperty("id").GetInt32() == id);

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/reports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/reports/{id}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/reports/{id}/notes", new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/reports/{id}/decision", new { decision = "NoAction" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/reports/{id}/incident", new { newTitle = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/reports/{withPhoto}/photos/{photoId}")).StatusCode);
        foreach (var action in new[] { "ReadReport", "ClaimReport", "AddReportNote", "DecideReport", "LinkReportIncident" })
            Assert.Equal(1, await DeniedAsync(action, id.ToString()));
        Assert.Equal(1, await DeniedAsync("ReadReportPhoto", $"{withPhoto}/{photoId}"));
        // Nothing changed.
        await using var check = app.Db();
        var report = await check.Reports.SingleAsync(r => r.Id == id);
        Assert.Equal((ReportState.New, (string?)null, 0), (report.State, report.ClaimedByUserId, await check.ReportNotes.CountAsync(n => n.ReportId == id)));
    }

    [Fact]
    public async Task A_reporter_cannot_fetch_photos_nor_work_the_report()
    {
        var s = await app.ReportSetupAsync(world);
        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports",
            ReportBuilders.Multipart(null, ("a.jpg", "image/jpeg", ReportBuilders.JpegWithGps())));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        int photoId;
        await using (var db = app.Db()) photoId = await db.ReportPhotos.Where(p => p.ReportId == id).Select(p => p.Id).SingleAsync();
        var member = app.ClientFor(s.Home.Person.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/v1/reports/{id}/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.PostAsync($"/api/v1/reports/{id}/claim", null)).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task Other_roles_cannot_read_the_inbox_nor_a_report(string role)
    {
        var s = await app.ReportSetupAsync(world);
        var id = await app.ReportAsync(s.Home.Person.Token);
        var person = await world.PersonAsync(role, zone: null, nis: role == Roles.MunicipalityOfficial ? s.Place.Nis : null,
            coordinates: role == Roles.Coordinator ? s.Bin.Id : null);
        var client = app.ClientFor(person.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/reports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/reports/{id}/claim", null)).StatusCode);
        Assert.Equal(1, await DeniedAsync("ReadReport", id.ToString()));
        Assert.True(await DeniedAsync("ReadReportInbox") >= 1);
    }

    [Fact]
    public async Task The_inbox_lists_urgent_reports_first_then_newest_and_filters_by_state()
    {
        var s = await app.ReportSetupAsync(world);
        var older = await app.ReportAsync(s.Home.Person.Token, "older van");
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        var burglary = await app.ReportAsync(s.Home.Person.Token, "burglary", "Burglary");
        app.Clock.Now = app.Clock.Now.AddMinutes(1);
        var newer = await app.ReportAsync(s.Home.Person.Token, "newer van");
        var officer = app.ClientFor(s.Officer.Token);
        var inbox = await officer.GetFromJsonAsync<JsonElement>("/api/v1/reports?pageSize=100");
        var ids = inbox.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()).Where(i => i == older || i == burglary || i == newer).ToList();
        Assert.Equal([burglary, newer, older], ids);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/reports/{newer}/claim", null)).StatusCode);
        var claimed = await officer.GetFromJsonAsync<JsonElement>("/api/v1/reports?state=Claimed");
        Assert.Equal([newer], claimed.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()).ToList());
        var page = await officer.GetFromJsonAsync<JsonElement>("/api/v1/reports?pageSize=1&page=2");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
    }

    [Fact]
    public async Task Claim_note_incident_and_decision_are_recorded_with_who_and_when_and_each_read_is_audited()
    {
        var s = await app.ReportSetupAsync(world);
        var first = await app.ReportAsync(s.Home.Person.Token, "van at nr 5");
        var second = await app.ReportAsync(s.Home.Person.Token, "same van at nr 9");
        var officer = app.ClientFor(s.Officer.Token);

        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsync($"/api/v1/reports/{first}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/v1/reports/{first}/notes", new { text = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/reports/{first}/notes", new { text = "Patrol informed" })).StatusCode);
        var linked = await officer.PostAsJsonAsync($"/api/v1/reports/{first}/incident", new { newTitle = "Grey van in Kerkstraat" });
        var incidentId = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync($"/api/v1/reports/{second}/incident", new { incidentId })).StatusCode);
        // Forwarding to dispatch without a note is refused; with one it is recorded.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsJsonAsync($"/api/v1/reports/{first}/decision", new { decision = "ForwardedToDispatch" })).StatusCode);
        app.Clock.Now = app.Clock.Now.AddMinutes(3);
        var decided = await officer.PostAsJsonAsync($"/api/v1/reports/{first}/decision", new { decision = "ForwardedToDispatch", note = "Passed to CIC by phone" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await officer.PostAsync($"/api/v1/reports/{first}/claim", null)).StatusCode);

        var view = await officer.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{first}");
        var police = view.GetProperty("police");
        Assert.Equal("Jan Melder", police.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal("Decided", police.GetProperty("summary").GetProperty("state").GetString());
        Assert.Equal("ForwardedToDispatch", police.GetProperty("summary").GetProperty("decision").GetString());
        Assert.Equal(s.Officer.User.DisplayName, police.GetProperty("decidedBy").GetString());
        Assert.Equal(app.Clock.Now, police.GetProperty("decidedAt").GetDateTimeOffset());
        Assert.Equal(incidentId, police.GetProperty("incident").GetProperty("id").GetInt32());
        Assert.Equal(["Submitted", "Claimed", "Noted", "Linked", "Decided"],
            police.GetProperty("trail").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList());
        Assert.Equal("Patrol informed", police.GetProperty("notes")[0].GetProperty("text").GetString());

        await using var db = app.Db();
        Assert.Equal(incidentId, (await db.Reports.SingleAsync(r => r.Id == second)).IncidentId);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "ReadReport" && a.EntityId == first.ToString() && a.UserId == s.Officer.User.Id && a.Outcome == "Ok"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "DecideReport" && a.EntityId == first.ToString()));
        // The reporter sees the state, not the police's notes.
        var own = await app.ClientFor(s.Home.Person.Token).GetFromJsonAsync<JsonElement>($"/api/v1/reports/{first}");
        Assert.Equal("Decided", own.GetProperty("reporter").GetProperty("state").GetString());
        Assert.DoesNotContain("Patrol informed", own.GetRawText());
    }

    [Fact]
    public async Task An_incident_of_another_zone_cannot_be_attached()
    {
        var s = await app.ReportSetupAsync(world);
        var other = await app.ReportSetupAsync(world);
        var theirs = await app.ReportAsync(other.Home.Person.Token);
        var linked = await app.ClientFor(other.Officer.Token).PostAsJsonAsync($"/api/v1/reports/{theirs}/incident", new { newTitle = "Their incident" });
        var foreignIncident = (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetInt32();
        var mine = await app.ReportAsync(s.Home.Person.Token);
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/reports/{mine}/incident", new { incidentId = foreignIncident })).StatusCode);
        Assert.Equal(1, await DeniedAsync("LinkReportIncident", foreignIncident.ToString()));
    }

    [Fact]
    public async Task A_coordinator_reports_for_a_member_who_phoned_or_an_unknown_caller_but_only_in_their_own_bin()
    {
        var s = await app.ReportSetupAsync(world);
        var coordinator = app.ClientFor((await world.PersonAsync(Roles.Coordinator, coordinates: s.Bin.Id)).Token);
        var forMember = await coordinator.PostAsJsonAsync($"/api/v1/bins/{s.Bin.Id}/reports",
            new { memberId = s.Home.MemberId, category = "Fraud", street = "Dorpsstraat", text = "Caller posing as bank employee" });
        Assert.Equal(HttpStatusCode.Created, forMember.StatusCode);
        var unknown = await coordinator.PostAsJsonAsync($"/api/v1/bins/{s.Bin.Id}/reports", new { category = "Fire", street = "Kerkstraat", text = "Smoke" });
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        var id = (await forMember.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await using (var db = app.Db())
        {
            var r = await db.Reports.SingleAsync(x => x.Id == id);
            Assert.Equal((true, ReportSource.OnBehalf, s.Home.MemberId), (r.OnBehalf, r.Source, r.MemberId!.Value));
        }
        var other = await app.ReportSetupAsync(world);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync($"/api/v1/bins/{other.Bin.Id}/reports",
            new { category = "Fire", street = "Kerkstraat", text = "Smoke" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync($"/api/v1/bins/{s.Bin.Id}/reports",
            new { memberId = other.Home.MemberId, category = "Fire", street = "Kerkstraat", text = "Smoke" })).StatusCode);
        Assert.Equal(1, await DeniedAsync("SubmitReportOnBehalf", other.Bin.Id.ToString()));
        Assert.Equal(1, await DeniedAsync("SubmitReportOnBehalf", other.Home.MemberId.ToString()));
    }

    [Fact]
    public async Task The_report_routes_are_in_the_openapi_document()
    {
        var doc = await app.ClientFor(null).GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/reports", "/api/v1/reports/{id}", "/api/v1/reports/{id}/claim", "/api/v1/reports/{id}/notes",
                     "/api/v1/reports/{id}/decision", "/api/v1/reports/{id}/photos/{photoId}" })
            Assert.Contains($"\"{path}\"", doc);
    }
}
