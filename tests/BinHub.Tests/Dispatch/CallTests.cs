using System.Collections.Concurrent;
using BinHub.Features.Dispatch;
using BinHub.Features.Messages;
using BinHub.Gateways.Voice;
using BinHub.Tests.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Dispatch;

/// <summary>The call gateway as a unit-test fake: each number answers as scripted, call after call; every call is recorded.</summary>
public sealed class ScriptedCalls(int channels = 8) : ICallGateway
{
    public ConcurrentDictionary<string, ConcurrentQueue<CallOutcome>> Script { get; } = new();
    public ConcurrentQueue<(string To, string Audio)> Placed { get; } = [];
    public ConcurrentQueue<CallRequest> Requests { get; } = [];
    public bool Down { get; set; }
    public int Channels => channels;
    public CallGatewayHealth Health => new(!Down, DateTimeOffset.UnixEpoch, Down ? "ctrl_tcp connection refused" : null, 0, Down ? 0 : channels, channels);

    public ScriptedCalls Answers(string number, params CallOutcome[] outcomes)
    {
        Script[number] = new ConcurrentQueue<CallOutcome>(outcomes);
        return this;
    }

    public Task<CallResult> CallAsync(CallRequest request, IProgress<CallProgress>? progress, CancellationToken ct)
    {
        if (Down) throw new CallGatewayUnavailableException("ctrl_tcp connection refused");
        Placed.Enqueue((request.ToE164, request.AudioPath));
        Requests.Enqueue(request);
        var outcome = Script.TryGetValue(request.ToE164, out var q) && q.TryDequeue(out var o) ? o : CallOutcome.NoAnswer;
        var answered = outcome is CallOutcome.Confirmed or CallOutcome.AnsweredNotConfirmed ? DateTimeOffset.UtcNow : (DateTimeOffset?)null;
        return Task.FromResult(new CallResult(outcome, answered, answered is null ? null : TimeSpan.FromMilliseconds(120), TimeSpan.FromSeconds(20), null));
    }
}

