
namespace BinHub.Tests.Registry;

/// <summary>
/// Every role against every registry endpoint and page, for a BIN outside its scope: 404 (existence is not
/// leaked) and an audit line with outcome Denied. The Kenniscentrum is national, so it is the control case.
/// </summary>
public class ScopeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    public static TheoryData<string, string, string> Matrix()
    {
        var roles = new[] { Roles.PoliceOfficer, Roles.MunicipalityOfficial, Roles.Coordinator, Roles.Member, Roles.Admin };
        var requests = new[]
        {
            ("GET", "/api/v1/bins/{id}"),
            ("PUT", "/api/v1/bins/{id}"),
            ("POST", "/api/v1/bins/{id}/status"),
            ("POST", "/api/v1/bins/{id}/charter/approvals"),
            ("POST", "/api/v1/bins/{id}/charter/renewal"),
            ("GET", "/Registry/Details/{id}"),
            ("GET", "/Registry/Edit/{id}"),
            ("GET", "/Registry/Charter/{id}"),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var role in roles)
        foreach (var (method, url) in requests)
            data.Add(role, method, url);
        return data;
    }

    /// <summary>Someone with the role whose own scope is a different zone, municipality or BIN than the target.</summary>
    private async Task<(World.Person Who, Bin Foreign)> SetupAsync(string role)
    {
        var home = await world.PlaceAsync();
        var elsewhere = await world.PlaceAsync();
        var neighbour = await world.MunicipalityInZoneAsync(home);
        var ownBin = await world.BinAsync(home, BinStatus.AwaitingSignatures);
        // The foreign BIN is as close as possible: same zone for municipality officials and coordinators.
        var foreignPlace = role == Roles.PoliceOfficer ? elsewhere : home with { Nis = neighbour };
        var foreign = await world.BinAsync(foreignPlace, BinStatus.AwaitingSignatures);
        var who = role switch
        {
            Roles.PoliceOfficer => await world.PersonAsync(role, zone: home.Zone),
            Roles.MunicipalityOfficial => await world.PersonAsync(role, nis: home.Nis),
            Roles.Coordinator => await world.PersonAsync(role, coordinates: ownBin.Id),
            _ => await world.PersonAsync(role),
        };
        return (who, foreign);
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Request_for_a_bin_outside_ones_scope_is_404_and_audited(string role, string method, string url)
    {
        var (who, foreign) = await SetupAsync(role);
        var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{id}", foreign.Id.ToString()));
        if (method != "GET")
        {
            request.Content = JsonContent.Create<object>(url.EndsWith("status") ? new { to = "Dissolved", reason = "x" }
                : url.EndsWith("approvals") ? new { party = "Bin" }
                : new { name = "Taken over", type = "Bin", municipalityNis = foreign.MunicipalityNis, language = "nl", urgentChannels = "Sms" });
        }
        var response = await app.ClientFor(who.Token).SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.EntityId == foreign.Id.ToString() && a.Outcome == "Denied"),
            "no Denied audit entry");
        var unchanged = await db.Bins.FindAsync(foreign.Id);
        Assert.Equal(BinStatus.AwaitingSignatures, unchanged!.Status);
        Assert.NotEqual("Taken over", unchanged.Name);
        Assert.False(await db.CharterApprovals.AnyAsync(a => a.UserId == who.User.Id));
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer, HttpStatusCode.NotFound)]
    [InlineData(Roles.MunicipalityOfficial, HttpStatusCode.NotFound)]
    [InlineData(Roles.Coordinator, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Member, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Admin, HttpStatusCode.Forbidden)]
    public async Task Registering_a_bin_in_a_foreign_municipality_is_refused_and_writes_nothing(string role, HttpStatusCode expected)
    {
        var (who, _) = await SetupAsync(role);
        var foreign = await world.PlaceAsync();
        var response = await app.ClientFor(who.Token).PostAsJsonAsync("/api/v1/bins",
            new { name = "Intruder BIN", type = "Bin", municipalityNis = foreign.Nis, language = "nl", urgentChannels = "Sms" });
        Assert.Equal(expected, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Bins.AnyAsync(b => b.MunicipalityNis == foreign.Nis));
        if (expected == HttpStatusCode.NotFound)
            Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.EntityId == foreign.Nis && a.Outcome == "Denied"));
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer)]
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Admin)]
    public async Task List_and_export_never_show_a_bin_outside_ones_scope(string role)
    {
        var (who, foreign) = await SetupAsync(role);
        var client = app.ClientFor(who.Token);
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?pageSize=200&q={Uri.EscapeDataString(foreign.Name)}");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        var csv = await client.GetStringAsync("/api/v1/bins/export.csv");
        Assert.DoesNotContain(foreign.Name, csv);
        var page = await client.GetStringAsync($"/Registry?q={Uri.EscapeDataString(foreign.Name)}");
        Assert.DoesNotContain($">{foreign.Name}</a>", page); // the search box echoes the query; rows are links
        Assert.Contains("value=\"" + foreign.Name + "\"", page);
    }

    [Fact]
    public async Task Kenniscentrum_sees_every_bin_in_the_country()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(kc.Token).GetAsync($"/api/v1/bins/{bin.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(kc.Token).GetAsync($"/Registry/Details/{bin.Id}")).StatusCode);
    }

    [Fact]
    public async Task Municipality_official_reads_but_cannot_edit_a_bin_of_their_municipality()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var client = app.ClientFor(official.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/bins/{bin.Id}")).StatusCode);
        var put = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", new { name = "x", type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms" });
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    [Fact]
    public async Task Reading_a_bins_people_is_audited_as_personal_data()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        await app.ClientFor(officer.Token).GetAsync($"/api/v1/bins/{bin.Id}");
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.Action == "ReadPersonalData" && a.EntityId == bin.Id.ToString()));
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer)]
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Member)]
    public async Task Admin_pages_are_closed_to_other_roles(string role)
    {
        var who = await world.PersonAsync(role, zone: role == Roles.PoliceOfficer ? 1 : null);
        foreach (var url in new[] { "/Admin/Audit", "/Admin/Outbox", "/Admin/Zones", "/Admin/Dispatch" })
        {
            var response = await app.ClientFor(who.Token).GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url}: {response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/Account/Denied", response.Headers.Location!.ToString());
        }
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task Admins_search_and_export_the_audit_log(string role)
    {
        var admin = await world.PersonAsync(role);
        var client = app.ClientFor(admin.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Audit?outcome=Denied")).StatusCode);
        var csv = await client.GetAsync("/Admin/Audit?handler=Csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Id,At,UserId,UserName,Action", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
    }
}
