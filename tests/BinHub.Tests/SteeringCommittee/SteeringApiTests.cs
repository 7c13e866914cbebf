using System.Text;
using MiniExcelLibs;

namespace BinHub.Tests.SteeringCommittee;

public class SteeringApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private static int nextRegion = Random.Shared.Next(1000, 9000);

    /// <summary>A region of the test's own, so the national report's row for it holds only this test's BINs.</summary>
    private async Task<World.Place> OwnRegionAsync() => await world.PlaceAsync($"Z{Interlocked.Increment(ref nextRegion) % 10000:0000}");

    private async Task<HttpClient> CentreAsync(string lang = "en") => app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token, lang);

    [Fact]
    public async Task The_report_is_for_the_kenniscentrum_only_others_are_refused_and_the_anonymous_asked_to_sign_in()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(null).GetAsync("/api/v1/steering-committee/report/2025")).StatusCode);
        var place = await world.PlaceAsync();
        foreach (var role in new[] { Roles.Admin, Roles.PoliceOfficer, Roles.MunicipalityOfficial, Roles.Coordinator })
        {
            var person = await world.PersonAsync(role, zone: place.Zone, nis: place.Nis);
            var client = app.ClientFor(person.Token);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/steering-committee/report/2025")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/steering-committee/meetings")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await (await CentreAsync()).GetAsync("/api/v1/steering-committee/report/2025")).StatusCode);
    }

    [Fact]
    public async Task The_json_report_counts_a_regions_bins_at_the_years_end_with_the_change_and_refuses_a_year_to_come()
    {
        var place = await OwnRegionAsync();
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero));
        await world.BinAsync(place, BinStatus.Active, type: BinType.BinZ, activeSince: new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var client = await CentreAsync();

        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/steering-committee/report/2025");

        var region = report.GetProperty("bins").GetProperty("regions").EnumerateArray().Single(r => r.GetProperty("code").GetString() == place.RegionCode);
        Assert.Equal((1, 1, 2, 1, 1), (region.GetProperty("bin").GetInt32(), region.GetProperty("binZ").GetInt32(), region.GetProperty("total").GetInt32(),
            region.GetProperty("previousTotal").GetInt32(), region.GetProperty("change").GetInt32()));
        var refused = await client.GetAsync("/api/v1/steering-committee/report/2031");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Kies een jaar", await (await (await CentreAsync("nl")).GetAsync("/api/v1/steering-committee/report/2031")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/steering-committee/report/2025?format=docx")).StatusCode);
    }

    [Fact]
    public async Task The_xlsx_holds_the_figures_as_numbers_and_the_csv_the_same_tables_guarded_against_formulas()
    {
        var place = await OwnRegionAsync();
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await using (var db = app.Db()) // a region name that a spreadsheet would run as a formula
            await db.Regions.Where(r => r.Code == place.RegionCode).ExecuteUpdateAsync(s => s.SetProperty(r => r.NameEn, "=HYPERLINK(\"x\")"));
        var client = await CentreAsync();

        var xlsx = await client.GetAsync("/api/v1/steering-committee/report/2025?format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        await using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Contains("regions", stream.GetSheetNames());
        var rows = stream.Query(sheetName: "regions").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("Region", rows[0]["A"]);
        var row = rows.Single(r => r["A"] as string == "'=HYPERLINK(\"x\")");
        Assert.Equal((1d, 0d, 1d, 0d, 1d), (Convert.ToDouble(row["B"]), Convert.ToDouble(row["C"]), Convert.ToDouble(row["D"]), Convert.ToDouble(row["E"]), Convert.ToDouble(row["F"])));

        var csv = await client.GetAsync("/api/v1/steering-committee/report/2025?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        Assert.Contains("BINs per region", text);
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\",1,0,1,0,1", text);
        Assert.Contains("Households at the end of the year,", text);
    }

    [Fact]
    public async Task The_pdf_is_a_pdf_named_for_the_year_with_an_embedded_font()
    {
        var client = await CentreAsync();
        var pdf = await client.GetAsync("/api/v1/steering-committee/report/2025?format=pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Equal("steering-committee-report-2025.pdf", pdf.Content.Headers.ContentDisposition?.FileNameStar ?? pdf.Content.Headers.ContentDisposition?.FileName);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.StartsWith("%PDF", raw);
        Assert.Contains("(Annual report for the steering committee 2025)", raw);
        // Text drawn with a real font file (DejaVu/Liberation): without one the pages would carry no glyphs.
        Assert.Matches(@"/FontFile2?\b", raw);
        Assert.Contains(SteeringFiles.Streams(bytes), page => page.Contains(" Tj") || page.Contains("TJ")); // text-showing operators in a page
    }

    [Fact]
    public async Task A_meeting_is_recorded_with_attendees_decisions_and_a_checked_document_and_an_attendee_can_be_erased()
    {
        var client = await CentreAsync();
        var created = await client.PostAsJsonAsync("/api/v1/steering-committee/meetings",
            new { year = 2025, heldOn = "2026-02-20", place = "FOD Binnenlandse Zaken, Brussel", agenda = "Jaarverslag 2025\r\nVrijwilligers 2.0\n\n" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var attendee = await (await client.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/attendees",
            new { name = "Els Maes", organisation = "Kenniscentrum BIN", role = "Voorzitter" })).Content.ReadFromJsonAsync<JsonElement>();
        await client.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/attendees", new { name = "Luc Peeters", organisation = "AD Veiligheid en Preventie" });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/steering-committee/meetings/{id}/decisions",
            new { text = "Campagne cyberpreventie in het voorjaar", owner = "Kenniscentrum", dueOn = "2026-05-31" })).StatusCode);
        var pdf = new MultipartFormDataContent { { new ByteArrayContent(SteeringFiles.Pdf("Verslag")), "file", "verslag.pdf" } };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/steering-committee/meetings/{id}/documents", pdf)).StatusCode);
        var active = new MultipartFormDataContent { { new ByteArrayContent(SteeringFiles.Pdf("/JavaScript (app.alert(1))")), "file", "macro.pdf" } };
        var refused = await client.PostAsync($"/api/v1/steering-committee/meetings/{id}/documents", active);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("JavaScript", await refused.Content.ReadAsStringAsync());

        var meeting = await client.GetFromJsonAsync<JsonElement>($"/api/v1/steering-committee/meetings/{id}");
        Assert.Equal(["Jaarverslag 2025", "Vrijwilligers 2.0"], meeting.GetProperty("agenda").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal("Els Maes", meeting.GetProperty("attendees")[0].GetProperty("name").GetString());
        Assert.Equal("Kenniscentrum", meeting.GetProperty("decisions")[0].GetProperty("owner").GetString());
        var document = meeting.GetProperty("documents")[0];
        var download = await client.GetAsync($"/api/v1/steering-committee/meetings/{id}/documents/{document.GetProperty("id").GetInt32()}");
        Assert.Equal(SteeringFiles.Pdf("Verslag"), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var erased = await client.DeleteAsync($"/api/v1/steering-committee/meetings/{id}/attendees/{attendee.GetProperty("id").GetInt32()}");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/steering-committee/meetings/{id}");
        Assert.True(after.GetProperty("attendees")[0].GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("attendees")[0].GetProperty("name").ValueKind);
        await using var db = app.Db();
        Assert.False(await db.SteeringAttendees.AnyAsync(a => a.Name == "Els Maes"));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Details != null && a.Details.Contains("Els Maes")));
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "ReadPersonalData" && a.EntityType == nameof(SteeringMeeting) && a.EntityId == id.ToString()));

        // The year's PDF carries the meeting's remaining attendee: putting them in the document is an audited read.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/steering-committee/report/2025?format=pdf")).StatusCode);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ReadPersonalData" && a.EntityId == id.ToString() && a.Details == "attendees in the report PDF"));
    }

    [Fact]
    public async Task An_unknown_meeting_answers_404_and_the_refusal_is_audited_and_an_empty_meeting_is_refused_in_the_callers_language()
    {
        var client = await CentreAsync("fr");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/steering-committee/meetings/987654")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/steering-committee/meetings/987654/attendees/1")).StatusCode);
        await using (var db = app.Db())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ReadSteeringMeeting" && a.EntityId == "987654" && a.Outcome == "Denied"));

        var refused = await client.PostAsJsonAsync("/api/v1/steering-committee/meetings", new { year = 2025 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("Lieu est obligatoire.", errors.GetProperty("Place")[0].GetString());
        Assert.True(errors.TryGetProperty("HeldOn", out _));
    }
}

/// <summary>Small valid PDF documents for upload tests.</summary>
public static class SteeringFiles
{
    /// <summary>The PDF's streams, inflated where compressed (page content is deflated by SkiaSharp).</summary>
    public static IEnumerable<string> Streams(byte[] pdf)
    {
        var raw = Encoding.Latin1.GetString(pdf);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(raw, "stream\r?\n"))
        {
            var start = m.Index + m.Length;
            var end = raw.IndexOf("endstream", start, StringComparison.Ordinal);
            if (end < 0) continue;
            var data = pdf.AsSpan(start, end - start).ToArray();
            string text;
            try
            {
                using var z = new System.IO.Compression.ZLibStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
                using var o = new MemoryStream();
                z.CopyTo(o);
                text = Encoding.Latin1.GetString(o.ToArray());
            }
            catch (InvalidDataException) { text = Encoding.Latin1.GetString(data); }
            yield return text;
        }
    }

    public static byte[] Pdf(string body) => Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {body}\n{(body.StartsWith('/') ? body : "")}\ntrailer << /Root 1 0 R >>\n%%EOF\n");
}
