using BinHub.Domain;
using BinHub.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>
/// A person's whole journey: the officer signs in and registers a BIN, the three parties approve its charter,
/// the BIN is found in the registry and counted in the statistics. Every page is checked with axe.
/// </summary>
public sealed class RegistryJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private Task<IPage> SignInAsync((AppUser User, string Password, string Key) who, int width = 1280) => app.SignInAsync(who, width);

    private Task CheckAsync(IPage page, string name) => app.CheckAsync(page, name);

    private static async Task ApproveAsync(IPage page, int binId, string party)
    {
        await page.GotoAsync($"/Registry/Details/{binId}");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Approve the charter for: {party}" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).First.WaitForAsync();
    }

    [Fact]
    public async Task Officer_registers_a_bin_the_three_parties_approve_it_and_it_is_counted()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var officer = await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone);
        var municipality = await app.StaffAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var coordinator = await app.StaffAsync(Roles.Coordinator);
        var name = $"BIN Browser {Guid.NewGuid().ToString()[..6]}";

        // The officer registers the BIN and names its coordinator.
        var page = await SignInAsync(officer);
        await CheckAsync(page, "01-registry");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register a BIN" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Municipality").SelectOptionAsync(place.Nis);
        await page.GetByLabel("Streets of the area").FillAsync("Kerkstraat\nStationsstraat");
        await page.GetByLabel("Member households").FillAsync("85");
        await page.GetByLabel("Primary coordinator").SelectOptionAsync(coordinator.User.Id);
        await page.GetByLabel("Mandated police officer").SelectOptionAsync(officer.User.Id);
        await CheckAsync(page, "02-new-bin-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await app.ArriveAsync(page, "**/Registry/Details/*", "03-bin-saved");
        var binId = int.Parse(page.Url.Split('/').Last());
        await CheckAsync(page, "03-bin-draft");

        await page.GetByLabel("Submit for signatures").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the change" }).ClickAsync();
        await ApproveAsync(page, binId, "the police");

        // The coordinator and the municipality approve, in that order.
        var coordinatorPage = await SignInAsync(coordinator);
        await ApproveAsync(coordinatorPage, binId, "the BIN");
        var municipalityPage = await SignInAsync(municipality);
        await ApproveAsync(municipalityPage, binId, "the municipality");
        var status = await municipalityPage.GetByRole(AriaRole.Status).First.InnerTextAsync();
        Assert.Contains($"BIN-{place.Zone}-0001", status);
        await CheckAsync(municipalityPage, "04-bin-active");

        // The BIN is in the registry, active, and the charter prints.
        await page.GotoAsync($"/Registry?q={Uri.EscapeDataString(name)}");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await Assertions.Expect(row).ToContainTextAsync($"BIN-{place.Zone}-0001");
        await page.GotoAsync($"/Registry/Charter/{binId}");
        await CheckAsync(page, "05-charter");

        // It is counted in this year's statistics of its zone.
        await page.GotoAsync($"/Statistics?year={app.Clock.Now.Year}");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"PZ Test {place.Zone - 10_000}" })).ToContainTextAsync("1");
        await CheckAsync(page, "06-statistics");

        // At phone width nothing scrolls sideways.
        var narrow = await SignInAsync(officer, width: 360);
        await narrow.GotoAsync($"/Registry/Details/{binId}");
        var overflow = await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the BIN page scrolls sideways at 360 px");
        await CheckAsync(narrow, "07-bin-360px");
    }
}
