namespace BinHub.Tests.Events;

/// <summary>Members registering: who sees what, the capacity under contention, the reminder the evening before, cancelling.</summary>
public class EventRegistrationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(World.Place Place, Bin Bin, World.Person Coordinator)> BinAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        return (place, bin, await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id));
    }

    [Fact]
    public async Task A_member_sees_and_registers_only_for_events_of_their_own_BIN_and_another_BINs_event_answers_404()
    {
        var (place, bin, coordinator) = await BinAsync();
        var other = await BinAsync();
        var mine = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), title: "Onze infoavond");
        var theirs = await app.PublishAsync(other.Coordinator.Token, other.Place, other.Bin.Id, app.BrusselsAt(10, 19), title: "Hun infoavond");
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");

        var list = await app.ClientFor(home.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/events/mine");

        Assert.Equal([mine], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("event").GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await app.RegisterAsync(home.Person.Token, theirs)).StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == home.Person.User.Id && a.Outcome == "Denied" && a.EntityId == theirs.ToString()));
    }

    [Fact]
    public async Task Two_households_wanting_the_last_seat_at_the_same_moment_one_gets_it_and_the_other_is_told_it_is_full()
    {
        var (place, bin, coordinator) = await BinAsync();
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 3);
        var first = await app.HouseholdAsync(world, bin.Id, name: "Eerste", language: "nl");
        Assert.Equal(HttpStatusCode.OK, (await app.RegisterAsync(first.Person.Token, id, 2)).StatusCode);
        var contenders = new[] { await app.HouseholdAsync(world, bin.Id, name: "Tweede", language: "nl"), await app.HouseholdAsync(world, bin.Id, name: "Derde", language: "nl") };

        for (var round = 0; round < 3; round++)
        {
            var answers = await Task.WhenAll(contenders.Select(c => app.RegisterAsync(c.Person.Token, id, 1)));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
            Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.BadRequest));
            await using var db = app.Db();
            Assert.Equal(3, await db.BinEvents.Where(e => e.Id == id).Select(e => e.Taken).SingleAsync());
            Assert.Equal(3, await db.EventRegistrations.Where(r => r.EventId == id && r.State == RegistrationState.Registered).SumAsync(r => r.People));
            // Free the seat again for the next round.
            var winner = contenders[Array.FindIndex(answers, a => a.StatusCode == HttpStatusCode.OK)];
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(winner.Person.Token).DeleteAsync($"/api/v1/events/{id}/my-registration")).StatusCode);
        }
    }

    [Fact]
    public async Task More_than_four_people_is_refused_and_changing_the_number_takes_only_the_difference()
    {
        var (place, bin, coordinator) = await BinAsync();
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 4);
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");

        Assert.Equal(HttpStatusCode.BadRequest, (await app.RegisterAsync(home.Person.Token, id, 5)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.RegisterAsync(home.Person.Token, id, 3)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.RegisterAsync(home.Person.Token, id, 4)).StatusCode); // 3 → 4 fits in 4 places

        await using var db = app.Db();
        Assert.Equal(4, await db.BinEvents.Where(e => e.Id == id).Select(e => e.Taken).SingleAsync());
        Assert.Single(await db.EventRegistrations.Where(r => r.EventId == id).ToListAsync());
    }

    [Fact]
    public async Task Registering_plans_one_reminder_per_channel_at_18h_Brussels_the_evening_before_in_the_members_language_once()
    {
        var (place, bin, coordinator) = await BinAsync();
        var starts = app.BrusselsAt(10, 19, 30);
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, starts);
        // E-mail chosen for prevention (the default) and an address: e-mail. No e-mail at all, a mobile: the SMS all the same.
        var withEmail = await app.HouseholdAsync(world, bin.Id, language: "fr", email: "marie@example.test", phones: [(UiBuilders.Number(), true, true)]);
        var mobileOnly = await app.HouseholdAsync(world, bin.Id, name: "Jef", language: "nl", email: null, phones: [(UiBuilders.Number(), true, true)]);

        await app.RegisterAsync(withEmail.Person.Token, id, 2);
        await app.RegisterAsync(withEmail.Person.Token, id, 1); // a change of numbers plans nothing new
        await app.RegisterAsync(mobileOnly.Person.Token, id);

        var reminders = await app.RemindersAsync(id);
        // Besides, both have an account: the reminder is in their web inbox too.
        Assert.Equal([(Channels.Email, withEmail.MemberId, "fr"), (Channels.Web, withEmail.MemberId, "fr"), (Channels.Sms, mobileOnly.MemberId, "nl"),
                (Channels.Web, mobileOnly.MemberId, "nl")],
            reminders.Select(r => (r.Channel, r.MemberId!.Value, r.Language)));
        Assert.All(reminders, r => Assert.Equal(app.BrusselsAt(9, 18), r.DueAt));
        Assert.All(reminders, r => Assert.Equal(starts, r.ExpiresAt));
        Assert.StartsWith("Rappel : Infoavond inbraakpreventie demain", reminders[0].Subject);
        Assert.Contains("Herinnering van uw BIN", reminders[2].Body);
    }

    [Fact]
    public async Task Moving_the_event_withdraws_the_waiting_reminder_and_plans_it_for_the_new_evening_before()
    {
        var (place, bin, coordinator) = await BinAsync();
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19));
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");
        await app.RegisterAsync(home.Person.Token, id);

        var moved = await app.ClientFor(coordinator.Token).PutAsJsonAsync($"/api/v1/events/{id}", EventBuilders.EventFor(bin.Id, place.Nis, app.BrusselsAt(20, 19)));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var reminders = (await app.RemindersAsync(id)).Where(r => r.Channel == Channels.Email).ToList();
        Assert.Equal([(DeliveryState.Cancelled, app.BrusselsAt(9, 18)), (DeliveryState.Planned, app.BrusselsAt(19, 18))], reminders.Select(r => (r.State, r.DueAt)));
        Assert.Equal(BinHub.Features.Events.EventNotices.EventMoved, reminders[0].LastError);
    }

    [Fact]
    public async Task Cancelling_asks_for_confirmation_then_tells_registered_households_in_their_language_and_withdraws_their_reminders()
    {
        var (place, bin, coordinator) = await BinAsync();
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19));
        var home = await app.HouseholdAsync(world, bin.Id, language: "de", email: "anna@example.test");
        var notComing = await app.HouseholdAsync(world, bin.Id, language: "nl", email: "piet@example.test");
        await app.RegisterAsync(home.Person.Token, id);
        await app.RegisterAsync(notComing.Person.Token, id);
        await app.ClientFor(notComing.Person.Token).DeleteAsync($"/api/v1/events/{id}/my-registration");
        var client = app.ClientFor(coordinator.Token);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/events/{id}/cancellation", new { confirm = false })).StatusCode);
        var cancelled = await client.PostAsJsonAsync($"/api/v1/events/{id}/cancellation", new { confirm = true });

        Assert.True(cancelled.StatusCode == HttpStatusCode.OK, await cancelled.Content.ReadAsStringAsync());
        await using var db = app.Db();
        var told = await db.Deliveries.Where(d => d.Kind == "EventCancelled" && d.Channel == Channels.Email).ToListAsync();
        var notice = Assert.Single(told); // the household that had cancelled is not told
        Assert.Equal(("anna@example.test", "de"), (notice.Recipient, notice.Language));
        Assert.StartsWith("Abgesagt: ", notice.Subject);
        Assert.All(await app.RemindersAsync(id), r => Assert.Equal(DeliveryState.Cancelled, r.State));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.RegisterAsync(home.Person.Token, id)).StatusCode);
    }

    [Fact]
    public async Task Erasing_a_household_deletes_its_registrations_and_gives_the_seats_back_and_the_export_lists_them_before()
    {
        var (place, bin, coordinator) = await BinAsync();
        var id = await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 10);
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl");
        await app.RegisterAsync(home.Person.Token, id, 3);
        var client = app.ClientFor(home.Person.Token);

        var export = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/export");
        Assert.Equal(3, export.GetProperty("eventRegistrations")[0].GetProperty("people").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/v1/me")).StatusCode);

        await using var db = app.Db();
        Assert.False(await db.EventRegistrations.AnyAsync(r => r.MemberId == home.MemberId));
        Assert.Equal(0, await db.BinEvents.Where(e => e.Id == id).Select(e => e.Taken).SingleAsync());
        Assert.All(await app.RemindersAsync(id), r => Assert.Equal(DeliveryState.Failed, r.State));
    }
}
