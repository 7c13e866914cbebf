namespace BinHub.Tests.Registry;

/// <summary>Who may assign people on the BIN edit page is decided by the same rule as the API's (UpdateBin): an officer only in their zone.</summary>
public class EditAssignmentTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task An_officer_coordinating_a_bin_of_another_zone_edits_it_as_its_coordinator_and_cannot_assign_people_there()
    {
        var home = await world.PlaceAsync();
        var foreign = await world.PlaceAsync();
        var bin = await world.BinAsync(foreign, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: home.Zone);
        await using (var db = app.Db())
        {
            // The same person also coordinates a BIN outside their zone (a volunteer who joined the police, say).
            db.UserRoles.Add(new() { UserId = officer.User.Id, RoleId = Roles.Coordinator });
            db.BinCoordinators.Add(new BinCoordinator { BinId = bin.Id, UserId = officer.User.Id, IsPrimary = true });
            await db.SaveChangesAsync();
        }
        var colleague = await world.PersonAsync(Roles.PoliceOfficer, zone: home.Zone);
        var client = app.ClientFor(officer.Token);
        var url = $"/Registry/Edit/{bin.Id}";

        var page = await client.GetStringAsync(url);
        Assert.DoesNotContain("name=\"PrimaryCoordinatorId\"", page);
        Assert.DoesNotContain("name=\"Input.MandatedOfficerId\"", page);

        // A crafted post naming an officer of their own zone and another primary: the details are saved, the people are not.
        var saved = await Forms.PostAsync(client, url, url, new()
        {
            ["Input.Name"] = bin.Name + " (new)", ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = foreign.Nis, ["Input.Language"] = "nl",
            ["Input.AreaStreets"] = "Kerkstraat", ["Urgent"] = "Sms", ["Input.MandatedOfficerId"] = colleague.User.Id,
            ["PrimaryCoordinatorId"] = colleague.User.Id, ["Input.CoordinatorsMaySendPrevention"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var check = app.Db();
        var row = await check.Bins.AsNoTracking().Include(b => b.Coordinators).SingleAsync(b => b.Id == bin.Id);
        Assert.Equal(bin.Name + " (new)", row.Name);
        Assert.Null(row.MandatedOfficerId);
        Assert.Equal(new[] { officer.User.Id }, row.Coordinators.Select(c => c.UserId));
    }

    [Fact]
    public async Task An_officer_posting_people_for_a_bin_of_another_zone_gets_not_found_and_nothing_changes()
    {
        var home = await world.PlaceAsync();
        var foreign = await world.PlaceAsync();
        var bin = await world.BinAsync(foreign, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: home.Zone);
        var client = app.ClientFor(officer.Token);
        var token = await Forms.TokenAsync(client, "/Registry/Edit");

        var response = await client.PostAsync($"/Registry/Edit/{bin.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Name"] = "Taken over", ["Input.Type"] = "Bin", ["Input.MunicipalityNis"] = foreign.Nis,
            ["Input.Language"] = "nl", ["Urgent"] = "Sms", ["Input.MandatedOfficerId"] = officer.User.Id,
        }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        var row = await db.Bins.AsNoTracking().SingleAsync(b => b.Id == bin.Id);
        Assert.Equal(bin.Name, row.Name);
        Assert.Null(row.MandatedOfficerId);
    }
}
