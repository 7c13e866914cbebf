using System.Text.RegularExpressions;
using BinHub.Domain;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace BinHub.BrowserTests;

/// <summary>The browser fixture with a real Kannel and fakesmsc behind BinHub's SMS.</summary>
public sealed class KannelBrowserApp : BrowserApp
{
    private const string Secret = "browser-inbound-secret-0123456789";
    public KannelGateway Gateway { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Gateway = await KannelGateway.StartAsync($"{BaseUrl}/api/v1/sms/inbound/{Secret}");
    }

    public override async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        KannelGateway.Configure(builder, BaseUrl, Secret);
    }

    public async Task DispatchAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = Db();
        await TestDispatch.RunAsync(db, scope.ServiceProvider.GetRequiredService<IEmailSender>(),
            scope.ServiceProvider.GetRequiredService<ISmsSender>(), Clock, NullLogger.Instance, default);
    }
}

/// <summary>
/// A new member as a new user would do it: finder → sign-up → the code read from the SMS that reached fakesmsc →
/// the coordinator approves → the member sets quiet hours and a holiday pause. Every page is checked with axe.
/// </summary>
public sealed class SignUpJourneyTests(KannelBrowserApp app) : IClassFixture<KannelBrowserApp>
{
    private Task CheckAsync(IPage page, string name) => app.CheckAsync(page, "join-" + name);

    private Task<IPage> NewPageAsync() => app.NewPageAsync();

    [Fact]
    public async Task A_new_member_finds_the_bin_signs_up_confirms_the_sms_code_is_approved_and_sets_quiet_hours_and_a_holiday_pause()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"BIN Linde {Guid.NewGuid().ToString()[..4]}");
        var postcode = (1000 + place.Zone % 8000).ToString();
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Postcodes, postcode));
        var coordinator = await app.StaffAsync(Roles.Coordinator, coordinates: bin.Id);
        var mobile = $"+32474{Random.Shared.Next(100000, 999999)}";

        // The finder, by postcode.
        var member = await NewPageAsync();
        await member.GotoAsync("/Join");
        await member.GetByLabel("Postcode or municipality").FillAsync(postcode);
        await member.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await CheckAsync(member, "01-finder");
        await member.GetByRole(AriaRole.Link, new() { Name = $"Join {bin.Name}" }).ClickAsync();

        // Screen 1: who and where.
        await member.GetByLabel("Name").FillAsync("Els Claes");
        await member.GetByLabel("Street").SelectOptionAsync("Dorpsstraat");
        await member.GetByLabel("House number").FillAsync("7");
        await CheckAsync(member, "02-signup-who");
        await member.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();

        // Screen 2: how to reach, consent.
        await member.GetByLabel("Mobile phone").FillAsync("0" + mobile[3..]);
        await member.GetByLabel("I have read the privacy notice").CheckAsync();
        await CheckAsync(member, "03-signup-reach");
        await member.GetByRole(AriaRole.Button, new() { Name = "Send my request" }).ClickAsync();
        await member.WaitForURLAsync("**/Join/Verify**");

        // Screen 3: the code, read from the SMS that went through Kannel to the fake phone network.
        await app.DispatchAsync();
        string? sms = null;
        for (var n = 0; n < 100 && sms is null; n++, await Task.Delay(100))
            sms = app.Gateway.Delivered().FirstOrDefault(l => l.Contains(mobile) && l.Contains("your code is"));
        Assert.NotNull(sms);
        var code = Regex.Match(sms, @"your code is (\d{6})").Groups[1].Value;
        await CheckAsync(member, "04-verify");
        await member.GetByLabel("Code we sent by SMS").FillAsync(code);
        await member.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await member.WaitForURLAsync("**/Me**");
        await CheckAsync(member, "05-my-space-pending");

        // The coordinator approves.
        var staff = await app.SignInAsync(coordinator);
        await staff.GotoAsync($"/Registry/Members/{bin.Id}");
        await CheckAsync(staff, "06-coordinator-pending");
        await staff.GetByRole(AriaRole.Button, new() { Name = "Approve" }).First.ClickAsync();
        await staff.GetByRole(AriaRole.Status).First.WaitForAsync();

        // The member sets quiet hours and a holiday pause.
        await member.GotoAsync("/Me/Preferences");
        await member.Locator("#quiet-from").FillAsync("22:00");
        await member.Locator("#quiet-until").FillAsync("07:00");
        await member.Locator("#pause-from").FillAsync("2026-07-01");
        await member.Locator("#pause-until").FillAsync("2026-07-15");
        await CheckAsync(member, "07-preferences");
        await member.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await member.GetByText("Your changes are saved.").WaitForAsync();

        await using var check = app.Db();
        var saved = await check.Members.Include(m => m.Phones).SingleAsync(m => m.BinId == bin.Id);
        Assert.Equal(MemberState.Active, saved.State);
        Assert.True(saved.Phones.Single().Verified);
        Assert.Equal(new TimeOnly(22, 0), saved.QuietFrom);
        Assert.Equal(new TimeOnly(7, 0), saved.QuietUntil);
        Assert.Equal(new DateOnly(2026, 7, 1), saved.PausedFrom);
        Assert.Equal(new DateOnly(2026, 7, 15), saved.PausedUntil);
    }
}
