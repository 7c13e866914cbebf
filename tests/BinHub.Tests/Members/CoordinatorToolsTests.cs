namespace BinHub.Tests.Members;

/// <summary>The coordinator's tools over the API: filters, export, history, approval and refusal, counts.</summary>
public class CoordinatorToolsTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private static readonly CoordBuilders.TestPhone[] None = [];

    private async Task<(World.Place Place, Bin Bin, World.Person Coordinator)> BinWithCoordinatorAsync(string lang = "en")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        return (place, bin, await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: lang));
    }

    private static async Task<List<string>> NamesAsync(HttpClient client, string url)
    {
        var page = await client.GetFromJsonAsync<JsonElement>(url);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order().ToList();
    }

    [Fact]
    public async Task Channel_filters_count_only_verified_numbers_and_erased_members_never_show()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var account = await world.MemberAccountAsync();
        await app.MemberAsync(bin.Id, "A sms", phones: [new("+32470000001", Verified: true)]);
        await app.MemberAsync(bin.Id, "B stopped", phones: [new("+32470000002", Verified: true, OptedOut: true)]);
        await app.MemberAsync(bin.Id, "C unverified", phones: [new("+32470000003")], language: "fr");
        await app.MemberAsync(bin.Id, "D landline", phones: [new("+3292345678", Mobile: false, Verified: true)]);
        await app.MemberAsync(bin.Id, "E confirmed mail", phones: None, email: "e@test.invalid", emailVerified: true, paper: false);
        await app.MemberAsync(bin.Id, "F paper mail", phones: None, email: "f@test.invalid");
        await app.MemberAsync(bin.Id, "G web", phones: None, email: "g@test.invalid", paper: false, userId: account);
        await app.MemberAsync(bin.Id, "H erased", phones: [new("+32470000009", Verified: true)], erased: true);
        var client = app.ClientFor(coordinator.Token);
        var url = $"/api/v1/bins/{bin.Id}/members";

        Assert.Equal(["A sms"], await NamesAsync(client, $"{url}?channel=Sms"));
        Assert.Equal(["A sms", "B stopped", "D landline"], await NamesAsync(client, $"{url}?channel=Voice"));
        Assert.Equal(["E confirmed mail"], await NamesAsync(client, $"{url}?channel=Email")); // a paper-form address is not proven, nor sent to
        Assert.Equal(["G web"], await NamesAsync(client, $"{url}?channel=Web"));
        Assert.Equal(["C unverified"], await NamesAsync(client, $"{url}?verified=false"));
        Assert.Equal(["C unverified"], await NamesAsync(client, $"{url}?language=fr"));
        Assert.Equal(["A sms", "B stopped", "D landline"], await NamesAsync(client, $"{url}?verified=true&channel=Voice"));
        Assert.DoesNotContain("H erased", await NamesAsync(client, $"{url}?pageSize=200"));

        var paged = await client.GetFromJsonAsync<JsonElement>($"{url}?pageSize=3&page=3");
        Assert.Equal(7, paged.GetProperty("total").GetInt32());
        Assert.Equal(1, paged.GetProperty("items").GetArrayLength());

        var unverified = (await client.GetFromJsonAsync<JsonElement>($"{url}?q=unverified")).GetProperty("items")[0];
        Assert.Equal("unverified-sms", unverified.GetProperty("phones")[0].GetProperty("verificationState").GetString());
        var landline = (await client.GetFromJsonAsync<JsonElement>($"{url}?q=landline")).GetProperty("items")[0];
        Assert.Equal("verified", landline.GetProperty("phones")[0].GetProperty("verificationState").GetString());
    }

    [Fact]
    public async Task The_export_holds_the_filtered_members_escapes_formulas_and_is_audited_with_its_count()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        await app.MemberAsync(bin.Id, "=HYPERLINK(\"http://evil\")", phones: [new("+32470000011", Verified: true)], house: "3");
        await app.MemberAsync(bin.Id, "Jan Peeters", phones: [new("+32470000012", Verified: true)], house: "5", email: "jan@test.invalid");
        await app.MemberAsync(bin.Id, "Not reachable by SMS", phones: [new("+32470000013")], house: "7");
        await app.MemberAsync(bin.Id, "Erased person", phones: [new("+32470000014", Verified: true)], erased: true);

        var response = await app.ClientFor(coordinator.Token).GetAsync($"/api/v1/bins/{bin.Id}/members/export.csv?channel=Sms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("name,company,street,house_number,phone,phone2,email,language,consent_signed_on,id", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains("Jan Peeters,,Kerkstraat,5,+32470000012,,jan@test.invalid,nl,", csv);
        Assert.Contains("'=HYPERLINK(", csv); // a spreadsheet shows it as text, never runs it
        Assert.DoesNotContain(lines, l => l.TrimStart('"').StartsWith('='));
        Assert.DoesNotContain("Not reachable", csv);
        Assert.DoesNotContain("Erased person", csv);

        await using var db = app.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.UserId == coordinator.User.Id && a.Action == "Export");
        Assert.Equal("Member", audit.EntityType);
        Assert.Contains($"bin={bin.Id}; 2 members", audit.Details);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]           // of another BIN in the same zone
    [InlineData(Roles.PoliceOfficer)]         // of another zone
    [InlineData(Roles.MunicipalityOfficial)]  // counts only
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task List_export_history_and_decisions_are_not_found_outside_the_bin_with_an_audit_line(string role)
    {
        var (place, bin, _) = await BinWithCoordinatorAsync();
        var member = await app.MemberAsync(bin.Id, "Pending Person", MemberState.Pending, phones: [new("+32470000021")]);
        var otherBin = await world.BinAsync(place, BinStatus.Active);
        var elsewhere = await world.PlaceAsync();
        var who = role switch
        {
            Roles.Coordinator => await world.PersonAsync(role, coordinates: otherBin.Id),
            Roles.PoliceOfficer => await world.PersonAsync(role, zone: elsewhere.Zone),
            Roles.MunicipalityOfficial => await world.PersonAsync(role, nis: place.Nis),
            _ => await world.PersonAsync(role),
        };
        var client = app.ClientFor(who.Token);
        var url = $"/api/v1/bins/{bin.Id}/members";
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{url}/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{url}/{member.Id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"{url}/{member.Id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{url}/{member.Id}/refuse", new { reason = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Registry/MemberHistory/{bin.Id}/{member.Id}")).StatusCode);

        await using var db = app.Db();
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.UserId == who.User.Id && a.Outcome == "Denied"
                                                             && (a.EntityId == bin.Id.ToString() || a.EntityId == member.Id.ToString())));
        Assert.Equal(MemberState.Pending, (await db.Members.SingleAsync(m => m.Id == member.Id)).State);
        Assert.False(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.Action == "Export" && a.Outcome == "Ok"));
    }

    [Fact]
    public async Task The_municipality_sees_the_counts_with_paused_members_on_the_bin_but_no_people()
    {
        var (place, bin, _) = await BinWithCoordinatorAsync();
        var today = new DateOnly(2026, 3, 2); // the test clock: 2 March 2026, 10:00 in Brussels
        await app.MemberAsync(bin.Id, "Paused", phones: [new("+32470000031", Verified: true)], pausedFrom: today.AddDays(-3), pausedUntil: today);
        await app.MemberAsync(bin.Id, "Back home", phones: [new("+32470000032", Verified: true)], pausedFrom: today.AddDays(-9), pausedUntil: today.AddDays(-1));
        await app.MemberAsync(bin.Id, "Pending on holiday", MemberState.Pending, phones: [new("+32470000033")], pausedFrom: today, pausedUntil: today.AddDays(5));
        await app.MemberAsync(bin.Id, "Landline", phones: [new("+3292345670", Mobile: false)]);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var client = app.ClientFor(official.Token);

        var reach = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}")).GetProperty("reach");
        Assert.Equal(3, reach.GetProperty("households").GetInt32());
        Assert.Equal(1, reach.GetProperty("paused").GetInt32());
        Assert.Equal(2, reach.GetProperty("bySms").GetInt32());
        Assert.Equal(2, reach.GetProperty("byVoice").GetInt32()); // the unverified landline is not counted
        Assert.Equal(1, reach.GetProperty("unverified").GetInt32());
        Assert.Equal(1, reach.GetProperty("pending").GetInt32());

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Details/{bin.Id}"));
        Assert.Contains("On holiday pause today", page);
        Assert.DoesNotContain("Back home", page);
        Assert.DoesNotContain($"/Registry/Members/{bin.Id}", page);
    }

    [Fact]
    public async Task The_pause_is_counted_on_the_brussels_date_not_the_utc_date()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        await app.MemberAsync(bin.Id, "Leaves on the 3rd", phones: [new("+32470000041", Verified: true)],
            pausedFrom: new DateOnly(2026, 3, 3), pausedUntil: new DateOnly(2026, 3, 9));
        var before = app.Clock.Now;
        try
        {
            app.Clock.Now = new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero); // 00:30 on the 3rd in Brussels
            var reach = (await app.ClientFor(coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}")).GetProperty("reach");
            Assert.Equal(1, reach.GetProperty("paused").GetInt32());
            var item = (await app.ClientFor(coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members")).GetProperty("items")[0];
            Assert.True(item.GetProperty("paused").GetBoolean());
        }
        finally { app.Clock.Now = before; }
    }

    [Fact]
    public async Task Approving_activates_the_member_tells_them_in_their_language_and_is_recorded()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var member = await app.MemberAsync(bin.Id, "Jeanne Dubois", MemberState.Pending, language: "fr", paper: false,
            phones: [new("+32470000051", Verified: true), new("+3292345671", Mobile: false)], email: "jeanne@test.invalid");
        var client = app.ClientFor(coordinator.Token);

        var response = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{member.Id}/approve", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Active", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        await using var db = app.Db();
        var saved = await db.Members.SingleAsync(m => m.Id == member.Id);
        Assert.Equal(MemberState.Active, saved.State);
        Assert.Equal(app.Clock.Now, saved.DecidedAt);
        Assert.Equal(coordinator.User.DisplayName, saved.DecidedBy);
        var messages = await db.Deliveries.Where(o => o.Kind == "MemberApproved" && (o.Recipient == "jeanne@test.invalid" || o.Recipient == "+32470000051")).ToListAsync();
        Assert.Equal(2, messages.Count); // e-mail and the mobile; never the landline
        Assert.All(messages, m => Assert.Contains($"Votre adhésion au {bin.Name} est approuvée", m.Body));
        Assert.Equal($"Bienvenue au {bin.Name}", messages.Single(m => m.Channel == Channels.Email).Subject);
        Assert.True(await db.MemberEvents.AnyAsync(e => e.MemberId == member.Id && e.Kind == "Approved" && e.ByName == coordinator.User.DisplayName));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == coordinator.User.Id && a.Action == "Approve" && a.EntityId == member.Id.ToString()));

        var again = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{member.Id}/approve", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("Only a member waiting for approval", await again.Content.ReadAsStringAsync());
        Assert.Equal(2, await db.Deliveries.CountAsync(o => o.Kind == "MemberApproved" && o.Recipient == "jeanne@test.invalid" || o.Recipient == "+32470000051"));
    }

    [Fact]
    public async Task Refusing_needs_a_reason_and_without_one_nothing_is_written()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var member = await app.MemberAsync(bin.Id, "Klaus Meyer", MemberState.Pending, language: "de", paper: false,
            phones: [new("+32470000061", Verified: true)]);
        var client = app.ClientFor(coordinator.Token);
        var url = $"/api/v1/bins/{bin.Id}/members/{member.Id}/refuse";
        await using var db = app.Db();
        var auditBefore = await db.AuditEntries.CountAsync(a => a.EntityId == member.Id.ToString());

        foreach (var reason in new[] { "", "   ", new string('x', 501) })
        {
            var refused = await client.PostAsJsonAsync(url, new { reason });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }
        Assert.Equal(MemberState.Pending, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id)).State);
        Assert.False(await db.Deliveries.AnyAsync(o => o.Recipient == "+32470000061"));
        Assert.False(await db.MemberEvents.AnyAsync(e => e.MemberId == member.Id));
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync(a => a.EntityId == member.Id.ToString()));

        var ok = await client.PostAsJsonAsync(url, new { reason = "Die Adresse liegt außerhalb unseres Gebiets." });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var saved = await db.Members.AsNoTracking().SingleAsync(m => m.Id == member.Id);
        Assert.Equal(MemberState.Refused, saved.State);
        Assert.Equal("Die Adresse liegt außerhalb unseres Gebiets.", saved.RefusalReason);
        var sms = await db.Deliveries.SingleAsync(o => o.Recipient == "+32470000061");
        Assert.Equal($"Ihr Antrag bei {bin.Name} wurde nicht angenommen. Grund: Die Adresse liegt außerhalb unseres Gebiets.", sms.Body);
        Assert.True(await db.MemberEvents.AnyAsync(e => e.MemberId == member.Id && e.Kind == "Refused" && e.Details == null));
    }

    [Fact]
    public async Task The_police_of_the_zone_see_pending_members_but_only_the_bins_coordinators_decide()
    {
        var (place, bin, _) = await BinWithCoordinatorAsync();
        var member = await app.MemberAsync(bin.Id, "Pending Person", MemberState.Pending, phones: [new("+32470000071")]);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        Assert.Equal(["Pending Person"], await NamesAsync(client, $"/api/v1/bins/{bin.Id}/members?state=Pending"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{member.Id}/approve", null)).StatusCode);
        await using var db = app.Db();
        Assert.Equal(MemberState.Pending, (await db.Members.SingleAsync(m => m.Id == member.Id)).State);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.Action == "ApproveMember" && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task A_member_of_another_bin_cannot_be_decided_or_read_through_this_bin()
    {
        var (place, bin, coordinator) = await BinWithCoordinatorAsync();
        var other = await world.BinAsync(place, BinStatus.Active);
        var stranger = await app.MemberAsync(other.Id, "Stranger", MemberState.Pending, phones: [new("+32470000081")]);
        var client = app.ClientFor(coordinator.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{stranger.Id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/bins/{bin.Id}/members/{stranger.Id}/history")).StatusCode);
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == coordinator.User.Id && a.EntityId == stranger.Id.ToString() && a.Outcome == "Denied"));
        Assert.Equal(MemberState.Pending, (await db.Members.SingleAsync(m => m.Id == stranger.Id)).State);
    }

    [Fact]
    public async Task Pending_members_sharing_a_phone_or_address_with_a_current_member_carry_a_warning()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        await app.MemberAsync(bin.Id, "Current", street: "Kerkstraat", house: "10", phones: [new("+32470000091", Verified: true)]);
        await app.MemberAsync(bin.Id, "Moved out", MemberState.Left, street: "Dorpsstraat", house: "2", phones: [new("+32470000092")]);
        await app.MemberAsync(bin.Id, "Same phone", MemberState.Pending, house: "99", phones: [new("+32470000091")]);
        await app.MemberAsync(bin.Id, "Same address", MemberState.Pending, street: "kerkstraat", house: "10", phones: [new("+32470000093")]);
        await app.MemberAsync(bin.Id, "Like one who left", MemberState.Pending, street: "Dorpsstraat", house: "2", phones: [new("+32470000092")]);
        var page = await app.ClientFor(coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members?state=Pending");
        var warnings = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!,
            i => i.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList());
        Assert.Equal(["duplicate-phone"], warnings["Same phone"]);
        Assert.Equal(["duplicate-address"], warnings["Same address"]);
        Assert.Empty(warnings["Like one who left"]);
    }

    [Fact]
    public async Task History_shows_joining_and_the_decision_newest_first_and_its_reading_is_audited()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var client = app.ClientFor(coordinator.Token);
        var created = await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new
        {
            name = "Paper Member", street = "Kerkstraat", houseNumber = "4", phones = new[] { "0470 00 01 01" }, language = "nl", consentSignedOn = "2026-02-20",
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var pending = await app.MemberAsync(bin.Id, "Online Member", MemberState.Pending, phones: [new("+32470000102", Verified: true)]);
        await using (var db = app.Db())
        {
            db.MemberEvents.Add(new MemberEvent { MemberId = pending.Id, Kind = "SignedUp", At = app.Clock.Now.AddHours(-1) });
            await db.SaveChangesAsync();
        }
        await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{pending.Id}/approve", null);

        var paper = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members/{id}/history");
        Assert.Equal("Joined", paper.GetProperty("lines")[0].GetProperty("kind").GetString());
        Assert.Equal("paper-form", paper.GetProperty("lines")[0].GetProperty("details").GetString());
        var online = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members/{pending.Id}/history");
        Assert.Equal(["Approved", "SignedUp"], online.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("kind").GetString()!).ToArray());
        Assert.Equal("Active", online.GetProperty("state").GetString());

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/MemberHistory/{bin.Id}/{pending.Id}"));
        Assert.Contains("History of Online Member", html);
        Assert.Contains("Signed up online", html);
        await using var check = app.Db();
        Assert.True(await check.AuditEntries.CountAsync(a => a.UserId == coordinator.User.Id && a.EntityId == pending.Id.ToString() && a.Action == "ReadPersonalData") >= 2);
    }

    [Fact]
    public async Task An_erased_members_history_stays_readable_without_their_name()
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var erased = await app.MemberAsync(bin.Id, "Forgotten Name", MemberState.Left, phones: None, email: "x@test.invalid", erased: true);
        var history = await app.ClientFor(coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members/{erased.Id}/history");
        Assert.True(history.GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, history.GetProperty("name").ValueKind);
        var html = await app.ClientFor(coordinator.Token).GetStringAsync($"/Registry/MemberHistory/{bin.Id}/{erased.Id}");
        Assert.DoesNotContain("Forgotten Name", html);
        Assert.Contains("(erased)", html);
    }
}
