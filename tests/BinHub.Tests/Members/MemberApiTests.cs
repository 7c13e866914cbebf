namespace BinHub.Tests.Members;

public class MemberApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object PaperForm(string phone = "0470 12 34 56", string street = "Kerkstraat", string house = "12", string? name = "Jeanne Dubois") => new
    {
        name, street, houseNumber = house, phones = new[] { phone }, email = (string?)null, language = "fr", consentSignedOn = "2026-02-20",
    };

    [Fact]
    public async Task Coordinator_adds_a_paper_form_member_and_sees_them_with_an_e164_phone()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);

        var created = await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members");
        var member = Assert.Single(list.GetProperty("items").EnumerateArray());
        // The list shows the number masked; the stored E.164 form is what the audited reveal gives.
        Assert.Equal("+32••••••56", member.GetProperty("phones")[0].GetProperty("number").GetString());
        var revealed = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{member.GetProperty("id").GetInt32()}/reveal-phone", null);
        Assert.Equal("+32470123456", (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("numbers")[0].GetString());
        Assert.True(member.GetProperty("consentOnPaper").GetBoolean());
        Assert.Equal("Active", member.GetProperty("state").GetString());

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == coordinator.User.Id && a.Action == "Create" && a.EntityType == "Member"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == coordinator.User.Id && a.Action == "ReadPersonalData" && a.EntityType == "Member"));
    }

    [Fact]
    public async Task The_same_phone_or_address_again_is_a_warning_not_a_refusal()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);
        await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm());
        var second = await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm(name: "Paul Dubois"));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var warnings = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings");
        Assert.Equal(2, warnings.GetArrayLength());
    }

    public static TheoryData<string, object> BadForms => new()
    {
        { "phone", PaperForm(phone: "0412 34") },
        { "street outside the area", PaperForm(street: "Rue de Paris") },
        { "house number", PaperForm(house: "twelve") },
        { "name missing", PaperForm(name: "") },
        { "over-long name", PaperForm(name: new string('x', 300)) },
        { "no way to reach", new { name = "X", street = "Kerkstraat", houseNumber = "1", phones = Array.Empty<string>(), language = "nl", consentSignedOn = "2026-01-01" } },
        { "consent in the future", new { name = "X", street = "Kerkstraat", houseNumber = "1", phones = new[] { "0470123456" }, language = "nl", consentSignedOn = "2030-01-01" } },
        { "no consent date", new { name = "X", street = "Kerkstraat", houseNumber = "1", phones = new[] { "0470123456" }, language = "nl" } },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task A_bad_paper_form_is_refused_with_a_reason_and_writes_nothing(string what, object form)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var response = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", form);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id), what);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]           // of another BIN in the same zone
    [InlineData(Roles.PoliceOfficer)]         // of another zone
    [InlineData(Roles.MunicipalityOfficial)]  // sees counts, never people
    [InlineData(Roles.KenniscentrumAdmin)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public async Task Members_of_a_bin_are_hidden_from_everyone_outside_it_with_an_audit_entry(string role)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm());
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
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/bins/{bin.Id}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm(name: "Intruder"))).StatusCode);
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == who.User.Id && a.EntityId == bin.Id.ToString() && a.Outcome == "Denied"));
        Assert.False(await db.Members.AnyAsync(m => m.Name == "Intruder"));
    }

    [Fact]
    public async Task The_mandated_police_of_the_zone_sees_the_members()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm());
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var list = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/members");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Once_a_bin_has_members_they_are_its_household_figure_in_the_registry_and_the_statistics()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active); // entered figure: 100 households
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var client = app.ClientFor(coordinator.Token);
        await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm());
        await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", PaperForm(phone: "02 511 22 33", house: "14", name: "Omar Haddad"));

        await using (var db = app.Db()) // the mobile is verified; the landline waits for its verification call
            await db.MemberPhones.Where(p => p.Number == "+32470123456" && p.Member!.BinId == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Verified, true));

        var details = await app.ClientFor(official.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}"); // counts, no people
        var reach = details.GetProperty("reach");
        Assert.Equal(2, reach.GetProperty("households").GetInt32());
        Assert.Equal(1, reach.GetProperty("bySms").GetInt32());
        Assert.Equal(1, reach.GetProperty("byVoice").GetInt32()); // only verified numbers count
        Assert.Equal(1, reach.GetProperty("unverified").GetInt32());
        Assert.Equal(2, details.GetProperty("households").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(official.Token).GetAsync($"/api/v1/bins/{bin.Id}/members")).StatusCode);

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?q={Uri.EscapeDataString(bin.Name)}");
        Assert.Equal(2, list.GetProperty("items")[0].GetProperty("households").GetInt32());
        var stats = await app.ClientFor(null).GetFromJsonAsync<JsonElement>($"/api/v1/statistics?year={app.Clock.Now.Year}");
        var zone = stats.GetProperty("zones").EnumerateArray().Single(z => z.GetProperty("code").GetString() == place.Zone.ToString());
        Assert.Equal(2, zone.GetProperty("households").GetInt32());
    }

    [Theory]
    [InlineData("STOP", BinHub.Features.Sms.InboundSms.Command.Stop)]
    [InlineData("stop bin", BinHub.Features.Sms.InboundSms.Command.Stop)]
    [InlineData(" Arrêt ", BinHub.Features.Sms.InboundSms.Command.Stop)]
    [InlineData("ARRET", BinHub.Features.Sms.InboundSms.Command.Stop)]
    [InlineData("Stopp", BinHub.Features.Sms.InboundSms.Command.Stop)]
    [InlineData("start", BinHub.Features.Sms.InboundSms.Command.Start)]
    [InlineData("Verdachte wagen in de Kerkstraat, stop niet", BinHub.Features.Sms.InboundSms.Command.None)]
    public void Sms_commands_are_recognised_in_every_language_and_case(string text, BinHub.Features.Sms.InboundSms.Command expected) =>
        Assert.Equal(expected, BinHub.Features.Sms.InboundSms.Parse(text));
}
