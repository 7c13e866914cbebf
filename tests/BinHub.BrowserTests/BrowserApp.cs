using System.Net;
using System.Net.Sockets;
using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>BinHub on a real Kestrel port and Debian's Chromium driven by Playwright (no browser download).</summary>
public class BrowserApp : BinHubApp
{
    public string BaseUrl { get; }
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Screenshots { get; } = Environment.GetEnvironmentVariable("BINHUB_SCREENSHOTS")
        ?? Path.Combine(Path.GetTempPath(), "binhub-screenshots");

    public BrowserApp()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        UseKestrel(port);
    }

    protected override void Start() => StartServer();

    /// <summary>API clients (test data made through the API) talk to the real port: there is no in-memory server here.</summary>
    protected override Uri? RealServer => new(BaseUrl);

    /// <summary>
    /// Configuration a fixture adds over the test defaults (the call engine's ports and numbers, known only once its rig
    /// runs): read when the server starts, so a fixture sets it up before <see cref="InitializeAsync"/> starts it. None by default.
    /// </summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("BINHUB_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A person with a password and an enrolled authenticator; returns the authenticator key.</summary>
    public async Task<(AppUser User, string Password, string Key)> StaffAsync(string role, int? zone = null, string? nis = null, int? coordinates = null)
    {
        var person = await new World(this).PersonAsync(role, zone, nis, coordinates, lang: "en");
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(person.User.Id))!;
        const string password = "Browser-Test-1234";
        await users.AddPasswordAsync(user, password);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (user, password, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    /// <summary>A fresh browser context (its own cookies) on this app, in English.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, Locale = "en-GB", ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>A member signed in with the SMS code the dev outbox holds, on their space; <paramref name="atCode"/> runs on the code page (an axe check).</summary>
    public async Task<IPage> MemberSignInAsync(string mobile, Func<IPage, Task>? atCode = null)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/Account/MemberSignIn");
        await page.GetByLabel("Mobile number or e-mail address").FillAsync("0" + mobile[3..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a code" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/MemberCode**");
        string code;
        await using (var db = Db())
            code = System.Text.RegularExpressions.Regex.Match((await db.Deliveries.Where(m => m.Recipient == mobile).OrderByDescending(m => m.Id).FirstAsync()).Body ?? "",
                @"\b\d{6}\b").Value;
        if (atCode is not null) await atCode(page);
        await page.GetByLabel("Code we sent by SMS").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/Me**");
        return page;
    }

    /// <summary>A staff member signed in with password and authenticator code, on the registry.</summary>
    public async Task<IPage> SignInAsync((AppUser User, string Password, string Key) who, int width = 1280)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail address").FillAsync(who.User.Email!);
        await page.GetByLabel("Password").FillAsync(who.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // A code counts once: a second sign-in of the same person comes half a minute later, with the app's next code.
        Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Code from your authenticator app").FillAsync(Totp.Code(who.Key, Clock.Now));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        // DOMContentLoaded, not "load": on a loaded CI machine a late image (a map) kept "load" past 30 s once.
        await page.WaitForURLAsync("**/Registry", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        return page;
    }

    /// <summary>A screenshot for the CI artifacts, and no serious or critical accessibility violation (axe).</summary>
    public async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });
        Deque.AxeCore.Commons.AxeResult result = await Deque.AxeCore.Playwright.PageExtensions.RunAxe(page);
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Xunit.Assert.True(serious.Count == 0, $"{name}: {string.Join("; ", serious)}");
    }

    /// <summary>
    /// Waits for a navigation to <paramref name="url"/>; when it does not come, the failure says where the page is and
    /// what it shows (a refusal, an error page) and leaves a screenshot, instead of a bare timeout.
    /// </summary>
    public async Task ArriveAsync(IPage page, string url, string name)
    {
        try
        {
            await page.WaitForURLAsync(url);
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, $"{name}-not-arrived.png"), FullPage = true });
            var text = await page.Locator("main").InnerTextAsync(new() { Timeout = 2000 }).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : "(no main)");
            throw new TimeoutException($"expected {url} but the page is {page.Url}: {text[..Math.Min(text.Length, 1500)]}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
