using System.Globalization;
using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>
/// With JavaScript the area maps fill the inputs in place (area-map.js, same projection as the server): no post, a dot as
/// decimal separator, and on a BIN's edit page each click adds a corner to the outline. The builders' municipality is the
/// square 3.7–3.8 E, 51.0–51.1 N, so the middle of its map is 51.05 N, 3.75 E.
/// </summary>
public sealed class MapClickTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Clicking_the_map_fills_the_centre_in_the_composer_and_draws_corners_on_the_BIN_page_without_a_post()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone);
        var page = await app.SignInAsync(officer);

        await page.GotoAsync("/Messages/Compose");
        var map = page.Locator("input[data-area-map]");
        var box = (await map.BoundingBoxAsync())!;
        // Form posts only: the live hubs post their own negotiation.
        var posts = new List<string>();
        page.Request += (_, r) => { if (r.Method == "POST" && !r.Url.Contains("/hubs/")) posts.Add(r.Url); };
        await map.ClickAsync(new() { Position = new() { X = box.Width / 2, Y = box.Height / 2 } });

        var lat = await page.Locator("#lat").InputValueAsync();
        var lon = await page.Locator("#lon").InputValueAsync();
        Assert.Equal(51.05, double.Parse(lat, CultureInfo.InvariantCulture), 0.002);
        Assert.Equal(3.75, double.Parse(lon, CultureInfo.InvariantCulture), 0.002);
        Assert.Contains(".", lat);
        Assert.Contains("/Maps/Compose.svg?lat=", await map.GetAttributeAsync("src"));

        await page.GotoAsync($"/Registry/Edit/{bin.Id}");
        map = page.Locator("input[data-area-map]");
        foreach (var (x, y) in new[] { (0.3, 0.7), (0.7, 0.7), (0.5, 0.3) })
            await map.ClickAsync(new() { Position = new() { X = (float)(box.Width * x), Y = (float)((await map.BoundingBoxAsync())!.Height * y) } });
        using (var three = JsonDocument.Parse(await page.Locator("#area").InputValueAsync()))
        {
            var ring = three.RootElement.GetProperty("coordinates")[0];
            Assert.Equal(4, ring.GetArrayLength());
            Assert.Equal(ring[0].ToString(), ring[3].ToString()); // closed
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove last corner" }).ClickAsync();
        using (var two = JsonDocument.Parse(await page.Locator("#area").InputValueAsync()))
            Assert.Equal(3, two.RootElement.GetProperty("coordinates")[0].GetArrayLength());
        Assert.Empty(posts);
    }
}
