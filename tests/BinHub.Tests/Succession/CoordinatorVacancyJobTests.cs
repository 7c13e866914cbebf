namespace BinHub.Tests.Succession;

/// <summary>The daily vacancy round, driven by the test clock. Its own fixture: the job looks at every BIN of the database.</summary>
public class CoordinatorVacancyJobTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<Bin> ReloadAsync(int id)
    {
        await using var db = app.Db();
        return await db.Bins.Include(b => b.Coordinators).SingleAsync(b => b.Id == id);
    }

    [Fact]
    public async Task A_coordinator_leaves_after_their_last_day_and_the_vacancy_is_flagged_and_reminded_once_after_30_days()
    {
        var place = await world.PlaceAsync();
        var mandated = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone, lang: "fr");
        var colleague = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var bin = await world.BinAsync(place, BinStatus.Active, officerId: mandated.User.Id);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var lastDay = app.Today().AddDays(2);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(coordinator.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}/coordinator-stop",
            new { lastDay = lastDay.ToString("yyyy-MM-dd") })).StatusCode);

        // On the last day itself the coordinator is still there.
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.RunVacancyJobAsync();
        Assert.Single((await ReloadAsync(bin.Id)).Coordinators);

        // The day after, they are gone, audited as the system, and the vacancy starts.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var vacantFrom = app.Clock.Now;
        await app.RunVacancyJobAsync();
        var b = await ReloadAsync(bin.Id);
        Assert.Empty(b.Coordinators);
        Assert.Equal(vacantFrom, b.CoordinatorVacantSince);
        await using (var db = app.Db())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == "system" && a.Action == "RemoveCoordinator" && a.EntityId == bin.Id.ToString()));
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == coordinator.User.Id && r.RoleId == Roles.Coordinator));
        }

        // 29 days: on the board, not yet flagged, nobody reminded.
        app.Clock.Advance(TimeSpan.FromDays(29));
        await app.RunVacancyJobAsync();
        Assert.Null((await ReloadAsync(bin.Id)).VacancyReminderSentAt);
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var client = app.ClientFor(national.Token);
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}")).GetProperty("needsCoordinator").GetBoolean());
        Assert.DoesNotContain(bin.Id, await FlaggedAsync(client));
        await using (var db = app.Db())
            Assert.False(await db.Deliveries.AnyAsync(o => o.Kind == "CoordinatorVacancyReminder" && o.DedupKey!.StartsWith($"vacancy:{bin.Id}:")));

        // 30 days: flagged in the registry and one reminder to the mandated officer only, in their language.
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunVacancyJobAsync();
        Assert.Equal(app.Clock.Now, (await ReloadAsync(bin.Id)).VacancyReminderSentAt);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}");
        Assert.True(details.GetProperty("needsCoordinator").GetBoolean());
        Assert.Contains(bin.Id, await FlaggedAsync(client));
        var html = WebUtility.HtmlDecode(await app.ClientFor(national.Token, "en").GetStringAsync($"/Registry?q={Uri.EscapeDataString(bin.Name)}"));
        Assert.Contains("No coordinator for 30+ days", html);

        // Running again (the same day or the next) sends nothing more.
        await app.RunVacancyJobAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunVacancyJobAsync();
        await using (var db = app.Db())
        {
            var reminders = await db.Deliveries.Where(o => o.Kind == "CoordinatorVacancyReminder" && o.DedupKey!.StartsWith($"vacancy:{bin.Id}:")).ToListAsync();
            var reminder = Assert.Single(reminders);
            Assert.Equal(mandated.User.Email, reminder.Recipient);
            Assert.DoesNotContain(reminders, r => r.Recipient == colleague.User.Email);
            Assert.Contains("coordinateur", reminder.Subject);
            Assert.Contains($"/Registry/Succession/{bin.Id}", reminder.Body);
        }
    }

    [Fact]
    public async Task Without_a_mandated_officer_the_zones_officers_are_reminded()
    {
        var place = await world.PlaceAsync();
        var first = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var second = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var elsewhere = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var bin = await world.BinAsync(place, BinStatus.Active); // no coordinator at all
        await app.RunVacancyJobAsync();
        Assert.NotNull((await ReloadAsync(bin.Id)).CoordinatorVacantSince);
        app.Clock.Advance(TimeSpan.FromDays(30));
        await app.RunVacancyJobAsync();
        await using var db = app.Db();
        var recipients = await db.Deliveries.Where(o => o.Kind == "CoordinatorVacancyReminder" && o.DedupKey!.StartsWith($"vacancy:{bin.Id}:"))
            .Select(o => o.Recipient).ToListAsync();
        Assert.Equal(new[] { first.User.Email, second.User.Email }.Order(), recipients.Order());
        Assert.DoesNotContain(elsewhere.User.Email, recipients);
    }

    [Fact]
    public async Task A_bin_that_has_a_coordinator_again_is_no_longer_vacant_and_a_draft_never_is()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var draft = await world.BinAsync(place);
        await app.RunVacancyJobAsync();
        Assert.NotNull((await ReloadAsync(bin.Id)).CoordinatorVacantSince);
        Assert.Null((await ReloadAsync(draft.Id)).CoordinatorVacantSince);
        await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        await app.RunVacancyJobAsync();
        Assert.Null((await ReloadAsync(bin.Id)).CoordinatorVacantSince);
    }

    [Fact]
    public async Task When_the_primary_coordinator_leaves_the_remaining_one_becomes_primary()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var primary = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var deputy = await world.PersonAsync(Roles.Coordinator);
        await using (var db = app.Db())
        {
            db.BinCoordinators.Add(new BinCoordinator { BinId = bin.Id, UserId = deputy.User.Id, IsPrimary = false });
            await db.SaveChangesAsync();
        }
        await app.ClientFor(primary.Token).PutAsJsonAsync($"/api/v1/bins/{bin.Id}/coordinator-stop", new { lastDay = app.Today().ToString("yyyy-MM-dd") });
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.RunVacancyJobAsync();
        var b = await ReloadAsync(bin.Id);
        var left = Assert.Single(b.Coordinators);
        Assert.Equal(deputy.User.Id, left.UserId);
        Assert.True(left.IsPrimary);
        Assert.Null(b.CoordinatorVacantSince);
    }

    private static async Task<int[]> FlaggedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/bins?needsCoordinator=true&pageSize=200"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToArray();
}
