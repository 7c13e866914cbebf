using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>
/// The good practices library walked once: a coordinator proposes a practice with a flyer, the Kenniscentrum publishes it after
/// confirming, the coordinator finds it by a word without its accent and marks "we use this" for their BIN. Key pages checked with axe.
/// </summary>
public sealed class PracticeJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_coordinator_proposes_the_Kenniscentrum_publishes_and_the_coordinator_finds_it_and_marks_we_use_this()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"BIN Praktijk {Guid.NewGuid().ToString()[..6]}");
        var coordinator = await app.StaffAsync(Roles.Coordinator, coordinates: bin.Id);
        var centre = await app.StaffAsync(Roles.KenniscentrumAdmin);
        var word = PracticeBuilders.Marker();
        var title = $"Coffee morning against burglary {word}";

        // The coordinator proposes, from their BIN, and attaches the flyer.
        var page = await app.SignInAsync(coordinator);
        await page.GotoAsync("/Practices/Propose");
        await app.CheckAsync(page, "practice-01-propose");
        await page.Locator("#Title").FillAsync(title);
        await page.Locator("#Summary").FillAsync("Neighbours meet the community officer once a month.");
        await page.Locator("#Body").FillAsync($"We invite the street for coffee.\n\nThe officer explains the latest break-ins (Séance d'été {word}).");
        await page.Locator("#Theme").SelectOptionAsync("Burglary");
        await page.Locator("#Language").SelectOptionAsync("en");
        await page.Locator("#BinId").SelectOptionAsync(bin.Id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and submit for review" }).ClickAsync();
        await app.ArriveAsync(page, "**/Practices/*", "practice-02-saved");
        var id = int.Parse(page.Url.Split('/').Last().Split('?')[0]);
        var pdf = System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "flyer.pdf", MimeType = "application/pdf", Buffer = pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the file" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "flyer.pdf" })).ToBeVisibleAsync();
        await app.CheckAsync(page, "practice-03-submitted");

        // The Kenniscentrum finds it in the queue and publishes it after confirming.
        var review = await app.SignInAsync(centre);
        await review.GotoAsync("/Practices/Review");
        await app.CheckAsync(review, "practice-04-queue");
        await review.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await review.GetByRole(AriaRole.Button, new() { Name = "Publish", Exact = true }).ClickAsync();
        await app.CheckAsync(review, "practice-05-confirm");
        await review.GetByRole(AriaRole.Button, new() { Name = "Yes, publish" }).ClickAsync();
        await Assertions.Expect(review.GetByRole(AriaRole.Status).First).ToContainTextAsync("The practice is published");

        // The coordinator searches without the accent, opens it and marks "we use this".
        await page.GotoAsync("/Practices");
        await page.Locator("#q").FillAsync($"SEANCE {word}");
        await page.Locator("#theme").SelectOptionAsync("Burglary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await app.CheckAsync(page, "practice-06-search");
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"We use this in {bin.Name}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("your BIN uses this practice");
        await Assertions.Expect(page.Locator("#uptake + p")).ToHaveTextAsync("Used by 1 BIN");
        await app.CheckAsync(page, "practice-07-we-use-this");
        await using var db = app.Db();
        Assert.True(await db.PracticeUptakes.AnyAsync(u => u.PracticeId == id && u.BinId == bin.Id));
    }
}
