using BinHub.Domain;
using BinHub.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace BinHub.BrowserTests;

/// <summary>The composer's live SMS counter counts what members get: an exercise's texts start with the mark.</summary>
public sealed class ComposerCounterTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Ticking_exercise_adds_the_mark_of_each_language_to_the_live_sms_count()
    {
        var place = await new World(app).PlaceAsync();
        var police = await app.SignInAsync(await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone));
        await police.GotoAsync("/Messages/Compose");
        // 155 GSM characters: one SMS as it stands, two once "OEFENING: " (10) or "EXERCICE : " (11) goes in front.
        await police.Locator("#text-nl").FillAsync(new string('a', 155));
        await police.Locator("#text-fr").FillAsync(new string('b', 155));
        await Expect(police.Locator("#sms-nl")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\b155\b.*GSM-7.*\b1\b"));

        await police.Locator("#exercise").CheckAsync();

        await Expect(police.Locator("#sms-nl")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\b165\b.*GSM-7.*\b2\b"));
        await Expect(police.Locator("#sms-fr")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\b166\b.*GSM-7.*\b2\b"));
        await police.Locator("#exercise").UncheckAsync();
        await Expect(police.Locator("#sms-nl")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\b155\b.*GSM-7.*\b1\b"));
    }
}
