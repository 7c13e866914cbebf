using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.BrowserTests;

/// <summary>
/// Every Razor page of the app, as each role that may see it, in its normal state and after its form was sent empty: no serious
/// or critical axe violation at desktop width, and no sideways scrolling at 360 px (WCAG 2.1 AA, 1.4.10 reflow). The pages
/// come from the app's routes, so a new page is crawled (or must be named in the skip list) without editing this test.
/// </summary>
public class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Pages no crawl can show as such: each says why. Every other route must be visited by some role below.</summary>
    private static readonly Dictionary<string, string> Skipped = new()
    {
        ["/Language"] = "a POST target (the header's language form), redirects back",
        ["/Account/Logout"] = "a POST target, signs out",
        ["/Account/Confirm"] = "needs a one-time e-mail token (covered by the sign-in tests)",
        ["/Account/Link"] = "needs a one-time sign-in link token",
        ["/Account/MemberCode"] = "the second step of the member sign-in: visited while signing the member in",
        ["/Account/LoginWith2fa"] = "the second step of the staff sign-in: visited while signing each staff member in",
        ["/Account/TwoFactorSetup"] = "only for staff without a second factor; every crawled account has one",
        ["/Join/Verify"] = "needs a signed sign-up token",
        ["/Messages/Details"] = "needs a message: covered by the alarm journey (AlarmJourneyTests checks axe on it)",
        ["/Police/Report"] = "needs a report: covered by the alarm journey",
        ["/Registry/MemberHistory"] = "needs a member with a history",
    };

    private sealed record Visit(string Role, string Page, string Url);

    private List<string> Pages() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Select(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath)
        .OfType<string>().Select(p => p.EndsWith("/Index") && p != "/Index" ? p[..^"/Index".Length] : p).Distinct().Order().ToList();

    [Fact]
    public async Task Every_page_of_every_role_passes_axe_normal_and_after_an_empty_submit_and_does_not_scroll_sideways_at_360px()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: "BIN Toegankelijk");
        var mobile = "+32470" + Random.Shared.Next(100000, 999999);
        await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Sms | Channels.Web, phones: new Phone(mobile));

        // Which pages each role visits: its own folder, with the ids of the data made above.
        string[] Staff(params string[] p) => ["/Account/Manage", .. p];
        var byRole = new Dictionary<string, string[]>
        {
            [""] = ["/", "/Join", $"/Join/{bin.Id}", "/Join/Request", "/Privacy", "/Statistics", "/Account/Login", "/Account/MemberSignIn", "/Account/Denied", "/Error"],
            [Roles.Member] = ["/Me", "/Me/Preferences", "/Me/Phones", "/Me/Export", "/Me/Leave", "/Me/Erase", "/Me/Sessions", "/Me/History", "/Me/Inbox", "/Me/Vacancy", "/Reports/New"],
            [Roles.Coordinator] = Staff("/Registry", $"/Registry/Details/{bin.Id}", $"/Registry/Edit/{bin.Id}", $"/Registry/Members/{bin.Id}",
                $"/Registry/Charter/{bin.Id}", $"/Registry/Succession/{bin.Id}", "/Registry/Vacancies", "/Messages", "/Messages/Compose", "/Reports", "/Reports/OnBehalf"),
            [Roles.PoliceOfficer] = Staff("/Registry", "/Registry/Edit", "/Police/Inbox", "/Messages", "/Messages/Compose", "/Reports"),
            [Roles.MunicipalityOfficial] = Staff("/Registry", $"/Registry/Details/{bin.Id}", "/Statistics"),
            [Roles.KenniscentrumAdmin] = Staff("/Registry", "/Admin/Audit", "/Admin/Zones"),
            [Roles.Admin] = Staff("/Admin/Audit", "/Admin/Outbox", "/Admin/Dispatch", "/Admin/Zones"),
        };
        var visited = byRole.Values.SelectMany(v => v).Select(u => Regex.Replace(u.Split('?')[0], @"/\d+$", "")).ToHashSet();
        visited.Add("/Index");
        visited.Add("/Join/SignUp"); // its route is /Join/{id}, visited above as the anonymous sign-up
        var escaped = Pages().Where(p => !visited.Contains(p) && !Skipped.ContainsKey(p) && !visited.Contains(Regex.Replace(p, @"/\{.*$", ""))).ToList();
        Assert.True(escaped.Count == 0, "pages no role visits and the skip list does not name: " + string.Join(", ", escaped));

        var problems = new List<string>();
        axeRuns = emptySubmits = 0;
        foreach (var (role, urls) in byRole)
        {
            var page = role switch
            {
                "" => await app.NewPageAsync(),
                Roles.Member => await MemberAsync(mobile),
                Roles.Coordinator => await StaffAsync(await app.StaffAsync(role, zone: place.Zone, nis: place.Nis, coordinates: bin.Id)),
                _ => await StaffAsync(await app.StaffAsync(role, zone: place.Zone, nis: place.Nis)),
            };
            foreach (var url in urls) await CheckAsync(page, role, url, problems);
            Console.WriteLine($"{role}: {problems.Count} problems so far\n" + string.Join("\n", problems)); // seen while it runs
            await page.Context.CloseAsync();
        }
        // Not a crawl that checked nothing: every visit ran axe, and the forms were really sent empty.
        Assert.True(axeRuns >= byRole.Values.Sum(v => v.Length), $"axe ran {axeRuns} times");
        Assert.True(emptySubmits >= 15, $"only {emptySubmits} forms were sent empty");
        File.WriteAllLines(Path.Combine(app.Screenshots, "accessibility.txt"), problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_pages_that_scrolled_sideways_fit_360px_and_1280px_at_200_percent_zoom()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = "+32470" + Random.Shared.Next(100000, 999999);
        await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Sms | Channels.Web, phones: new Phone(mobile));
        var problems = new List<string>();
        async Task FitsAsync(IPage page, string url, string what)
        {
            foreach (var width in new[] { 360, 640 }) // 640: 1280 px at 200 % zoom
            {
                await page.SetViewportSizeAsync(width, 800);
                await page.GotoAsync(url);
                var w = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
                if (w[0] > w[1]) problems.Add($"{what} at {width} px: {w[0] - w[1]} px sideways");
            }
        }

        // The privacy notice in Dutch had an unbreakable address in it.
        var nl = await (await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "nl-BE" })).NewPageAsync();
        await FitsAsync(nl, "/Privacy", "/Privacy (nl)");
        // A member's sessions: a visually hidden column name escaped the table's scroller.
        var member = await MemberAsync(mobile);
        await FitsAsync(member, "/Me/Sessions", "/Me/Sessions");
        // The printable charter of a German- and an English-speaking BIN: the signature table was 8 px too wide.
        var coordinator = await StaffAsync(await app.StaffAsync(Roles.Coordinator, zone: place.Zone, nis: place.Nis, coordinates: bin.Id));
        await coordinator.EmulateMediaAsync(new() { Media = Media.Print });
        foreach (var lang in new[] { "de", "en" })
        {
            await using (var db = app.Db()) await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(u => u.SetProperty(b => b.Language, lang));
            await FitsAsync(coordinator, $"/Registry/Charter/{bin.Id}", $"charter ({lang}, print)");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Signs staff in with password and code; unlike BrowserApp.SignInAsync, any landing page will do (admins have no registry).</summary>
    private async Task<IPage> StaffAsync((AppUser User, string Password, string Key) who)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail address").FillAsync(who.User.Email!);
        await page.GetByLabel("Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // a code counts once: the next person signs in with the next code
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(who.Key, app.Clock.Now));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));
        return page;
    }

    private async Task<IPage> MemberAsync(string mobile)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/MemberSignIn");
        await page.GetByLabel("Mobile number or e-mail address").FillAsync("0" + mobile[3..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        string code;
        await using (var db = app.Db())
            code = Regex.Match((await db.Deliveries.Where(m => m.Recipient == mobile).OrderByDescending(m => m.Id).FirstAsync()).Body ?? "", @"\b\d{6}\b").Value;
        await page.GetByLabel("Code we sent by SMS").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Me**");
        return page;
    }

    private async Task CheckAsync(IPage page, string role, string url, List<string> problems)
    {
        var who = role == "" ? "anonymous" : role;
        await page.SetViewportSizeAsync(1280, 900);
        var response = await page.GotoAsync(url);
        if (response is null || (response.Status >= 400 && url != "/Error")) { problems.Add($"{who} {url}: HTTP {response?.Status}"); return; }
        await Axe(page, $"{who} {url}", problems);

        // The error state: the first form in the page with fields to fill, sent empty past the browser's own check.
        var form = page.Locator("main form[method=post]:has(input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea, select)").First;
        if (await form.CountAsync() > 0 && await form.Locator("button[type=submit], button:not([type])").CountAsync() > 0)
        {
            await form.EvaluateAsync("f => { f.noValidate = true; f.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea').forEach(e => e.value = ''); }");
            await form.Locator("button[type=submit], button:not([type])").First.ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.Load);
            emptySubmits++;
            await Axe(page, $"{who} {url} (sent empty)", problems);
        }

        await page.SetViewportSizeAsync(360, 800);
        await page.GotoAsync(url);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scroll, inner) = (widths[0], widths[1]);
        if (scroll > inner) problems.Add($"{who} {url}: {scroll - inner} px sideways scrolling at 360 px");
    }

    private int axeRuns, emptySubmits;

    private async Task Axe(IPage page, string name, List<string> problems)
    {
        axeRuns++;
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}"));
    }
}
