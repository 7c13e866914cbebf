using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Features.Training;
using BinHub.Tests.Support;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>
/// The training registry once through: an academy schedules a session, registers an aspiring officer, records them present and
/// passed, issues the certificate and prints it; then someone without an account checks its code on the public page. Axe on each page.
/// </summary>
public sealed class TrainingJourneyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>An academy's staff member with a password and an authenticator, signed in (they land on /Training).</summary>
    private async Task<IPage> AcademySignInAsync(int academyId)
    {
        var who = await app.StaffAsync(Roles.PoliceAcademy);
        await using (var db = app.Db()) await db.Users.Where(u => u.Id == who.User.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AcademyId, academyId));
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail address").FillAsync(who.User.Email!);
        await page.GetByLabel("Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(who.Key, app.Clock.Now));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await app.ArriveAsync(page, "**/Training", "training-00-landing");
        return page;
    }

    [Fact]
    public async Task An_academy_schedules_a_session_certifies_a_participant_who_passed_and_anyone_verifies_the_certificate()
    {
        await app.CurrentVersionAsync();
        var academy = await app.AcademyAsync();
        var page = await AcademySignInAsync(academy.Id);
        await app.CheckAsync(page, "training-01-sessions");

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule a session" }).ClickAsync();
        await app.ArriveAsync(page, "**/Training/Schedule", "training-02-schedule");
        await app.CheckAsync(page, "training-02-schedule");
        var today = TrainingScope.Today(app.Clock);
        await page.GetByLabel("First day").FillAsync(today.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Last day").FillAsync(today.AddDays(1).ToString("yyyy-MM-dd"));
        await page.GetByLabel("Place", new() { Exact = true }).FillAsync("Campus Gent, lokaal 3");
        await page.GetByLabel("Trainer", new() { Exact = true }).FillAsync("Hoofdinspecteur Wouters");
        await page.Locator("main").GetByLabel("Language", new() { Exact = true }).SelectOptionAsync("nl");
        await page.GetByLabel("Places", new() { Exact = true }).FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the session" }).ClickAsync();
        await app.ArriveAsync(page, "**/Training/Session/*", "training-03-session");
        var sessionUrl = page.Url;

        // An aspiring officer without an account: name and e-mail address.
        await page.GetByLabel("Category", new() { Exact = true }).SelectOptionAsync("AspiringOfficer");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Lotte Jacobs");
        await page.GetByLabel("E-mail address", new() { Exact = true }).FillAsync("lotte.jacobs@example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register", Exact = true }).ClickAsync();
        await page.GetByText("Lotte Jacobs is registered.").WaitForAsync();
        await app.CheckAsync(page, "training-04-registered");

        await page.GetByLabel("Attendance", new() { Exact = true }).SelectOptionAsync("Present");
        await page.GetByLabel("Result", new() { Exact = true }).SelectOptionAsync("Passed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await page.GetByText("Attendance and result saved.").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue the certificate" }).ClickAsync();
        await page.GetByText(new Regex("Certificate [A-Z2-9]{5}-[A-Z2-9]{5} issued")).WaitForAsync();
        await app.CheckAsync(page, "training-05-issued");
        var code = Regex.Match(await page.GetByRole(AriaRole.Status).First.InnerTextAsync(), "[A-Z2-9]{5}-[A-Z2-9]{5}").Value;

        // The printable certificate, as it prints.
        await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await app.ArriveAsync(page, "**/Training/Certificate/*", "training-06-certificate");
        var certificateUrl = page.Url;
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Contains("Lotte Jacobs", await page.Locator("main").InnerTextAsync());
        await app.CheckAsync(page, "training-06-certificate");

        // Anyone, without signing in, types the code.
        var anyone = await app.NewPageAsync(360);
        await anyone.GotoAsync("/Certificates/Verify");
        await app.CheckAsync(anyone, "training-07-verify");
        await anyone.GetByLabel("Verification code").FillAsync(code.ToLowerInvariant());
        await anyone.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await anyone.GetByText("This certificate is valid.").WaitForAsync();
        var shown = await anyone.Locator("main").InnerTextAsync();
        Assert.Contains("Lotte Jacobs", shown);
        Assert.Contains(academy.Name, shown);
        Assert.DoesNotContain("lotte.jacobs@example.test", shown);
        await app.CheckAsync(anyone, "training-08-verified");

        // The academy's other pages, in Dutch too (the longest texts).
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        foreach (var lang in new[] { "en", "nl" })
        {
            await page.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = $"c={lang}-BE|uic={lang}-BE", Url = app.BaseUrl }]);
            foreach (var url in new[] { sessionUrl, "/Training/Curriculum", "/Training/Zones", "/Training/Schedule", certificateUrl })
            {
                await page.SetViewportSizeAsync(1280, 900);
                await page.GotoAsync(url);
                await app.CheckAsync(page, $"training-09-{lang}-{url.Split('/').Last()}");
                // WCAG 1.4.10 reflow, as the accessibility crawl checks it: nothing scrolls sideways at 360 px.
                await page.SetViewportSizeAsync(360, 800);
                var w = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                Assert.True(w[0] <= w[1], $"{url} ({lang}) scrolls {w[0] - w[1]} px sideways at 360 px");
            }
        }
    }
}
