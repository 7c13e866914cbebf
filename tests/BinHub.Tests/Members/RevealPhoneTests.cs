namespace BinHub.Tests.Members;

/// <summary>Revealing a member's full numbers: one use case behind the members page and the API, scoped and audited either way.</summary>
public class RevealPhoneTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<int> AuditCountAsync(string userId, string action, int memberId, string outcome)
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync(a => a.UserId == userId && a.Action == action && a.EntityId == memberId.ToString() && a.Outcome == outcome);
    }

    [Fact]
    public async Task A_coordinator_reveals_a_member_of_their_bin_through_the_api_and_the_reading_is_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var member = await app.MemberAsync(bin.Id, "Jan Peeters", phones: [new("+32470112233")]);

        var response = await app.ClientFor(coordinator.Token).PostAsync($"/api/v1/bins/{bin.Id}/members/{member.Id}/reveal-phone", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("+32470112233", body.GetProperty("numbers")[0].GetString());
        Assert.Equal(1, await AuditCountAsync(coordinator.User.Id, "ReadPersonalData", member.Id, "Ok"));
    }

    [Fact]
    public async Task The_member_list_api_shows_numbers_masked_as_the_page_does_and_only_the_audited_reveal_gives_them_in_full()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var member = await app.MemberAsync(bin.Id, "Jan Peeters", phones: [new("+32470556677"), new("+3292345678", Mobile: false)]);
        var client = app.ClientFor(officer.Token);

        var listed = await client.GetStringAsync($"/api/v1/bins/{bin.Id}/members");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Members/{bin.Id}"));
        var revealed = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/{member.Id}/reveal-phone", null);

        Assert.DoesNotContain("+32470556677", listed);
        Assert.DoesNotContain("+3292345678", listed);
        var phones = JsonDocument.Parse(listed).RootElement.GetProperty("items")[0].GetProperty("phones").EnumerateArray()
            .Select(p => p.GetProperty("number").GetString()).ToList();
        Assert.Equal(["+32••••••77", "+32••••••78"], phones);
        Assert.All(phones, p => Assert.Contains(p!, page));
        Assert.Equal(["+32470556677", "+3292345678"],
            (await revealed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(1, await AuditCountAsync(officer.User.Id, "ReadPersonalData", member.Id, "Ok"));
    }

    [Fact]
    public async Task A_member_of_another_bin_is_not_found_for_the_api_and_the_page_and_the_refusal_is_audited()
    {
        var place = await world.PlaceAsync();
        var own = await world.BinAsync(place, BinStatus.Active);
        var other = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: own.Id);
        var stranger = await app.MemberAsync(other.Id, "Marie Lambert", phones: [new("+32470445566")]);
        var client = app.ClientFor(coordinator.Token);

        var foreignBin = await client.PostAsync($"/api/v1/bins/{other.Id}/members/{stranger.Id}/reveal-phone", null);
        var memberThroughOwnBin = await client.PostAsync($"/api/v1/bins/{own.Id}/members/{stranger.Id}/reveal-phone", null);
        var page = await Forms.PostAsync(client, $"/Registry/Members/{own.Id}", $"/Registry/Members/{own.Id}?handler=Reveal",
            new() { ["memberId"] = stranger.Id.ToString() });

        Assert.Equal(HttpStatusCode.NotFound, foreignBin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, memberThroughOwnBin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("+32470445566", await foreignBin.Content.ReadAsStringAsync() + await memberThroughOwnBin.Content.ReadAsStringAsync());
        Assert.Equal(3, await AuditCountAsync(coordinator.User.Id, "RevealPhone", stranger.Id, "Denied"));
        Assert.Equal(0, await AuditCountAsync(coordinator.User.Id, "ReadPersonalData", stranger.Id, "Ok"));
    }

    [Fact]
    public async Task The_members_page_reveals_through_the_same_audited_use_case()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var member = await app.MemberAsync(bin.Id, "Jan Peeters", phones: [new("+32470778899")]);
        var client = app.ClientFor(officer.Token);

        var masked = WebUtility.HtmlDecode(await client.GetStringAsync($"/Registry/Members/{bin.Id}"));
        var page = await Forms.PostAsync(client, $"/Registry/Members/{bin.Id}", $"/Registry/Members/{bin.Id}?handler=Reveal",
            new() { ["memberId"] = member.Id.ToString() });

        Assert.DoesNotContain("+32470778899", masked);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("+32470778899", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        Assert.Equal(1, await AuditCountAsync(officer.User.Id, "ReadPersonalData", member.Id, "Ok"));
    }

    [Fact]
    public async Task The_reveal_endpoint_is_in_the_openapi_document_with_its_refusals()
    {
        var doc = await app.ClientFor(null).GetStringAsync("/openapi/v1.json");
        var path = JsonDocument.Parse(doc).RootElement.GetProperty("paths").GetProperty("/api/v1/bins/{id}/members/{memberId}/reveal-phone").GetProperty("post");
        foreach (var status in new[] { "200", "401", "403", "404" }) Assert.True(path.GetProperty("responses").TryGetProperty(status, out _), status);
    }

    [Fact]
    public async Task The_openapi_document_says_the_member_list_masks_numbers_and_where_the_full_ones_come_from()
    {
        var doc = JsonDocument.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json")).RootElement;
        var list = doc.GetProperty("paths").GetProperty("/api/v1/bins/{id}/members").GetProperty("get").GetProperty("summary").GetString();
        Assert.Contains("masked", list);
        Assert.Contains("reveal-phone", list);
    }
}
