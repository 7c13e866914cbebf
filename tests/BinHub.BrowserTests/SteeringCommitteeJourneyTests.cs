using System.Text;
using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>
/// The Kenniscentrum prepares the steering committee: opens last year's report, reads its charts (each with a text alternative),
/// downloads it as PDF and spreadsheet, and records the meeting with an attendee and a decision. Key pages checked with axe.
/// </summary>
public sealed class SteeringCommitteeJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_kenniscentrum_opens_the_report_downloads_it_and_records_the_meeting()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var year = app.Clock.Now.Year - 1;
        await world.BinAsync(place, BinStatus.Active, activeSince: new DateTimeOffset(year, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var centre = await app.StaffAsync(Roles.KenniscentrumAdmin);

        var page = await app.SignInAsync(centre);
        await page.GetByRole(AriaRole.Link, new() { Name = "Steering committee" }).ClickAsync();
        await app.ArriveAsync(page, "**/SteeringCommittee/Report", "steering-01-report");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Annual report {year} for the steering committee");
        // The chart is an image named by its title and described by every value it draws.
        var chart = page.GetByRole(AriaRole.Img, new() { Name = $"Active BINs per region, end of {year} and end of {year - 1}" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.Contains("Region 02000:", await page.Locator("#chart-regions-desc").TextContentAsync());
        await Assertions.Expect(page.Locator("#table-regions")).ToBeVisibleAsync();
        await app.CheckAsync(page, "steering-01-report");

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download as PDF" }).ClickAsync());
        Assert.Equal($"steering-committee-report-{year}.pdf", pdf.SuggestedFilename);
        Assert.StartsWith("%PDF", Encoding.Latin1.GetString(await File.ReadAllBytesAsync((await pdf.PathAsync())!))[..8]);
        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the tables as a spreadsheet (XLSX)" }).ClickAsync());
        Assert.Equal("PK", Encoding.ASCII.GetString(await File.ReadAllBytesAsync((await xlsx.PathAsync())!))[..2]); // a zip: the XLSX container

        await page.GetByRole(AriaRole.Link, new() { Name = "Record a meeting" }).ClickAsync();
        await page.GetByLabel("Date of the meeting").FillAsync($"{year + 1}-02-20");
        await page.GetByLabel("Place").FillAsync("FOD Binnenlandse Zaken, Brussel");
        await page.GetByLabel("Agenda").FillAsync($"Annual report {year}\nVolunteers 2.0");
        await app.CheckAsync(page, "steering-02-new-meeting");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record a meeting" }).ClickAsync();
        await app.ArriveAsync(page, "**/SteeringCommittee/Meeting/*", "steering-03-meeting");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The meeting has been saved.");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Els Maes");
        await page.GetByLabel("Organisation").FillAsync("Kenniscentrum BIN");
        await page.GetByLabel("Role", new() { Exact = true }).FillAsync("Chair");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add an attendee" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The attendee has been added.");
        await page.GetByLabel("Decision", new() { Exact = true }).FillAsync("Cyber prevention campaign in spring");
        await page.GetByLabel("Responsible").FillAsync("Kenniscentrum");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a decision" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The decision has been added.");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Els Maes" })).ToContainTextAsync("Kenniscentrum BIN");
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Volunteers 2.0" })).ToBeVisibleAsync();
        await app.CheckAsync(page, "steering-03-meeting");

        // The meeting is linked from the report of its year.
        await page.GotoAsync($"/SteeringCommittee/Report?year={year}");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Meeting of" })).ToContainTextAsync("FOD Binnenlandse Zaken");
    }
}
