namespace BinHub.Tests.Registry;

/// <summary>
/// The ids in a BIN's details (mandated officer, coordinators, municipality) are checked against the caller's scope like the
/// BIN id in the route: another zone's person or municipality is "not found" (404, NotFound on the edit page), audited, and
/// nothing changes.
/// </summary>
public class BinBodyScopeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Details(Bin bin, string nis, string? officerId = null, string[]? coordinatorIds = null) => new
    {
        name = bin.Name, type = "Bin", municipalityNis = nis, language = "nl", urgentChannels = "Sms", mandatedOfficerId = officerId, coordinatorIds,
    };

    private async Task<bool> DeniedAsync(string userId, string entityId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.AnyAsync(a => a.UserId == userId && a.EntityId == entityId && a.Outcome == "Denied");
    }

    [Fact]
    public async Task Officer_cannot_mandate_an_officer_of_another_zone()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var elsewhere = await world.PlaceAsync();
        var foreignOfficer = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        var client = app.ClientFor(officer.Token);

        var update = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, place.Nis, foreignOfficer.User.Id));
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        var create = await client.PostAsJsonAsync("/api/v1/bins", Details(bin, place.Nis, foreignOfficer.User.Id));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        var page = await Forms.PostAsync(client, $"/Registry/Edit/{bin.Id}", $"/Registry/Edit/{bin.Id}", new()
        {
            ["Input.Name"] = bin.Name, ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = place.Nis, ["Input.Language"] = "nl", ["Urgent"] = "Sms",
            ["Input.MandatedOfficerId"] = foreignOfficer.User.Id,
        });
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        Assert.True(await DeniedAsync(officer.User.Id, foreignOfficer.User.Id));
        await using var db = app.Db();
        Assert.Null((await db.Bins.FindAsync(bin.Id))!.MandatedOfficerId);
        Assert.Equal(1, await db.Bins.CountAsync(b => b.PoliceZoneNumber == place.Zone));
        // An officer of the zone is mandated as before.
        var own = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, place.Nis, own.User.Id))).StatusCode);
    }

    [Fact]
    public async Task Officer_cannot_make_the_coordinator_of_another_zones_bin_coordinate_theirs()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var elsewhere = await world.PlaceAsync();
        var foreignBin = await world.BinAsync(elsewhere);
        var foreignCoordinator = await world.PersonAsync(Roles.Coordinator, coordinates: foreignBin.Id);
        var client = app.ClientFor(officer.Token);

        var update = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, place.Nis, coordinatorIds: [foreignCoordinator.User.Id]));
        Assert.Equal(HttpStatusCode.NotFound, update.StatusCode);
        var create = await client.PostAsJsonAsync("/api/v1/bins", Details(bin, place.Nis, coordinatorIds: [foreignCoordinator.User.Id]));
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);

        Assert.True(await DeniedAsync(officer.User.Id, foreignCoordinator.User.Id));
        await using var db = app.Db();
        Assert.False(await db.BinCoordinators.AnyAsync(c => c.UserId == foreignCoordinator.User.Id && c.BinId != foreignBin.Id));
        // A coordinator without a BIN yet, or of another BIN of the zone, is assigned as before.
        var free = await world.PersonAsync(Roles.Coordinator);
        var neighbour = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place)).Id);
        Assert.Equal(HttpStatusCode.NoContent,
            (await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, place.Nis, coordinatorIds: [free.User.Id, neighbour.User.Id]))).StatusCode);
    }

    [Fact]
    public async Task Municipality_official_creates_a_bin_but_may_not_name_its_mandated_officer_or_coordinators()
    {
        var place = await world.PlaceAsync();
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var coordinator = await world.PersonAsync(Roles.Coordinator);
        var client = app.ClientFor(official.Token);
        var shape = new Bin { Name = "BIN Gemeente " + Guid.NewGuid().ToString("N")[..6], MunicipalityNis = place.Nis };

        var withOfficer = await client.PostAsJsonAsync("/api/v1/bins", Details(shape, place.Nis, officer.User.Id));
        var withCoordinator = await client.PostAsJsonAsync("/api/v1/bins", Details(shape, place.Nis, coordinatorIds: [coordinator.User.Id]));

        Assert.Equal(HttpStatusCode.Forbidden, withOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withCoordinator.StatusCode);
        await using (var db = app.Db())
        {
            Assert.False(await db.Bins.AnyAsync(b => b.Name == shape.Name));
            Assert.False(await db.BinCoordinators.AnyAsync(c => c.UserId == coordinator.User.Id));
        }
        // Without people the official registers the BIN as before; the police name them later.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/bins", Details(shape, place.Nis))).StatusCode);
    }

    [Fact]
    public async Task Officer_cannot_move_a_bin_to_a_municipality_of_another_zone()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var elsewhere = await world.PlaceAsync();

        foreach (var who in new[] { officer, coordinator })
        {
            var response = await app.ClientFor(who.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, elsewhere.Nis));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who.User.DisplayName}: {response.StatusCode}");
            Assert.True(await DeniedAsync(who.User.Id, elsewhere.Nis));
        }
        await using (var db = app.Db()) Assert.Equal(place.Nis, (await db.Bins.FindAsync(bin.Id))!.MunicipalityNis);
        // For the Kenniscentrum nothing is out of scope: the move is refused with the reason.
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var national = await app.ClientFor(kc.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Details(bin, elsewhere.Nis));
        Assert.Equal(HttpStatusCode.BadRequest, national.StatusCode);
    }
}
