using System.Diagnostics;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Gateways.Voice;
using BinHub.Testing;
using BinHub.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static BinHub.Tests.Support.MessageBuilders;
using static Microsoft.Playwright.Assertions;

namespace BinHub.BrowserTests;

/// <summary>
/// The browser fixture with the sending engine running and calls going through the real call engine: baresip channels and
/// member phones (tools/voice/start.sh on port base 16000, the browser tests' own), BinHub configured as in production
/// with Voice:Calls=Baresip. One call per landline (MaxAttempts 1), so every call ends in its final state within a minute.
/// </summary>
public sealed class CallBrowserApp : BrowserApp
{
    public const int Answers = 0, NoAnswer = 1, Busy = 2;
    public VoiceRig Rig { get; private set; } = null!;
    protected override bool DispatcherRuns => true;

    protected override IEnumerable<KeyValuePair<string, string>> Settings
    {
        get
        {
            var settings = Rig.Settings();
            settings["Voice:Provider"] = "Espeak"; // a call plays real speech; without espeak-ng the calls fail with the reason
            settings["Voice:AudioDirectory"] = Path.Combine(Rig.RunDirectory, "voice"); // short paths: baresip cuts long device names
            settings["Voice:MaxAttempts"] = "1";
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        // One member picks up after 3 s of ringing and presses 1 after 4 s of listening, so ringing and answered each show
        // for seconds (a phone that answers at once is answered before the dashboard could show it ringing); one phone
        // rings until BinHub gives up (30 s); one is busy.
        Rig = await VoiceRig.StartAsync(16000, 3, "ring-answer-press1", "no-answer", "busy");
        try
        {
            Rig.Phones[Answers].AnswerAfter = TimeSpan.FromSeconds(3);
            Rig.Phones[Answers].PressAfter = TimeSpan.FromSeconds(4);
            await base.InitializeAsync();
            // A call claimed before the engines are connected would wait 10 s of the test's frozen clock, i.e. for ever.
            var gateway = Services.GetRequiredService<ICallGateway>();
            for (var i = 0; i < 200 && gateway.Health.ChannelsConnected < Rig.Channels; i++) await Task.Delay(50);
            Assert.Equal(Rig.Channels, gateway.Health.ChannelsConnected);
            await Task.Delay(300); // the account BinHub creates in each engine right after connecting
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync(); // BinHub (and its connections to the engines) first, then the engines and phones
        if (Rig is not null) await Rig.DisposeAsync();
    }
}

/// <summary>
/// Issue 13 in the browser: an officer sends an alarm to a BIN whose members have landlines and watches the message's
/// dashboard while real calls ring, are answered and confirmed with 1, refused busy and left unanswered — the call table
/// changes without a reload. The page is checked with axe with the call rows on it.
/// </summary>
public sealed class CallDashboardTests(CallBrowserApp app, ITestOutputHelper output) : IClassFixture<CallBrowserApp>
{
    [Fact]
    public async Task The_dashboard_shows_the_call_states_change_live_from_ringing_to_answered_confirmed_busy_and_no_answer()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, name: $"BIN Calls {Guid.NewGuid().ToString()[..4]}");
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Voice | Channels.Sms));
        var phones = app.Rig.Phones;
        foreach (var phone in phones)
            await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Voice, phones: new Phone(phone.Number, Mobile: false));
        var officer = await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone);

        // The officer writes the alarm and lands on its dashboard.
        var police = await app.SignInAsync(officer);
        await police.GotoAsync("/Messages/Compose");
        await police.Locator("#kind-Alarm").CheckAsync();
        await police.Locator($"#bin-{bin.Id}").CheckAsync();
        var tag = Guid.NewGuid().ToString("N")[..5];
        await police.Locator("#text-nl").FillAsync($"Inbraak bezig in de Kerkstraat ({tag}). Bel 112 als u iets ziet.");
        await police.Locator("#text-en").FillAsync($"Burglary in progress in Kerkstraat ({tag}). Call 112 if you see anything.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Preview (sends nothing)" }).ClickAsync();
        await police.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        var sent = Stopwatch.StartNew();
        await app.ArriveAsync(police, "**/Messages/Details/**", "calls-sent");

        // Everything that follows must happen on this very page: a reload would lose this mark.
        await police.EvaluateAsync("() => { window.sameDashboard = true; }");
        await Expect(police.Locator("#live-status")).ToHaveTextAsync((await police.Locator("#live").GetAttributeAsync("data-online"))!, new() { Timeout = 10_000 });
        ILocator Calls(CallState state) => police.Locator($"#calls td[data-call='{state}']");
        void Seen(string what) => output.WriteLine($"{sent.Elapsed.TotalSeconds,5:0.0} s  {what}");

        // Two phones ring; then one member picks up (and listens for 4 s), the other phone rings on.
        await Expect(Calls(CallState.Ringing)).ToHaveTextAsync("2", new() { Timeout = 15_000 });
        Seen("ringing 2");
        await Expect(Calls(CallState.Answered)).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Expect(Calls(CallState.Ringing)).ToHaveTextAsync("1");
        Seen("answered 1, ringing 1");
        await Expect(Calls(CallState.Confirmed)).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        await Expect(Calls(CallState.Answered)).ToHaveTextAsync("0");
        Seen("confirmed 1, answered 0");
        await Expect(Calls(CallState.Busy)).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        Seen("busy 1");
        // Still ringing at the other end: nothing final for that call yet.
        await Expect(Calls(CallState.Ringing)).ToHaveTextAsync("1");
        await Expect(Calls(CallState.NoAnswer)).ToHaveTextAsync("0");
        await app.CheckAsync(police, "calls-01-ringing");

        // BinHub gives up ringing after 30 s: no answer, and nothing rings any more.
        await Expect(Calls(CallState.NoAnswer)).ToHaveTextAsync("1", new() { Timeout = 45_000 });
        await Expect(Calls(CallState.Ringing)).ToHaveTextAsync("0");
        Seen("no answer 1, ringing 0");
        foreach (var other in new[] { CallState.Answered, CallState.AnsweredNotConfirmed, CallState.Rejected, CallState.Failed, CallState.Unknown })
            await Expect(Calls(other)).ToHaveTextAsync("0");
        // The counts per channel moved live too: one call delivered (confirmed), two failed after their only attempt.
        var voice = police.Locator("#counts tr[data-channel='Voice']");
        await Expect(voice.Locator("td[data-count='Delivered']")).ToHaveTextAsync("1");
        await Expect(voice.Locator("td[data-count='Failed']")).ToHaveTextAsync("2");
        await Expect(voice.Locator("td[data-count='Pending']")).ToHaveTextAsync("0");
        Assert.True(await police.EvaluateAsync<bool>("() => window.sameDashboard === true"), "the dashboard was reloaded");
        await app.CheckAsync(police, "calls-02-final");

        // What the page showed is what the real calls did: the phones were called, and the rows hold the same outcomes.
        Assert.Contains(phones[CallBrowserApp.Answers].Events, e => e.Event.Type == "CALL_ESTABLISHED");
        Assert.Contains(phones[CallBrowserApp.NoAnswer].Events, e => e.Event.Type == "CALL_INCOMING");
        await using var check = app.Db();
        var alarm = await check.Messages.SingleAsync(m => m.Kind == MessageKind.Alarm && m.TextEn!.Contains(tag));
        var rows = await check.Deliveries.Where(d => d.MessageId == alarm.Id && d.Channel == Channels.Voice).ToDictionaryAsync(d => d.Recipient);
        (DeliveryState, CallState?) Row(int phone) => (rows[phones[phone].Number].State, rows[phones[phone].Number].Call);
        Assert.Equal((DeliveryState.Delivered, CallState.Confirmed), Row(CallBrowserApp.Answers));
        Assert.Equal((DeliveryState.Failed, CallState.NoAnswer), Row(CallBrowserApp.NoAnswer));
        Assert.Equal((DeliveryState.Failed, CallState.Busy), Row(CallBrowserApp.Busy));
    }
}

