using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace BinHub.Tests.Members;

/// <summary>The coordinator's tools on the members page and the BIN edit page, posted like a browser (antiforgery).</summary>
public partial class CoordinatorPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<string> TokenAsync(HttpClient client, string pageUrl) =>
        Token().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenAsync(client, pageUrl);
        return await client.PostAsync($"{pageUrl}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string pageUrl, string csv)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(await TokenAsync(client, pageUrl)), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "leden.csv");
        return await client.PostAsync($"{pageUrl}?handler=ImportCheck", form);
    }

    private async Task<(Bin Bin, World.Person Coordinator)> BinAsync(string lang = "en")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        return (bin, await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: lang));
    }

    private const string GoodCsv = "name;street;house_number;phone;language;consent_signed_on\n" +
                                   "Jan Peeters;Kerkstraat;3;0470 11 22 33;nl;20/02/2026\n" +
                                   "Marie Lambert;Dorpsstraat;8;0471 11 22 33;fr;2026-02-21\n";

    [Fact]
    public async Task A_csv_upload_is_checked_first_in_the_coordinators_language_then_imported_on_confirmation()
    {
        var (bin, coordinator) = await BinAsync("fr");
        var client = app.ClientFor(coordinator.Token, "fr-BE");
        var url = $"/Registry/Members/{bin.Id}";

        var checkedPage = await UploadAsync(client, url, GoodCsv);
        Assert.Equal(HttpStatusCode.OK, checkedPage.StatusCode);
        var html = WebUtility.HtmlDecode(await checkedPage.Content.ReadAsStringAsync());
        Assert.Contains("2 lignes vérifiées, 2 valables", html);
        var payload = Payload().Match(html).Groups[1].Value;
        Assert.NotEmpty(payload);
        Assert.DoesNotContain("Jan Peeters", payload); // the file travels encrypted, not readable in the page
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id)); // the dry run writes nothing

        var imported = await PostAsync(client, url, "ImportConfirm", new() { ["payload"] = payload });
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(["Jan Peeters", "Marie Lambert"], await db.Members.Where(m => m.BinId == bin.Id).Select(m => m.Name).OrderBy(n => n).ToListAsync());
        Assert.Equal(2, await db.MemberEvents.CountAsync(e => e.Member!.BinId == bin.Id && e.Kind == "Joined" && e.Details == "csv-import"));
        Assert.Contains("2 membres importés", WebUtility.HtmlDecode(await client.GetStringAsync(url)));
    }

    [Fact]
    public async Task A_file_with_a_bad_line_is_reported_per_line_and_offers_no_import()
    {
        var (bin, coordinator) = await BinAsync("nl");
        var client = app.ClientFor(coordinator.Token, "nl-BE");
        var response = await UploadAsync(client, $"/Registry/Members/{bin.Id}", GoodCsv + "Fout Nummer;Kerkstraat;5;0412;nl;20/02/2026\n");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("3 regels nagekeken, 2 geldig", html);
        Assert.Contains("Regel 4:", html);
        Assert.Contains("geen geldig telefoonnummer", html);
        Assert.DoesNotContain("handler=ImportConfirm", html);
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task A_payload_from_another_bin_altered_or_stale_imports_nothing()
    {
        var (bin, coordinator) = await BinAsync();
        var client = app.ClientFor(coordinator.Token);
        var url = $"/Registry/Members/{bin.Id}";
        var payload = Payload().Match(WebUtility.HtmlDecode(await (await UploadAsync(client, url, GoodCsv)).Content.ReadAsStringAsync())).Groups[1].Value;

        var (otherBin, otherCoordinator) = await BinAsync();
        var foreign = await PostAsync(app.ClientFor(otherCoordinator.Token), $"/Registry/Members/{otherBin.Id}", "ImportConfirm", new() { ["payload"] = payload });
        Assert.Contains("no longer valid", WebUtility.HtmlDecode(await foreign.Content.ReadAsStringAsync()));
        var altered = await PostAsync(client, url, "ImportConfirm", new() { ["payload"] = payload[..^4] + "AAAA" });
        Assert.Contains("no longer valid", WebUtility.HtmlDecode(await altered.Content.ReadAsStringAsync()));
        var before = app.Clock.Now;
        try
        {
            app.Clock.Advance(TimeSpan.FromMinutes(31));
            var stale = await PostAsync(client, url, "ImportConfirm", new() { ["payload"] = payload });
            Assert.Contains("no longer valid", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        }
        finally { app.Clock.Now = before; }
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id || m.BinId == otherBin.Id));
    }

    [Fact]
    public async Task Pending_members_are_approved_or_refused_on_the_page_and_a_refusal_needs_its_confirmation()
    {
        var (bin, coordinator) = await BinAsync();
        var client = app.ClientFor(coordinator.Token);
        var url = $"/Registry/Members/{bin.Id}";
        await app.MemberAsync(bin.Id, "Current", house: "10", phones: [new("+32470000201", Verified: true)]);
        var twin = await app.MemberAsync(bin.Id, "Twin", MemberState.Pending, house: "10", phones: [new("+32470000202")]);
        var other = await app.MemberAsync(bin.Id, "Other", MemberState.Pending, house: "12", phones: [new("+32470000203")]);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(url));
        Assert.Contains("Waiting for approval (2)", html);
        Assert.Contains("Another member of this BIN lives at the same address", html);

        var unconfirmed = await PostAsync(client, url, "Refuse", new() { ["memberId"] = twin.Id.ToString(), ["reason"] = "Same household" });
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("Tick the confirmation box", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        var noReason = await PostAsync(client, url, "Refuse", new() { ["memberId"] = twin.Id.ToString(), ["reason"] = "", ["confirmed"] = "true" });
        Assert.Contains("Give a reason for the refusal.", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        Assert.Equal(MemberState.Pending, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == twin.Id)).State);

        var refused = await PostAsync(client, url, "Refuse", new() { ["memberId"] = twin.Id.ToString(), ["reason"] = "Same household", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var approved = await PostAsync(client, url, "Approve", new() { ["memberId"] = other.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(MemberState.Refused, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == twin.Id)).State);
        Assert.Equal(MemberState.Active, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == other.Id)).State);
        Assert.DoesNotContain("Waiting for approval (", WebUtility.HtmlDecode(await client.GetStringAsync(url)));
    }

    [Fact]
    public async Task The_members_page_filters_pages_and_links_export_and_history()
    {
        var (bin, coordinator) = await BinAsync();
        var client = app.ClientFor(coordinator.Token);
        for (var i = 1; i <= 52; i++) await app.MemberAsync(bin.Id, $"Landline {i:00}", house: i.ToString(), phones: [new($"+329234{i:0000}", Mobile: false)]);
        var sms = await app.MemberAsync(bin.Id, "Mobile Verified", house: "99", phones: [new("+32470000301", Verified: true)]);

        var filtered = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Members/{bin.Id}?channel=Sms"));
        Assert.Contains("Mobile Verified", filtered);
        Assert.DoesNotContain("Landline 01", filtered);
        Assert.Contains($"/api/v1/bins/{bin.Id}/members/export.csv?channel=Sms", filtered);
        Assert.Contains($"/Registry/MemberHistory/{bin.Id}/{sms.Id}", filtered);

        var first = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Members/{bin.Id}?verified=false"));
        Assert.Contains("52 members", first);
        Assert.Contains("Page 1 of 2", first);
        Assert.Contains("?verified=false&p=2", first);
        var second = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Members/{bin.Id}?verified=false&p=2"));
        Assert.Contains("Page 2 of 2", second);
        Assert.Contains("awaiting verification call", second);
    }

    [Fact]
    public async Task The_bin_edit_page_saves_auto_approval_and_postcodes_and_refuses_bad_postcodes()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);
        var url = $"/Registry/Edit/{bin.Id}";
        Dictionary<string, string> Form(string postcodes) => new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat\nDorpsstraat", ["Urgent"] = "Sms", ["Input.AutoApproveMembers"] = "true", ["Input.Postcodes"] = postcodes,
        };

        var bad = await PostAsync(client, url, "", Form("9000 900 ABCD"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("Postcodes are Belgian 4-digit numbers", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        await using var db = app.Db();
        Assert.False((await db.Bins.AsNoTracking().SingleAsync(b => b.Id == bin.Id)).AutoApproveMembers);

        var saved = await PostAsync(client, url, "", Form("9000  9030,9000"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var row = await db.Bins.AsNoTracking().SingleAsync(b => b.Id == bin.Id);
        Assert.True(row.AutoApproveMembers);
        Assert.Equal("9000 9030", row.Postcodes);
        Assert.Contains("value=\"9000 9030\"", await client.GetStringAsync(url));
        Assert.Contains("checked=\"checked\" aria-describedby=\"autoapprove-hint\"", await client.GetStringAsync(url));
    }

    [Fact]
    public async Task An_officer_unticking_coordinators_may_send_prevention_on_the_edit_page_saves_it()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        var url = $"/Registry/Edit/{bin.Id}";
        var page = await client.GetStringAsync(url);
        Assert.Contains("<input type=\"hidden\" name=\"Input.CoordinatorsMaySendPrevention\" value=\"false\">", page);

        // What a browser posts for an unticked box followed by the hidden "false".
        var saved = await PostAsync(client, url, "", new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat", ["Urgent"] = "Sms", ["Input.CoordinatorsMaySendPrevention"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = app.Db();
        Assert.False((await db.Bins.AsNoTracking().SingleAsync(b => b.Id == bin.Id)).CoordinatorsMaySendPrevention);
    }

    [Fact]
    public async Task A_coordinator_sees_the_sending_rules_on_the_edit_page_but_saving_keeps_them()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PreventionNeedsOfficerApproval, true));
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);
        var url = $"/Registry/Edit/{bin.Id}";
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(url));
        Assert.Contains("id=\"approval\" disabled", page);
        Assert.Contains("Set by the police.", page);

        // A crafted post that unticks the approval: the BIN is saved, the rule is not changed.
        var saved = await PostAsync(client, url, "", new()
        {
            ["Input.Name"] = bin.Name + " (new)", ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat", ["Urgent"] = "Sms", ["Input.PreventionNeedsOfficerApproval"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var check = app.Db();
        var row = await check.Bins.AsNoTracking().SingleAsync(b => b.Id == bin.Id);
        Assert.Equal(bin.Name + " (new)", row.Name);
        Assert.True(row.PreventionNeedsOfficerApproval);
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Token();

    [GeneratedRegex(@"name=""payload"" value=""([^""]+)""")]
    private static partial Regex Payload();
}
