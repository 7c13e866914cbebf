namespace BinHub.Tests.Registry;

/// <summary>A BIN's postcodes (the public finder), its auto-approval of new members and who decides its sending rules, over the API.</summary>
public class BinSettingsTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Input(World.Place place, Bin bin, string? postcodes, bool autoApprove) => new
    {
        name = bin.Name, type = "Bin", municipalityNis = place.Nis, areaStreets = "Kerkstraat\nDorpsstraat", language = "nl",
        urgentChannels = "Sms, Email", nonUrgentChannels = "Email", postcodes, autoApproveMembers = autoApprove,
    };

    [Theory]
    [InlineData("900")]
    [InlineData("0999")]
    [InlineData("10000")]
    [InlineData("9000 abcd")]
    [InlineData("9000 +9030")]
    public async Task Postcodes_that_are_not_belgian_4_digit_numbers_are_refused_and_nothing_changes(string postcodes)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var response = await app.ClientFor(officer.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place, bin, postcodes, true));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Postcodes", await response.Content.ReadAsStringAsync());
        await using var db = app.Db();
        var row = await db.Bins.SingleAsync(b => b.Id == bin.Id);
        Assert.Equal("", row.Postcodes);
        Assert.False(row.AutoApproveMembers);
    }

    [Fact]
    public async Task More_than_200_characters_of_postcodes_are_refused()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var many = string.Join(' ', Enumerable.Range(1000, 41)); // 41 × 5 − 1 = 204 characters
        var response = await app.ClientFor(officer.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place, bin, many, false));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Postcodes_and_auto_approval_are_saved_and_shown_in_the_bin_and_the_registry_export()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place, bin, " 9000 9030 9000 ", true))).StatusCode);

        var details = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}");
        Assert.True(details.GetProperty("autoApproveMembers").GetBoolean());
        Assert.Equal(["9000", "9030"], details.GetProperty("postcodes").EnumerateArray().Select(p => p.GetString()!).ToArray());
        var csv = await client.GetStringAsync($"/api/v1/bins/export.csv?q={Uri.EscapeDataString(bin.Name)}");
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("Postcodes,AutoApproveMembers", lines[0].TrimEnd('\r'));
        Assert.EndsWith("9000 9030,True", lines[1].TrimEnd('\r'));
    }

    private static object Rules(World.Place place, Bin bin, bool coordinatorsMaySend, bool needsApproval) => new
    {
        name = bin.Name, type = "Bin", municipalityNis = place.Nis, areaStreets = "Kerkstraat", language = "nl",
        urgentChannels = "Sms", nonUrgentChannels = "Email",
        coordinatorsMaySendPrevention = coordinatorsMaySend, preventionNeedsOfficerApproval = needsApproval,
    };

    [Fact]
    public async Task A_coordinator_cannot_lift_the_officers_approval_of_their_own_prevention_messages()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PreventionNeedsOfficerApproval, true));
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var client = app.ClientFor(coordinator.Token);

        var lift = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Rules(place, bin, coordinatorsMaySend: true, needsApproval: false));
        Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode);
        Assert.Contains("Only the police and the Kenniscentrum decide", await lift.Content.ReadAsStringAsync());
        var forbid = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Rules(place, bin, coordinatorsMaySend: false, needsApproval: true));
        Assert.Equal(HttpStatusCode.Forbidden, forbid.StatusCode);
        // The rest of the BIN stays theirs to edit, rules as they are.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Rules(place, bin, true, true))).StatusCode);

        await using var check = app.Db();
        var row = await check.Bins.SingleAsync(b => b.Id == bin.Id);
        Assert.True(row.PreventionNeedsOfficerApproval);
        Assert.True(row.CoordinatorsMaySendPrevention);
    }

    [Fact]
    public async Task The_zones_officer_decides_the_sending_rules()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var response = await app.ClientFor(officer.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Rules(place, bin, coordinatorsMaySend: false, needsApproval: true));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var db = app.Db();
        var row = await db.Bins.SingleAsync(b => b.Id == bin.Id);
        Assert.False(row.CoordinatorsMaySendPrevention);
        Assert.True(row.PreventionNeedsOfficerApproval);
    }
}