public class CallTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private static readonly CallRetryOptions Retry = new() { RetryAfter = TimeSpan.FromMinutes(5), MaxAttempts = 3 };

    private CallDispatcher Dispatcher(ICallGateway calls, ICallAudio? voice = null, CallRetryOptions? retry = null)
    {
        var services = app.Services;
        IServiceScopeFactory scopes = voice is null ? services.GetRequiredService<IServiceScopeFactory>() : new VoiceScopes(services, voice);
        return new CallDispatcher(scopes, calls, app.Clock, services.GetRequiredService<DispatchSignal>(), new DispatchOptions(), retry ?? Retry,
            NullLogger<CallDispatcher>.Instance);
    }

    private static string Landline() => "+3250" + Random.Shared.Next(100000, 999999); // Bruges: 050 and six digits

    private async Task<(Bin Bin, World.Person Officer)> BinAsync(Channels urgent = Channels.Voice | Channels.Sms)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, urgent).SetProperty(b => b.NonUrgentChannels, urgent));
        return (bin, await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone));
    }

    private async Task<long> SendAsync(World.Person officer, int binId, string kind = "Alarm", Dictionary<string, string>? texts = null)
    {
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind, binIds = new[] { binId }, texts = texts ?? new Dictionary<string, string> { ["nl"] = "Inbraak in de Kerkstraat. Bel 112 bij iets verdachts." } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    private async Task<Delivery> RowAsync(long message, string number)
    {
        await using var db = app.Db();
        return await db.Deliveries.AsNoTracking().SingleAsync(d => d.MessageId == message && d.Recipient == number);
    }

    /// <summary>Rounds of calls, the clock moved past the retry time between them.</summary>
    private async Task RoundsAsync(CallDispatcher calls, int rounds)
    {
        for (var n = 0; n < rounds; n++)
        {
            await calls.RoundAsync(default);
            app.Clock.Advance(Retry.RetryAfter + TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task A_confirmed_call_is_delivered_and_never_repeated()
    {
        var (bin, officer) = await BinAsync();
        var number = Landline();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls().Answers(number, CallOutcome.Confirmed);

        await RoundsAsync(Dispatcher(calls), 3);

        Assert.Single(calls.Placed, c => c.To == number);
        var row = await RowAsync(id, number);
        Assert.Equal((DeliveryState.Delivered, CallState.Confirmed), (row.State, row.Call));
        Assert.NotNull(row.ConfirmedAt);
    }

    [Fact]
    public async Task A_call_heard_without_a_digit_is_placed_the_maximum_number_of_times_and_ends_answered_not_confirmed()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var number = Landline();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls().Answers(number, CallOutcome.AnsweredNotConfirmed, CallOutcome.AnsweredNotConfirmed, CallOutcome.AnsweredNotConfirmed,
            CallOutcome.Confirmed);

        var dispatcher = Dispatcher(calls);
        await dispatcher.RoundAsync(default);
        var afterOne = await RowAsync(id, number);
        Assert.Equal((DeliveryState.Planned, CallState.AnsweredNotConfirmed), (afterOne.State, afterOne.Call)); // waits for the next try
        await dispatcher.RoundAsync(default);
        Assert.Single(calls.Placed); // not before RetryAfter
        app.Clock.Advance(Retry.RetryAfter + TimeSpan.FromSeconds(1));
        await RoundsAsync(dispatcher, 4);

        Assert.Equal(Retry.MaxAttempts, calls.Placed.Count(c => c.To == number));
        var row = await RowAsync(id, number);
        Assert.Equal((DeliveryState.Sent, CallState.AnsweredNotConfirmed), (row.State, row.Call));
        Assert.Null(row.ConfirmedAt);
    }

    [Fact]
    public async Task A_call_nobody_answers_is_retried_then_the_alarm_falls_back_to_the_households_mobile()
    {
        var (bin, officer) = await BinAsync(Channels.Voice | Channels.Sms);
        var (landline, mobile) = (Landline(), Mobile());
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: [new Phone(landline, Mobile: false), new Phone(mobile)]);
        var id = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls().Answers(landline, CallOutcome.NoAnswer, CallOutcome.Busy, CallOutcome.NoAnswer);

        await RoundsAsync(Dispatcher(calls), 3);

        Assert.Equal(3, calls.Placed.Count(c => c.To == landline));
        var row = await RowAsync(id, landline);
        Assert.Equal((DeliveryState.Failed, CallState.NoAnswer), (row.State, row.Call));
        var sms = await RowAsync(id, mobile);
        Assert.Equal((Channels.Sms, row.Id), (sms.Channel, sms.FailoverOfId));
        var recording = new RecordingSms();
        await app.DispatchAllAsync(recording);
        Assert.Contains(mobile, recording.Sent);
    }

    [Fact]
    public async Task A_stopped_call_engine_keeps_the_call_waiting_without_spending_an_attempt()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var number = Landline();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls { Down = true }.Answers(number, CallOutcome.Confirmed);

        await Dispatcher(calls).RoundAsync(default);
        var waiting = await RowAsync(id, number);
        Assert.Equal((DeliveryState.Planned, 0), (waiting.State, waiting.Attempts));
        Assert.Contains("unavailable", waiting.LastError);

        calls.Down = false;
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await Dispatcher(calls).RoundAsync(default);
        Assert.Equal(DeliveryState.Delivered, (await RowAsync(id, number)).State);
    }

    [Fact]
    public async Task Quiet_hours_hold_back_a_prevention_call_but_not_an_alarm_call_and_a_paused_household_gets_neither_as_by_sms()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var local = BinHub.Infrastructure.BrusselsTime.ToBrussels(app.Clock.GetUtcNow());
        var nowLocal = TimeOnly.FromDateTime(local.DateTime);
        var today = DateOnly.FromDateTime(local.DateTime);
        string quiet = Landline(), paused = Landline();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, prevention: Channels.Voice, quietFrom: nowLocal.AddHours(-1), quietUntil: nowLocal.AddHours(1),
            phones: new Phone(quiet, Mobile: false));
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, prevention: Channels.Voice, pausedFrom: today.AddDays(-1), pausedUntil: today.AddDays(3),
            phones: new Phone(paused, Mobile: false));
        var prevention = await SendAsync(officer, bin.Id, "Prevention");
        var alarm = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls().Answers(quiet, CallOutcome.Confirmed, CallOutcome.Confirmed).Answers(paused, CallOutcome.Confirmed, CallOutcome.Confirmed);

        await Dispatcher(calls).RoundAsync(default);

        Assert.Equal([(alarm, quiet)], await CalledAsync(prevention, alarm)); // the alarm call at once, in the quiet hours too
        await using var db = app.Db();
        var held = await db.Deliveries.SingleAsync(d => d.MessageId == prevention && d.Recipient == quiet);
        Assert.Equal(DeliveryState.Planned, held.State);
        Assert.True(held.DueAt > app.Clock.GetUtcNow(), "the prevention call waits for the end of the quiet hours");
        // A holiday pause skips everything, alarms too (DeliveryRules): nobody is home to answer.
        Assert.False(await db.Deliveries.AnyAsync(d => (d.MessageId == prevention || d.MessageId == alarm) && d.Recipient == paused), "no call while paused");
    }

    private async Task<List<(long, string)>> CalledAsync(params long[] messages)
    {
        await using var db = app.Db();
        var rows = await db.Deliveries.Where(d => messages.Contains(d.MessageId!.Value) && d.Call != null).Select(d => new { d.MessageId, d.Recipient }).ToListAsync();
        return rows.Select(r => (r.MessageId!.Value, r.Recipient)).ToList();
    }

    [Fact]
    public async Task Alarm_calls_are_placed_before_waiting_prevention_calls()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var numbers = Enumerable.Range(0, 3).Select(_ => Landline()).ToList();
        foreach (var n in numbers)
            await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, prevention: Channels.Voice, phones: new Phone(n, Mobile: false));
        var prevention = await SendAsync(officer, bin.Id, "Prevention");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var alarm = await SendAsync(officer, bin.Id);
        var calls = new ScriptedCalls(channels: 2);
        foreach (var n in numbers) calls.Answers(n, CallOutcome.Confirmed, CallOutcome.Confirmed);

        await using var db = app.Db();
        Assert.Equal(3, await db.Deliveries.CountAsync(d => d.MessageId == prevention && d.DueAt <= app.Clock.GetUtcNow())); // due, and older

        await Dispatcher(calls).RoundAsync(default); // two channels: two calls, both the alarm's
        var placed = await db.Deliveries.Where(d => (d.MessageId == alarm || d.MessageId == prevention) && d.Call != null).Select(d => d.MessageId).ToListAsync();
        Assert.Equal([alarm, alarm], placed);
    }

    [Fact]
    public async Task A_landline_answered_with_1_on_the_verification_call_becomes_verified()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, language: "nl", phones: [($"+32470{Random.Shared.Next(100000, 999999)}", true, true)]);
        var landline = Landline();
        var added = await app.ClientFor(home.Person.Token).PostAsJsonAsync("/api/v1/me/phones", new { number = "0" + landline[3..] });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var calls = new ScriptedCalls().Answers(landline, CallOutcome.Confirmed);

        await Dispatcher(calls).RoundAsync(default);

        Assert.Single(calls.Placed, c => c.To == landline);
        await using var db = app.Db();
        var phone = await db.MemberPhones.SingleAsync(p => p.MemberId == home.MemberId && p.Number == landline);
        Assert.True(phone.Verified);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "VerifyPhone" && a.EntityId == home.MemberId.ToString()));
    }

    [Fact]
    public async Task Audio_that_cannot_be_rendered_fails_that_call_with_the_reason_and_the_others_are_placed()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var (nl, fr) = (Landline(), Landline());
        await app.HouseholdAsync(bin.Id, "nl", urgent: Channels.Voice, phones: new Phone(nl, Mobile: false));
        await app.HouseholdAsync(bin.Id, "fr", urgent: Channels.Voice, phones: new Phone(fr, Mobile: false));
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new
        {
            kind = "Alarm", binIds = new[] { bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Inbraak bezig.", ["fr"] = "Cambriolage en cours." },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        var calls = new ScriptedCalls().Answers(nl, CallOutcome.Confirmed).Answers(fr, CallOutcome.Confirmed);

        await Dispatcher(calls, new FailingVoice("fr")).RoundAsync(default);

        Assert.Equal([nl], calls.Placed.Select(c => c.To));
        var broken = await RowAsync(id, fr);
        Assert.Equal(DeliveryState.Failed, broken.State);
        Assert.StartsWith("audio: espeak-ng failed", broken.LastError);
        Assert.Equal(DeliveryState.Delivered, (await RowAsync(id, nl)).State);
    }

    [Fact]
    public async Task A_call_rings_and_listens_as_configured_and_after_the_1_thanks_the_member_in_their_language()
    {
        var (bin, officer) = await BinAsync();
        var number = Landline();
        await app.HouseholdAsync(bin.Id, language: "fr", urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id, texts: new() { ["nl"] = "Inbraak bezig.", ["fr"] = "Cambriolage en cours." });
        var calls = new ScriptedCalls().Answers(number, CallOutcome.Confirmed);
        var retry = new CallRetryOptions { RingTimeout = TimeSpan.FromSeconds(20), ListenAfterAudio = TimeSpan.FromSeconds(12) };

        await Dispatcher(calls, new FailingVoice("none"), retry).RoundAsync(default);

        var request = Assert.Single(calls.Requests);
        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(12)), (request.RingTimeout, request.ListenAfterAudio));
        Assert.Equal($"/tmp/alarm-{id}-fr.wav", request.AudioPath);
        Assert.Equal("/tmp/thanks-message-fr.wav", request.ThanksPath);
    }

    [Fact]
    public async Task A_thank_you_clip_that_cannot_be_rendered_does_not_stop_the_call()
    {
        var (bin, officer) = await BinAsync();
        var number = Landline();
        await app.HouseholdAsync(bin.Id, language: "de", urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id, texts: new() { ["nl"] = "Inbraak bezig.", ["de"] = "Einbruch im Gange." });
        var calls = new ScriptedCalls().Answers(number, CallOutcome.Confirmed);

        await Dispatcher(calls, new FailingVoice("de", onlyThanks: true)).RoundAsync(default);

        var request = Assert.Single(calls.Requests);
        Assert.Null(request.ThanksPath);
        Assert.Equal(DeliveryState.Delivered, (await RowAsync(id, number)).State);
    }

    [Fact]
    public async Task A_late_ringing_report_does_not_undo_answered_on_the_dashboard()
    {
        var (bin, officer) = await BinAsync(Channels.Voice);
        var number = Landline();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var id = await SendAsync(officer, bin.Id);
        var calls = new OutOfOrderProgress(async () => (await RowAsync(id, number)).Call);

        await Dispatcher(calls, new FailingVoice("none")).RoundAsync(default);

        Assert.Equal(CallState.Answered, calls.SeenDuringTheCall);
        Assert.Equal(CallState.Confirmed, (await RowAsync(id, number)).Call);
    }

    /// <summary>A gateway whose progress reports arrive as they can on the thread pool: "answered", then a late "ringing".</summary>
    private sealed class OutOfOrderProgress(Func<Task<CallState?>> read) : ICallGateway
    {
        public CallState? SeenDuringTheCall { get; private set; }
        public int Channels => 1;
        public CallGatewayHealth Health => new(true, DateTimeOffset.UnixEpoch, null, 0, 1, 1);

        public async Task<CallResult> CallAsync(CallRequest request, IProgress<CallProgress>? progress, CancellationToken ct)
        {
            progress?.Report(CallProgress.Answered);
            await Task.Delay(300, ct);
            progress?.Report(CallProgress.Ringing);
            await Task.Delay(300, ct);
            SeenDuringTheCall = await read();
            return new CallResult(CallOutcome.Confirmed, DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), "confirmed with 1");
        }
    }

    /// <summary>Renders a file for every language but one, where the text-to-speech engine crashes.</summary>
    private sealed class FailingVoice(string broken, bool onlyThanks = false) : ICallAudio
    {
        public Task<VoiceRendering> RenderAsync(CallScript script, CancellationToken ct) =>
            script.Language != broken || (onlyThanks && !script.Key.StartsWith("thanks-"))
                ? Task.FromResult(new VoiceRendering("test", $"/tmp/{script.Key}.wav", TimeSpan.FromSeconds(4)))
                : onlyThanks ? throw new VoiceRenderingException("espeak-ng failed (1): voice not found")
                : throw new InvalidOperationException("espeak-ng failed (1): voice not found");
    }

    /// <summary>The app's services with one edge replaced: the voice renderer.</summary>
    private sealed class VoiceScopes(IServiceProvider services, ICallAudio voice) : IServiceScopeFactory
    {
        public IServiceScope CreateScope() => new Scope(services.CreateScope(), voice);

        private sealed class Scope(IServiceScope inner, ICallAudio voice) : IServiceScope, IServiceProvider, IAsyncDisposable
        {
            public IServiceProvider ServiceProvider => this;
            public object? GetService(Type t) => t == typeof(ICallAudio) ? voice : inner.ServiceProvider.GetService(t);
            public void Dispose() => inner.Dispose();
            public ValueTask DisposeAsync() => inner is IAsyncDisposable a ? a.DisposeAsync() : ValueTask.CompletedTask;
        }
    }
}

