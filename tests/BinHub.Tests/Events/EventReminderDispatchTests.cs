namespace BinHub.Tests.Events;

/// <summary>The reminders through the one sending engine: sent at their time, never for a cancelled registration, also after a restart.</summary>
public class EventReminderDispatchTests
{
    [Fact]
    public async Task After_a_restart_the_dispatcher_sends_the_reminder_at_its_time_and_never_the_one_of_a_cancelled_registration()
    {
        int eventId;
        (int Coming, int Cancelled) members;
        var first = new BinHubApp();
        await first.InitializeAsync();
        try
        {
            var world = new World(first);
            var place = await world.PlaceAsync();
            var bin = await world.BinAsync(place, BinStatus.Active);
            var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
            eventId = await first.PublishAsync(coordinator.Token, place, bin.Id, first.BrusselsAt(3, 19));
            var coming = await first.HouseholdAsync(world, bin.Id, language: "nl", email: "komt@example.test");
            var cancels = await first.HouseholdAsync(world, bin.Id, language: "nl", email: "komtniet@example.test");
            await first.RegisterAsync(coming.Person.Token, eventId);
            await first.RegisterAsync(cancels.Person.Token, eventId);
            Assert.Equal(HttpStatusCode.OK, (await first.ClientFor(cancels.Person.Token).DeleteAsync($"/api/v1/events/{eventId}/my-registration")).StatusCode);
            members = (coming.MemberId, cancels.MemberId);
            Assert.Equal(0, await first.DispatchRoundAsync()); // nothing is due yet
        }
        finally { await first.DisposeAsync(); }

        var second = new BinHubApp { ExistingDatabase = first.ConnectionString };
        second.Clock.Now = first.BrusselsAt(2, 17, 59);
        await second.InitializeAsync();
        try
        {
            Assert.Equal(0, await second.DispatchRoundAsync()); // a minute before 18:00 the evening before: still waiting
            second.Clock.Now = first.BrusselsAt(2, 18, 1);
            Assert.Equal(2, await second.DispatchRoundAsync()); // its e-mail and its web inbox

            var reminders = await second.RemindersAsync(eventId);
            Assert.All(reminders.Where(r => r.MemberId == members.Coming), r => Assert.Equal(DeliveryState.Sent, r.State));
            Assert.All(reminders.Where(r => r.MemberId == members.Cancelled), r => Assert.Equal((DeliveryState.Cancelled, (DateTimeOffset?)null), (r.State, r.SentAt)));
        }
        finally { await second.DisposeAsync(); }
    }
}
