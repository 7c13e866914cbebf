using System.Text.RegularExpressions;
using BinHub.Features.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.BrowserTests;

/// <summary>
/// An event's whole life in the browser: a coordinator publishes an information evening, a member registers two people, the
/// reminder leaves the dev outbox at 18:00 the evening before (the fake clock is moved there), and the coordinator cancels it
/// after confirming. The key pages are checked with axe.
/// </summary>
public sealed class EventJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    private Task<IPage> MemberAsync(string mobile) => app.MemberSignInAsync(mobile);

    private async Task<int> DispatchRoundAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = app.Db();
        return await DeliveryDispatcher.RunOnceAsync(db, Senders.From(scope.ServiceProvider, app.BaseUrl, live: false), app.Clock, new DispatchOptions(),
            NullLogger.Instance, default);
    }

    [Fact]
    public async Task Coordinator_publishes_member_registers_the_reminder_goes_out_the_evening_before_and_the_event_is_cancelled()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: "BIN Evenement");
        var coordinator = await app.StaffAsync(Roles.Coordinator, coordinates: bin.Id);
        var admin = await app.StaffAsync(Roles.KenniscentrumAdmin); // lands on the registry like the other staff; sees the outbox
        var mobile = "+32470" + Random.Shared.Next(100000, 999999);
        // No e-mail address: the reminder goes by SMS, as for members who registered on paper.
        await app.HouseholdAsync(bin.Id, "en", phones: new Phone(mobile));
        var day = TimeZoneInfo.ConvertTime(app.Clock.Now, Brussels).Date.AddDays(3);
        var title = $"Information evening {Guid.NewGuid().ToString()[..6]}";

        // The coordinator publishes.
        var page = await app.SignInAsync(coordinator);
        await page.GotoAsync("/Events");
        await app.CheckAsync(page, "events-01-empty-list");
        await page.GetByRole(AriaRole.Link, new() { Name = "New event" }).ClickAsync();
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByLabel("Starts").FillAsync(day.AddHours(19).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("Ends").FillAsync(day.AddHours(21).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("Address of the venue").FillAsync("Zaal De Kring, Kerkstraat 1");
        await page.GetByLabel("Number of places").FillAsync("40");
        await page.GetByLabel("Nederlands").CheckAsync();
        await app.CheckAsync(page, "events-02-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await page.WaitForURLAsync("**/Events");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = title })).ToContainTextAsync("0 / 40");
        await app.CheckAsync(page, "events-03-published");

        // The member registers two people.
        var member = await MemberAsync(mobile);
        await member.GotoAsync("/Me/Events");
        var card = member.Locator("section").Filter(new() { HasText = title });
        await card.GetByLabel("Number of people").SelectOptionAsync("2");
        await card.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Status).First).ToContainTextAsync("You are registered");
        await Assertions.Expect(member.Locator("section").Filter(new() { HasText = title })).ToContainTextAsync("You are registered with 2 people.");
        await app.CheckAsync(member, "events-04-member-registered");

        // Nothing before 18:00 the evening before; at 18:00 the reminder is sent, and the dev outbox shows it.
        var evening = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.AddDays(-1).AddHours(18), DateTimeKind.Unspecified), Brussels), TimeSpan.Zero);
        app.Clock.Now = evening.AddMinutes(-1);
        await DispatchRoundAsync();
        await using (var db = app.Db())
            Assert.Equal(DeliveryState.Planned, (await db.Deliveries.SingleAsync(d => d.Kind == "EventReminder" && d.Recipient == mobile)).State);
        app.Clock.Now = evening.AddMinutes(1);
        await DispatchRoundAsync();
        var outbox = await app.SignInAsync(admin);
        await outbox.GotoAsync("/Admin/Outbox");
        var row = outbox.GetByRole(AriaRole.Row).Filter(new() { HasText = "Event reminder" }).Filter(new() { HasText = mobile });
        await Assertions.Expect(row).ToContainTextAsync("Sent");
        await app.CheckAsync(outbox, "events-05-outbox-reminder");

        // The coordinator (signed in again: a day has passed) cancels after confirming; the member is told.
        var again = await app.SignInAsync(coordinator);
        await again.GotoAsync("/Events");
        await again.GetByRole(AriaRole.Row).Filter(new() { HasText = title }).GetByRole(AriaRole.Link, new() { Name = "Cancel event" }).ClickAsync();
        await app.CheckAsync(again, "events-06-cancel-confirmation");
        await again.GetByLabel($"I cancel \"{title}\".").CheckAsync();
        await again.GetByRole(AriaRole.Button, new() { Name = "Cancel the event" }).ClickAsync();
        await again.WaitForURLAsync("**/Events");
        await Assertions.Expect(again.GetByRole(AriaRole.Status).First).ToContainTextAsync("1 registered household is being told");
        await using (var db = app.Db())
            Assert.Single(await db.Deliveries.Where(d => d.Kind == "EventCancelled" && d.Recipient == mobile).ToListAsync());
    }
}
