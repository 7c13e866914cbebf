using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.BrowserTests;

/// <summary>
/// Every Razor page of the app, as each role that may see it, in English and in Dutch (the longest texts), in its normal state and
/// after its form was sent empty: no serious or critical axe violation at desktop width, and no sideways scrolling at 360 px
/// (WCAG 2.1 AA, 1.4.10 reflow). The pages
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
    };

    /// <summary>An address that does not exist: a browser gets the error page for it.</summary>
    private const string Missing = "/Registry/No-Such-Page";

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
        var household = await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Sms | Channels.Web, phones: new Phone(mobile));
        var (alarm, report, ticket, invitation, invitee) = await PageDataAsync(world, place, bin.Id);
        var training = await TrainingPageData.CreateAsync(app);
        var practices = await app.PracticePagesAsync(world, (await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id)).Token,
            (await world.PersonAsync(Roles.KenniscentrumAdmin)).Token, bin.Id);
        var call = await VolunteeringJourneyTests.CallWithApplicationAsync(app, place.Nis, household.Id);
        var eventId = await app.PublishAsync((await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id)).Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 30);
        var meeting = await SteeringCrawl.MeetingAsync(app.ClientFor((await world.PersonAsync(Roles.KenniscentrumAdmin)).Token)); // report

        // Which pages each role visits: its own folder, with the ids of the data made above.
        string[] Staff(params string[] p) => ["/Account/Manage", .. p];
        var byRole = new Dictionary<string, string[]>
        {
            [""] = ["/", "/Join", $"/Join/{bin.Id}", "/Join/Request", "/Privacy", "/Statistics", "/Account/Login", "/Account/MemberSignIn", "/Account/Denied", Missing,
                $"/Join/Verify?t={Uri.EscapeDataString(ticket)}", $"/Account/Invitation?t={Uri.EscapeDataString(invitation)}", $"/Certificates/Verify?code={training.Code}",
                "/Practices", $"/Practices/{practices.Published}"],
            [Roles.Member] = ["/Me", "/Me/Preferences", "/Me/Phones", "/Me/Export", "/Me/Leave", "/Me/Erase", "/Me/Sessions", "/Me/History", "/Me/Inbox", "/Me/Vacancy", "/Reports/New", "/Me/Volunteering",
                "/Me/Events"],
            [Roles.Coordinator] = Staff("/Registry", $"/Registry/Details/{bin.Id}", $"/Registry/Edit/{bin.Id}", $"/Registry/Members/{bin.Id}",
                $"/Registry/Charter/{bin.Id}", $"/Registry/Succession/{bin.Id}", "/Registry/Vacancies", "/Messages", "/Messages/Compose", "/Reports", "/Reports/OnBehalf",
                $"/Registry/MemberHistory/{bin.Id}/{household.Id}", "/Practices/Propose", $"/Practices/Edit/{practices.Draft}", $"/Practices/{practices.Published}",
                "/Events", "/Events/Edit", $"/Events/Edit/{eventId}", $"/Events/Cancel/{eventId}", $"/Events/Registrations/{eventId}"),
            [Roles.PoliceOfficer] = Staff("/Registry", "/Registry/Edit", "/Registry/Invite", "/Police/Inbox", "/Messages", "/Messages/Compose", "/Reports",
                $"/Messages/Details/{alarm}", $"/Police/Report/{report}", "/Training/Zones"),
            [Roles.MunicipalityOfficial] = Staff("/Registry", $"/Registry/Details/{bin.Id}", "/Statistics", "/Volunteering", "/Volunteering/Publish",
                $"/Volunteering/Call/{call}", "/Volunteering/Volunteers"),
            [Roles.KenniscentrumAdmin] = Staff("/Registry", "/Admin/Audit", "/Admin/Zones", "/Training/Curriculum", "/Practices/Review", $"/Practices/{practices.Published}",
                "/Volunteering/Volunteers", "/Events/Edit",
                "/SteeringCommittee/Report", "/SteeringCommittee/Meetings", "/SteeringCommittee/Meeting", $"/SteeringCommittee/Meeting/{meeting}"),
            [Roles.Admin] = Staff("/Admin/Audit", "/Admin/Outbox", "/Admin/Dispatch", "/Admin/Zones"),
            [Roles.PoliceAcademy] = Staff("/Training", "/Training/Schedule", $"/Training/Session/{training.SessionId}", "/Training/Curriculum", "/Training/Zones",
                $"/Training/Certificate/{training.CertificateId}"),
        };
        var visited = byRole.Values.SelectMany(v => v).Select(u => Regex.Replace(u.Split('?')[0], @"(/\d+)+$", "")).ToHashSet();
        visited.Add("/Index");
        visited.Add("/Error"); // the page of the missing address above
        // The sign-in steps: checked while each member and staff member signs in, and the enrolment of a new invitee below.
        visited.UnionWith(["/Account/MemberCode", "/Account/LoginWith2fa", "/Account/TwoFactorSetup"]);
        visited.Add("/Join/SignUp"); // its route is /Join/{id}, visited above as the anonymous sign-up
        visited.Add("/Practices/Details"); // its route is /Practices/{id}, visited above
        var escaped = Pages().Where(p => !visited.Contains(p) && !Skipped.ContainsKey(p) && !visited.Contains(Regex.Replace(p, @"/\{.*$", ""))).ToList();
        Assert.True(escaped.Count == 0, "pages no role visits and the skip list does not name: " + string.Join(", ", escaped));

        var problems = new List<string>();
        axeRuns = emptySubmits = 0;
        var started = DateTime.UtcNow;
        // One sign-in per role, one after the other (each takes the authenticator's next code; the sign-in steps are checked on
        // the way); then the roles' pages in both languages side by side, each in a browser context carrying that session.
        var sessions = new List<(string Who, string[] Urls, string State)>();
        foreach (var (role, urls) in byRole)
        {
            var page = role switch
            {
                "" => await app.NewPageAsync(),
                Roles.Member => await MemberAsync(mobile, problems),
                Roles.Coordinator => await StaffAsync(await app.StaffAsync(role, zone: place.Zone, nis: place.Nis, coordinates: bin.Id), problems),
                Roles.PoliceAcademy => await StaffAsync(await TrainingPageData.AcademyStaffAsync(app, training.AcademyId), problems),
                _ => await StaffAsync(await app.StaffAsync(role, zone: place.Zone, nis: place.Nis), problems),
            };
            sessions.Add((role == "" ? "anonymous" : role, urls, await page.Context.StorageStateAsync()));
            await page.Context.CloseAsync();
        }
        await app.HandPracticeToCoordinatorAsync(practices.Draft, bin.Id); // the crawl's coordinator edits the draft as its author
        using var gate = new SemaphoreSlim(3); // a few browsers at once: the crawl stays under four minutes on a shared machine
        await Task.WhenAll(sessions.SelectMany(s => CrawlLanguages.Select(async lang =>
        {
            await gate.WaitAsync();
            try
            {
                var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl, Locale = "en-GB", StorageState = s.State });
                var page = await context.NewPageAsync();
                await SpeakAsync(page, lang);
                var found = new List<string>();
                foreach (var url in s.Urls) await CheckAsync(page, $"{s.Who} ({lang})", url, found);
                await context.CloseAsync();
                lock (problems) problems.AddRange(found);
                Console.WriteLine($"{s.Who} ({lang}): {found.Count} problems after {DateTime.UtcNow - started:mm\\:ss}\n" + string.Join("\n", found)); // seen while it runs
            }
            finally { gate.Release(); }
        })));
        await EnrolmentAsync(invitation, invitee, problems);
        // Not a crawl that checked nothing: every visit ran axe in both languages, and the forms were really sent empty.
        Assert.True(axeRuns >= CrawlLanguages.Length * byRole.Values.Sum(v => v.Length), $"axe ran {axeRuns} times");
        Assert.True(emptySubmits >= 30, $"only {emptySubmits} forms were sent empty");
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
    private async Task<IPage> StaffAsync((AppUser User, string Password, string Key) who, List<string>? problems = null)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail address").FillAsync(who.User.Email!);
        await page.GetByLabel("Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/LoginWith2fa**");
        if (problems is not null) await Axe(page, "/Account/LoginWith2fa", problems);
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // a code counts once: the next person signs in with the next code
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(who.Key, app.Clock.Now));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login"));
        return page;
    }

    private Task<IPage> MemberAsync(string mobile, List<string>? problems = null) =>
        app.MemberSignInAsync(mobile, problems is null ? null : page => Axe(page, "/Account/MemberCode", problems));

    private async Task CheckAsync(IPage page, string who, string url, List<string> problems)
    {
        await page.SetViewportSizeAsync(1280, 900);
        var response = await page.GotoAsync(url);
        if (response is null || (response.Status >= 400 && url != Missing)) { problems.Add($"{who} {url}: HTTP {response?.Status}"); return; }
        await Axe(page, $"{who} {url}", problems);

        // The error state: the first form in the page with fields to fill, sent empty past the browser's own check.
        var form = page.Locator("main form[method=post]:has(input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]), textarea, select)").First;
        if (await form.CountAsync() > 0 && await form.Locator("button[type=submit], button:not([type])").CountAsync() > 0)
        {
            await form.EvaluateAsync("f => { f.noValidate = true; f.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea').forEach(e => e.value = ''); }");
            await form.Locator("button[type=submit], button:not([type])").First.ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.Load);
            Interlocked.Increment(ref emptySubmits);
            await Axe(page, $"{who} {url} (sent empty)", problems);
        }

        await page.SetViewportSizeAsync(360, 800);
        await page.GotoAsync(url);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scroll, inner) = (widths[0], widths[1]);
        if (scroll > inner) problems.Add($"{who} {url}: {scroll - inner} px sideways scrolling at 360 px");
    }

    private int axeRuns, emptySubmits;

    /// <summary>English, and Dutch: its words are the longest, so the first to overflow at 360 px.</summary>
    private static readonly string[] CrawlLanguages = ["en", "nl"];

    /// <summary>The interface language for the pages that follow, as the header's language switch sets it (signed-in or not).</summary>
    private async Task SpeakAsync(IPage page, string lang) =>
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie
        {
            Name = CookieRequestCultureProvider.DefaultCookieName, Url = app.BaseUrl,
            Value = CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(BinHub.Infrastructure.Languages.CultureFor(lang))),
        }]);

    /// <summary>
    /// What the pages about one thing show: an alarm sent by an officer of the zone, a member's report, a sign-up waiting for the
    /// code sent to its mobile (its signed ticket) and an officer's invitation of a coordinator (the token of its e-mailed link).
    /// </summary>
    private async Task<(long Alarm, int Report, string Ticket, string Invitation, string Invitee)> PageDataAsync(World world, World.Place place, int binId)
    {
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var sent = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind = "Alarm", binIds = new[] { binId }, texts = new Dictionary<string, string> { ["en"] = "Burglary in progress in Church Street", ["nl"] = "Inbraak bezig in de Kerkstraat" } });
        Assert.True(sent.StatusCode == HttpStatusCode.Accepted, await sent.Content.ReadAsStringAsync());
        var alarm = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();

        var reporter = await world.PersonAsync(Roles.Member, lang: "en");
        var member = await app.HouseholdAsync(binId, "en", phones: new Phone("+32470" + Random.Shared.Next(100000, 999999)));
        await using (var db = app.Db()) await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.UserId, reporter.User.Id));
        var filed = await app.ClientFor(reporter.Token).PostAsJsonAsync("/api/v1/reports", new
        {
            category = "SuspiciousPerson", street = "Kerkstraat", houseNumber = "5", text = "Two men looking into cars with a torch",
            suspect = new { sex = "man", clothing = "black hoodie, jeans", licencePlate = "1-abc-123" },
        });
        Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        var report = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var newcomer = await app.HouseholdAsync(binId, "en", phones: new Phone("+32470" + Random.Shared.Next(100000, 999999), Verified: false));
        var ticket = BinHub.Pages.Join.VerifyModel.Protector(app.Services.GetRequiredService<IDataProtectionProvider>())
            .Protect(newcomer.Id.ToString(), TimeSpan.FromHours(2));

        var email = $"invitee.{Guid.NewGuid():N}@test.invalid";
        var invited = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/invitations", new { email, role = Roles.Coordinator, binId });
        Assert.True(invited.StatusCode == HttpStatusCode.Created, await invited.Content.ReadAsStringAsync());
        await using (var db = app.Db())
        {
            var mail = await db.Deliveries.Where(d => d.Recipient == email && d.Kind == "Invitation").OrderByDescending(d => d.Id).FirstAsync();
            return (alarm, report, ticket, Regex.Match(mail.Body ?? "", @"/Account/Invitation\?t=(\S+)").Groups[1].Value, email);
        }
    }

    /// <summary>The invitee accepts the invitation and signs in: staff without a second factor are sent to enrol one first.</summary>
    private async Task EnrolmentAsync(string invitation, string email, List<string> problems)
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync($"/Account/Invitation?t={Uri.EscapeDataString(invitation)}");
        await page.Locator("#name").FillAsync("Ann Invitee");
        await page.Locator("#password").FillAsync("Browser-Test-1234");
        await page.Locator("main form[method=post] button").First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("Browser-Test-1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/TwoFactorSetup**");
        foreach (var lang in CrawlLanguages)
        {
            await SpeakAsync(page, lang);
            await CheckAsync(page, $"invitee ({lang})", "/Account/TwoFactorSetup", problems);
        }
        await page.Context.CloseAsync();
    }

    /// <summary>The crawl can fail: the same check, on a page with a field without a label and an image without a text.</summary>
    [Fact]
    public async Task The_crawls_axe_check_reports_an_unlabelled_field_and_an_image_without_alt_as_serious_or_critical()
    {
        var page = await app.NewPageAsync();
        await page.SetContentAsync("<!doctype html><html lang=\"en\"><head><title>Broken</title></head><body><main><h1>Broken</h1>"
            + "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"><form><input type=\"text\" name=\"q\"></form></main></body></html>");
        var problems = await SeriousViolationsAsync(page, "broken");
        await page.Context.CloseAsync();
        Assert.Contains(problems, p => p.StartsWith("broken: image-alt (critical)"));
        Assert.Contains(problems, p => p.StartsWith("broken: label (critical)"));
    }

    private async Task Axe(IPage page, string name, List<string> problems)
    {
        Interlocked.Increment(ref axeRuns);
        problems.AddRange(await SeriousViolationsAsync(page, name));
    }

    /// <summary>The crawl's verdict on a page: its serious and critical axe violations, one line each.</summary>
    private static async Task<List<string>> SeriousViolationsAsync(IPage page, string name)
    {
        var result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
    }
}