/// <summary>
/// A call state that changes while the dashboard is still connecting is pushed to nobody (pushes go to followers only): the
/// page catches up once it follows, instead of showing the stale state until the next change — for a call nobody answers,
/// half a minute. Without the dispatcher, so nothing but the test changes the call's row.
/// </summary>
public sealed class CallDashboardCatchUpTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_call_that_starts_ringing_while_the_dashboard_connects_shows_without_waiting_for_the_next_change()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Voice));
        await app.HouseholdAsync(bin.Id, "en", urgent: Channels.Voice, phones: new Phone("+3250" + Random.Shared.Next(100000, 999999), Mobile: false));
        var police = await app.SignInAsync(await app.StaffAsync(Roles.PoliceOfficer, zone: place.Zone));
        await police.GotoAsync("/Messages/Compose");
        await police.Locator("#kind-Alarm").CheckAsync();
        await police.Locator($"#bin-{bin.Id}").CheckAsync();
        await police.Locator("#text-en").FillAsync("Burglary in progress in Kerkstraat. Call 112 if you see anything.");
        await police.GetByRole(AriaRole.Button, new() { Name = "Preview (sends nothing)" }).ClickAsync();

        // The dashboard's live connection waits until the test lets it through.
        var connect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await police.RouteAsync("**/hubs/messages/negotiate**", async route => { await connect.Task; await route.ContinueAsync(); });
        await police.GetByRole(AriaRole.Button, new() { Name = "Send now" }).ClickAsync();
        await app.ArriveAsync(police, "**/Messages/Details/**", "catch-up-sent");
        var ringing = police.Locator($"#calls td[data-call='{CallState.Ringing}']");
        await Expect(ringing).ToHaveTextAsync("0");

        // Meanwhile the call starts ringing, as the call engine records it; its push finds no follower.
        var id = long.Parse(new Uri(police.Url).Segments.Last());
        await using (var db = app.Db())
            await db.Deliveries.Where(d => d.MessageId == id && d.Channel == Channels.Voice)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Sending).SetProperty(d => d.Call, CallState.Ringing));
        app.Services.GetRequiredService<DispatchLive>().Changed(id);
        await Task.Delay(1200); // the pusher (every 500 ms) has dropped it: nobody followed

        connect.SetResult();
        await Expect(police.Locator("#live-status")).ToHaveTextAsync((await police.Locator("#live").GetAttributeAsync("data-online"))!, new() { Timeout = 10_000 });
        await Expect(ringing).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Expect(police.Locator("#counts tr[data-channel='Voice'] td[data-count='Pending']")).ToHaveTextAsync("1");
    }
}
