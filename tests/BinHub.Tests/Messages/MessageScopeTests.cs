using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>Every role against every message endpoint, for a message and a BIN outside its scope: 404 (or 403 for a rule), audited.</summary>
public class MessageScopeTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task No_role_outside_the_scope_can_send_preview_read_or_hear_a_message_and_each_refusal_is_audited()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile()));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var sent = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new { type = "Alarm", binIds = new[] { bin.Id }, texts = new { nl = "Inbraak" } });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();

        var elsewhere = await world.PlaceAsync();
        var otherBin = await world.BinAsync(elsewhere, BinStatus.Active);
        var strangers = new[]
        {
            await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone),
            await world.PersonAsync(Roles.Coordinator, coordinates: otherBin.Id),
            await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis), // even the BIN's own municipality: counts only
            await world.PersonAsync(Roles.Member),
            await world.PersonAsync(Roles.Admin),
        };
        foreach (var who in strangers)
        {
            var client = app.ClientFor(who.Token);
            var role = who.User.DisplayName;
            var prevention = new { type = "Prevention", binIds = new[] { bin.Id }, texts = new { nl = "Tip" } };
            Assert.True((await client.PostAsJsonAsync("/api/v1/messages", prevention)).StatusCode is HttpStatusCode.NotFound, role);
            Assert.True((await client.PostAsJsonAsync("/api/v1/messages/preview", prevention)).StatusCode is HttpStatusCode.NotFound, role);
            var read = await client.GetAsync($"/api/v1/messages/{id}");
            Assert.True(read.StatusCode is HttpStatusCode.NotFound, $"{role}: {read.StatusCode} {await read.Content.ReadAsStringAsync()}");
            // The system Admin may play voice audio (the dev outbox lists every channel); nobody else outside the scope.
            if (!role.StartsWith(Roles.Admin))
                Assert.True((await client.GetAsync($"/api/v1/messages/{id}/audio/nl")).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, role);
            await using var db = app.Db();
            Assert.True(await db.AuditEntries.CountAsync(a => a.UserId == who.User.Id && a.Outcome != "Ok") >= 3, role);
        }
        await using var check = app.Db();
        Assert.Equal(1, await check.MessageBins.CountAsync(m => m.BinId == bin.Id)); // only the officer's alarm
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(null).GetAsync($"/api/v1/messages/{id}")).StatusCode);
    }
}
