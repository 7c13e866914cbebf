using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.Playwright;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.BrowserTests;

/// <summary>
/// The volunteer programme once through: a member opts in, the Kenniscentrum publishes a CPA call for the member's
/// municipality, the member finds it in the web inbox and applies, the Kenniscentrum accepts, the member sees the status.
/// </summary>
public sealed class VolunteeringJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>For the accessibility crawl: a call of the municipality with one open application of the household.</summary>
    public static async Task<int> CallWithApplicationAsync(BinHubApp app, string nis, int memberId)
    {
        await using var db = app.Db();
        var call = new VolunteerCall
        {
            Role = VolunteerRole.Cpa, Title = "Cyber Prevention Adviser wanted", Description = "Help your neighbours stay safe online.", MunicipalityNis = nis,
            HoursPerMonth = 4, Training = "BIN cyber course", OpenUntil = DateOnly.FromDateTime(app.Clock.Now.UtcDateTime).AddDays(30),
            PublishedByUserId = "seed", PublishedByName = "Kenniscentrum", CreatedAt = app.Clock.Now,
        };
        db.VolunteerCalls.Add(call);
        await db.SaveChangesAsync();
        db.VolunteerApplications.Add(new VolunteerApplication { CallId = call.Id, MemberId = memberId, Motivation = "I work in IT.", CreatedAt = app.Clock.Now });
        await db.SaveChangesAsync();
        return call.Id;
    }

    private Task<IPage> MemberAsync(string mobile) => app.MemberSignInAsync(mobile);

    [Fact]
    public async Task The_kenniscentrum_publishes_a_cpa_call_an_opted_in_member_reads_it_in_the_inbox_applies_is_accepted_and_sees_the_status()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: "BIN Vrijwilligers");
        var mobile = "+32470" + Random.Shared.Next(100000, 999999);
        await app.HouseholdAsync(bin.Id, "en", phones: new Phone(mobile));

        // The member opts in to hear about volunteering.
        var member = await MemberAsync(mobile);
        await member.GotoAsync("/Me/Preferences");
        await member.GetByLabel("Yes, tell me about calls for volunteers").CheckAsync();
        await member.GetByRole(AriaRole.Button, new() { Name = "Save my choice" }).ClickAsync();
        await Assertions.Expect(member.Locator("#volunteering")).ToContainTextAsync("You hear about volunteer calls since");
        await app.CheckAsync(member, "volunteering-01-opt-in");

        // The Kenniscentrum publishes a CPA call for the member's municipality.
        var centre = await app.SignInAsync(await app.StaffAsync(Roles.KenniscentrumAdmin));
        await centre.GotoAsync("/Volunteering");
        await centre.GetByRole(AriaRole.Link, new() { Name = "Publish a call" }).ClickAsync();
        await centre.GetByLabel("Volunteer role").SelectOptionAsync("Cpa");
        await centre.GetByLabel("Title").FillAsync("Cyber Prevention Adviser wanted");
        await centre.GetByLabel("Description").FillAsync("Help households with phishing and safe online banking.");
        await centre.GetByLabel("Municipality (NIS code)").FillAsync(place.Nis);
        await centre.GetByLabel("Time asked (hours per month)").FillAsync("4");
        await centre.GetByLabel("Note on the training").FillAsync("BIN course cyber prevention, version 2");
        await centre.GetByLabel("Open until").FillAsync(DateOnly.FromDateTime(app.Clock.Now.UtcDateTime).AddDays(30).ToString("yyyy-MM-dd"));
        await app.CheckAsync(centre, "volunteering-02-publish-form");
        await centre.GetByRole(AriaRole.Button, new() { Name = "Publish and notify" }).ClickAsync();
        await app.ArriveAsync(centre, "**/Volunteering/Call/*", "volunteering-03-published");
        await Assertions.Expect(centre.GetByRole(AriaRole.Status).First).ToContainTextAsync("1 household was notified");
        await app.CheckAsync(centre, "volunteering-03-call");

        // The member finds it in the web inbox and applies from their space.
        await app.DispatchAllAsync();
        await member.GotoAsync("/Me/Inbox");
        await Assertions.Expect(member.Locator("#inbox")).ToContainTextAsync("Call for volunteers: Cyber Prevention Adviser wanted");
        await app.CheckAsync(member, "volunteering-04-inbox");
        await member.GotoAsync("/Me/Volunteering");
        await member.GetByLabel("Your motivation").FillAsync("I set up my parents' online banking safely and like explaining it.");
        await member.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Assertions.Expect(member.GetByRole(AriaRole.Status).First).ToContainTextAsync("your application is sent");
        await app.CheckAsync(member, "volunteering-05-applied");

        // The Kenniscentrum screens the application and accepts it, after confirming.
        await centre.ReloadAsync();
        await Assertions.Expect(centre.Locator("main")).ToContainTextAsync("I set up my parents' online banking safely");
        await centre.GetByLabel("Message to the applicant").FillAsync("Welcome! The next course starts in April.");
        await centre.GetByLabel("I confirm: the member is told at once and this cannot be undone.").CheckAsync();
        await centre.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Assertions.Expect(centre.GetByRole(AriaRole.Status).First).ToContainTextAsync("The application is accepted");
        await app.CheckAsync(centre, "volunteering-06-accepted");

        // The member sees the volunteer status, with the training needed.
        await member.GotoAsync("/Me/Volunteering");
        await Assertions.Expect(member.Locator("main")).ToContainTextAsync("You are a volunteer: Cyber Prevention Adviser (CPA)");
        await Assertions.Expect(member.Locator("main")).ToContainTextAsync("BIN course cyber prevention, version 2");
        await app.CheckAsync(member, "volunteering-07-status");

        await centre.GotoAsync("/Volunteering/Volunteers");
        await Assertions.Expect(centre.Locator("main")).ToContainTextAsync($"({place.Nis})");
        await app.CheckAsync(centre, "volunteering-08-volunteers");
    }
}