public class CallCrashTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task A_call_cut_off_by_a_crash_comes_back_as_unknown_and_is_called_again_never_confirmed()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Voice));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var number = "+3250" + Random.Shared.Next(100000, 999999);
        await app.HouseholdAsync(bin.Id, urgent: Channels.Voice, phones: new Phone(number, Mobile: false));
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind = "Alarm", binIds = new[] { bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Inbraak bezig." } });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        // An instance claimed the call, the member answered, and the instance died before the call ended.
        await using (var db = app.Db())
            await db.Deliveries.Where(d => d.MessageId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Sending)
                .SetProperty(d => d.Attempts, 1).SetProperty(d => d.Call, CallState.Answered).SetProperty(d => d.DispatchedBy, "dead:1")
                .SetProperty(d => d.LeaseUntil, app.Clock.GetUtcNow().AddMinutes(-1)));

        await app.DispatchRoundAsync(); // the housekeeping takes back leases that ran out
        await using var check = app.Db();
        var row = await check.Deliveries.SingleAsync(d => d.MessageId == id);
        // Taken back, marked unknown, and handled again (here without a call gateway: its audio is rendered again).
        Assert.Equal((CallState.Unknown, 2), (row.Call, row.Attempts));
        Assert.NotEqual(DeliveryState.Delivered, row.State);
        Assert.Null(row.ConfirmedAt);
    }
}
