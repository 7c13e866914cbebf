namespace BinHub.Tests.Reports;

/// <summary>An officer closes an incident of their zone once it is dealt with: confirmed, audited, in every linked report's trail.</summary>
public class IncidentCloseTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(ReportBuilders.Setup S, int Report, int Incident)> LinkedAsync()
    {
        var s = await app.ReportSetupAsync(world);
        var report = await app.ReportAsync(s.Home.Person.Token);
        var linked = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/reports/{report}/incident", new { newTitle = "Grey van in Kerkstraat" });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        return (s, report, (await linked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetInt32());
    }

    [Fact]
    public async Task An_officer_closes_an_incident_of_their_zone_and_no_report_can_be_attached_to_it_any_more()
    {
        var (s, report, incident) = await LinkedAsync();
        var officer = app.ClientFor(s.Officer.Token);

        var unconfirmed = await officer.PostAsJsonAsync($"/api/v1/incidents/{incident}/close", new { confirmed = false });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
        Assert.Contains("cannot be undone", await unconfirmed.Content.ReadAsStringAsync());

        var closed = await officer.PostAsJsonAsync($"/api/v1/incidents/{incident}/close", new { confirmed = true });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(1, (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reports").GetInt32());
        var again = await officer.PostAsJsonAsync($"/api/v1/incidents/{incident}/close", new { confirmed = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);

        var next = await app.ReportAsync(s.Home.Person.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await officer.PostAsJsonAsync($"/api/v1/reports/{next}/incident", new { incidentId = incident })).StatusCode);
        await using var db = app.Db();
        Assert.Equal(app.Clock.Now, (await db.Incidents.SingleAsync(i => i.Id == incident)).ClosedAt);
        Assert.True(await db.ReportEvents.AnyAsync(e => e.ReportId == report && e.Kind == "IncidentClosed" && e.UserId == s.Officer.User.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "CloseIncident" && a.EntityId == incident.ToString() && a.UserId == s.Officer.User.Id));
    }

    [Fact]
    public async Task An_officer_of_another_zone_or_a_coordinator_cannot_close_it_and_the_attempt_is_audited()
    {
        var (s, _, incident) = await LinkedAsync();
        var other = await app.ReportSetupAsync(world);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: s.Bin.Id);
        foreach (var token in new[] { other.Officer.Token, coordinator.Token })
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(token).PostAsJsonAsync($"/api/v1/incidents/{incident}/close", new { confirmed = true })).StatusCode);
        await using var db = app.Db();
        Assert.Null((await db.Incidents.SingleAsync(i => i.Id == incident)).ClosedAt);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "CloseIncident" && a.Outcome == "Denied" && a.EntityId == incident.ToString()));
    }

    [Fact]
    public async Task The_report_page_closes_the_linked_incident_after_the_box_is_ticked()
    {
        var (s, report, incident) = await LinkedAsync();
        var officer = app.ClientFor(s.Officer.Token);
        var url = $"/Police/Report/{report}";
        var page = WebUtility.HtmlDecode(await officer.GetStringAsync(url));
        Assert.Contains($"Close incident #{incident}", page);

        var unticked = await Forms.PostAsync(officer, url, $"{url}?handler=CloseIncident", []);
        Assert.Equal(HttpStatusCode.OK, unticked.StatusCode);
        Assert.Contains("Tick the box to confirm", WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()));

        var done = await Forms.PostAsync(officer, url, $"{url}?handler=CloseIncident", new() { ["ConfirmClose"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var after = WebUtility.HtmlDecode(await officer.GetStringAsync(url));
        Assert.Contains($"Incident #{incident} was closed.", after);
        Assert.DoesNotContain($"Close incident #{incident}", after);
    }
}
