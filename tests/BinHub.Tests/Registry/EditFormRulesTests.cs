namespace BinHub.Tests.Registry;

/// <summary>
/// The BIN edit page offers and keeps what CreateBin and UpdateBin decide (EditBinForm over BinPeople and UpdateBin.AssignmentRefusal),
/// so the page and the API neither offer nor accept different people or sending rules.
/// </summary>
public class EditFormRulesTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static bool Offers(string page, string select, string userId)
    {
        var start = page.IndexOf($"name=\"{select}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {select} on the page");
        var list = page[start..page.IndexOf("</select>", start, StringComparison.Ordinal)];
        return list.Contains($"value=\"{userId}\"", StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_edit_page_offers_an_officer_exactly_the_officers_and_coordinators_the_api_accepts()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var colleague = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var elsewhere = await world.PlaceAsync();
        var foreignOfficer = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        var foreignCoordinator = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(elsewhere)).Id);
        var free = await world.PersonAsync(Roles.Coordinator);
        // The coordinator of another BIN of the zone: UpdateBin accepts them (BinBodyScopeTests), so the form offers them too.
        var neighbour = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place)).Id);
        var client = app.ClientFor(officer.Token);
        var url = $"/Registry/Edit/{bin.Id}";

        var page = await client.GetStringAsync(url);

        Assert.True(Offers(page, "Input.MandatedOfficerId", colleague.User.Id));
        Assert.False(Offers(page, "Input.MandatedOfficerId", foreignOfficer.User.Id));
        Assert.True(Offers(page, "PrimaryCoordinatorId", free.User.Id));
        Assert.True(Offers(page, "PrimaryCoordinatorId", neighbour.User.Id));
        Assert.False(Offers(page, "PrimaryCoordinatorId", foreignCoordinator.User.Id));

        var saved = await Forms.PostAsync(client, url, url, new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat", ["Urgent"] = "Sms", ["Input.MandatedOfficerId"] = colleague.User.Id,
            ["PrimaryCoordinatorId"] = neighbour.User.Id, ["Input.CoordinatorsMaySendPrevention"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = app.Db();
        var row = await db.Bins.AsNoTracking().Include(b => b.Coordinators).SingleAsync(b => b.Id == bin.Id);
        Assert.Equal(colleague.User.Id, row.MandatedOfficerId);
        Assert.Equal(new[] { neighbour.User.Id }, row.Coordinators.Where(c => c.IsPrimary).Select(c => c.UserId));
    }

    [Fact]
    public async Task The_kenniscentrums_new_bin_form_offers_coordinators_before_a_municipality_is_chosen()
    {
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var free = await world.PersonAsync(Roles.Coordinator);

        // Coordinators belong to no zone (unlike officers), so the empty form already lists the free one.
        var page = await app.ClientFor(kc.Token).GetStringAsync("/Registry/Edit");

        Assert.True(Offers(page, "PrimaryCoordinatorId", free.User.Id));
    }

    [Fact]
    public async Task A_municipality_official_may_not_set_a_new_bins_sending_rules_through_the_api()
    {
        var place = await world.PlaceAsync();
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var client = app.ClientFor(official.Token);
        var name = "BIN Regels " + Guid.NewGuid().ToString("N")[..6];
        object Body(bool mayPrevent, bool approval) => new
        {
            name, type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms",
            coordinatorsMaySendPrevention = mayPrevent, preventionNeedsOfficerApproval = approval,
        };

        var lifted = await client.PostAsJsonAsync("/api/v1/bins", Body(mayPrevent: false, approval: true));

        Assert.Equal(HttpStatusCode.Forbidden, lifted.StatusCode);
        Assert.Equal("Only the police and the Kenniscentrum decide whether coordinators may send prevention messages and whether those need the officer's approval.",
            (await lifted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        await using (var db = app.Db()) Assert.False(await db.Bins.AnyAsync(b => b.Name == name));
        // With the defaults (what the police then decide on) the official registers the BIN as before.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/bins", Body(true, false))).StatusCode);
    }

    [Fact]
    public async Task A_municipality_officials_crafted_sending_rules_on_the_new_bin_page_are_not_saved()
    {
        var place = await world.PlaceAsync();
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var client = app.ClientFor(official.Token);
        var name = "BIN Formulier " + Guid.NewGuid().ToString("N")[..6];

        Assert.DoesNotContain("name=\"Input.PreventionNeedsOfficerApproval\"", await client.GetStringAsync("/Registry/Edit"));
        var saved = await Forms.PostAsync(client, "/Registry/Edit", "/Registry/Edit", new()
        {
            ["Input.Name"] = name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat", ["Urgent"] = "Sms",
            ["Input.CoordinatorsMaySendPrevention"] = "false", ["Input.PreventionNeedsOfficerApproval"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = app.Db();
        var row = await db.Bins.AsNoTracking().SingleAsync(b => b.Name == name);
        Assert.True(row.CoordinatorsMaySendPrevention);
        Assert.False(row.PreventionNeedsOfficerApproval);
    }
}
