using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.BrowserTests;

/// <summary>The browser fixture with the delivery dispatcher running, as in production.</summary>
public sealed class LiveBrowserApp : BrowserApp
{
    protected override bool DispatcherRuns => true;
}

/// <summary>
/// Why BINs exist, in two browsers: a member reports; the officer's inbox shows it live; the officer raises an alarm from
/// it; the member's web inbox shows the alarm live; the officer sends the feedback. Every page is checked with axe.
/// </summary>
public sealed class AlarmJourneyTests(LiveBrowserApp app) : IClassFixture<LiveBrowserApp>
{
    private Task CheckAsync(IPage page, string name) => app.CheckAsync(page, "alarm-" + name);

    private Task<IPage> NewPageAsync() => app.NewPageAsync();

    [Fact]
    public async Task A_member_reports_the_officer_sees_it_live_raises_an_alarm_the_member_sees_it_live_and_the_officer_sends_feedback()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"BIN Alarm {Guid.NewGuid().ToString()[..4]}");
        var officer = await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone);
        var mobile = Mobile();
        var household = await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Sms | Channels.Web, phones: new Phone(mobile));

        // The officer opens the live inbox.
        var police = await app.SignInAsync(officer);
        await police.GotoAsync("/Police/Inbox");
        await police.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await CheckAsync(police, "01-police-inbox");
        await Microsoft.Playwright.Assertions.Expect(police.Locator("#inbox-count")).ToHaveTextAsync("0 reports");

        // The member signs in with an SMS code (dev outbox) and reports.
        var member = await app.MemberSignInAsync(mobile);
        await member.GotoAsync("/Reports/New");
        await CheckAsync(member, "02-report-form");
        await member.GetByLabel("What happened").SelectOptionAsync("Burglary");
        await member.Locator("#street").SelectOptionAsync("Kerkstraat");
        await member.GetByLabel("What you saw").FillAsync("A man is forcing the back door of number 14.");
        await member.GetByRole(AriaRole.Button, new() { Name = "Send the report" }).ClickAsync();
        await member.GetByText("Your report was received").WaitForAsync();
        string reference;
        await using (var db = app.Db())
            reference = (await db.Reports.SingleAsync(r => r.MemberId == household.Id)).Reference;

        // It appears in the officer's inbox without a reload.
        await police.GetByRole(AriaRole.Link, new() { Name = reference }).WaitForAsync(new() { Timeout = 10_000 });
        await Microsoft.Playwright.Assertions.Expect(police.Locator("#inbox-count")).ToHaveTextAsync("1 report"); // the count follows the live row, in the singular
        await police.GetByRole(AriaRole.Link, new() { Name = reference }).ClickAsync();
        await police.GetByRole(AriaRole.Button, new() { Name = "Take on" }).ClickAsync();
        await police.GetByLabel("Alarm now").CheckAsync();
        await police.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await police.WaitForURLAsync("**/Messages/Compose**"); // the alarm decision opens the composer, prefilled from the report
        await CheckAsync(police, "03-compose-from-report");

        // The member watches their web inbox while the officer writes the alarm.
        await member.GotoAsync("/Me/Inbox");
        await member.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await CheckAsync(member, "04-inbox-empty");

        var tag = Guid.NewGuid().ToString("N")[..5];
        await police.Locator("#text-nl").FillAsync($"Inbraak bezig in de Kerkstraat ({tag}). Bel 112 als u iets ziet.");
        await police.Locator("#text-en").FillAsync($"Burglary in progress in Kerkstraat ({tag}). Call 112 if you see anything.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Preview (sends nothing)" }).ClickAsync();
        await CheckAsync(police, "05-compose-preview");
        await police.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await police.WaitForURLAsync("**/Messages/Details/**");

        // The alarm appears live in the member's inbox, in English.
        await member.GetByText($"Burglary in progress in Kerkstraat ({tag})").WaitForAsync(new() { Timeout = 15_000 });
        await CheckAsync(member, "06-inbox-alarm");
        await CheckAsync(police, "07-dashboard");

        // The officer sends the feedback.
        await police.GetByRole(AriaRole.Link, new() { Name = "Send the feedback for this alarm" }).ClickAsync();
        await police.Locator("#text-en").FillAsync($"Update ({tag}): the suspect was arrested. Thank you for your vigilance.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Preview (sends nothing)" }).ClickAsync();
        await police.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await police.WaitForURLAsync("**/Messages/Details/**");
        await member.GetByText($"Update ({tag}): the suspect was arrested").WaitForAsync(new() { Timeout = 15_000 });

        await using var check = app.Db();
        var alarm = await check.Messages.SingleAsync(m => m.Kind == MessageKind.Alarm && m.TextEn!.Contains(tag));
        Assert.NotNull(alarm.FeedbackSentAt);
        Assert.NotNull(alarm.ReportId);
        Assert.True(await check.Deliveries.AnyAsync(d => d.MessageId == alarm.Id && d.Channel == Channels.Sms && d.Recipient == mobile));
    }
}
