using BinHub.Gateways.Voice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Voice;

/// <summary>
/// The call logic against a stand-in for baresip's control port: which commands a call sends and what each event sequence
/// means. The real engine is exercised in <see cref="BaresipCallTests"/>.
/// </summary>
public sealed class CallLogicTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("binhub-call-logic-").FullName;
    private FakeBaresip fake = null!;
    private BaresipCallGateway gateway = null!;
    private string audio = null!;
    private const string Number = "+3250990001";

    public async Task InitializeAsync()
    {
        fake = new FakeBaresip();
        var hasAccount = false;
        var inCall = "";
        fake.Handler = (command, p) =>
        {
            switch (command)
            {
                case "uafind": return ([], hasAccount, hasAccount ? $"ua: {p}" : "No such file or directory");
                case "uanew": hasAccount = true; return ([], true, "");
                case "dial": return ([], true, "");
                case "hangup":
                    // baresip 1.0.0 emits CALL_CLOSED for the current call before it answers the command.
                    var events = inCall == "" ? Array.Empty<string>() : [FakeBaresip.Event("CALL_CLOSED", inCall, "Connection reset by user")];
                    inCall = "";
                    return (events, true, "");
                default: return ([], true, "");
            }
        };
        Current = id => inCall = id;
        audio = Path.Combine(dir, "message.wav");
        CallPadding.Write(audio, new short[1600]); // 0.2 s
        gateway = new BaresipCallGateway(new CallOptions
        {
            ControlPorts = [fake.Port], CallerId = "+3225550100", Dial = { [Number] = "sip:phone@127.0.0.1:15200" },
            CallAudioDirectory = Path.Combine(dir, "padded"), ReconnectMax = TimeSpan.FromMilliseconds(300),
        }, NullLogger<BaresipCallGateway>.Instance);
        for (var i = 0; i < 200 && gateway.Health.ChannelsConnected == 0; i++) await Task.Delay(25);
        await fake.WaitForCommandAsync("hangup"); // the set-up after connecting ends with it
    }

    private Action<string> Current = _ => { };

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await fake.DisposeAsync();
        Directory.Delete(dir, true);
    }

    private sealed class Recorder : IProgress<CallProgress>
    {
        public readonly List<CallProgress> Seen = [];
        public void Report(CallProgress value) { lock (Seen) Seen.Add(value); }
    }

    [Fact]
    public async Task On_connect_the_account_is_created_with_the_caller_id_and_made_current()
    {
        var commands = fake.Commands.ToArray();
        Assert.Equal("uafind sip:+3225550100@127.0.0.1", commands[0]);
        Assert.Equal("uanew \"BinHub\" <sip:+3225550100@127.0.0.1>;regint=0;answermode=manual;audio_codecs=pcmu,pcma", commands[1]);
        Assert.Equal("uafind sip:+3225550100@127.0.0.1", commands[2]);
        Assert.True(gateway.Health.Connected);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_confirmed_call_plays_the_message_from_the_answer_replays_on_2_and_hangs_up_on_1()
    {
        var progress = new Recorder();
        var call = gateway.CallAsync(new CallRequest(Number, audio, ListenAfterAudio: TimeSpan.FromSeconds(5)), progress, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        Current("c1");
        await fake.SendEventAsync("CALL_RINGING", "c1", "sip:phone@127.0.0.1:15200");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c1", "sip:phone@127.0.0.1:15200");
        await fake.WaitForCommandAsync("ausrc aufile,");
        await fake.SendEventAsync("CALL_DTMF_START", "c1", "2");
        await fake.WaitForCommandAsync("ausrc aufile,", 2);
        await fake.SendEventAsync("CALL_DTMF_START", "c1", "1");
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Confirmed, result.Outcome);
        Assert.Equal("confirmed with 1, message replayed 1×", result.Detail);
        Assert.NotNull(result.AnsweredAt);
        Assert.NotNull(result.AnswerToAudio);
        var call1 = fake.Commands.Skip(4).ToArray(); // after the set-up: uafind, uanew, uafind, hangup
        Assert.Equal(["uafind sip:+3225550100@127.0.0.1", "listcalls", "ausrc aubridge,binhub-idle", "dial sip:phone@127.0.0.1:15200"], call1[..4]);
        Assert.StartsWith("ausrc aufile,", call1[4]);
        Assert.Equal(call1[4], call1[5]);
        Assert.Equal(["hangup"], call1[6..]);
        Assert.Equal([CallProgress.Dialling, CallProgress.Ringing, CallProgress.Answered, CallProgress.AudioStarted, CallProgress.DigitReceived,
            CallProgress.DigitReceived], progress.Seen);
    }

    [Fact]
    public async Task The_played_file_is_the_message_with_the_listening_time_after_it()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio, ListenAfterAudio: TimeSpan.FromSeconds(3)), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        Current("c1");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c1");
        await fake.WaitForCommandAsync("ausrc aufile,");
        await fake.SendEventAsync("CALL_DTMF_START", "c1", "1");
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        var played = fake.Commands.First(c => c.StartsWith("ausrc aufile,"))["ausrc aufile,".Length..];
        var (_, length) = CallPadding.Inspect(played);
        Assert.Equal(0.2 + 3 + 2, length / 16000.0, 2); // message, listening time, and 2 s so that our timer ends the call, not the file
    }

    [Fact]
    public async Task Events_of_an_earlier_call_are_not_taken_for_the_next_one()
    {
        var first = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        await fake.SendEventAsync("CALL_CLOSED", "c1", "486 Busy Here");
        Assert.Equal(CallOutcome.Busy, (await first.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);

        var second = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial", 2);
        await fake.SendEventAsync("CALL_CLOSED", "c1", "603 Decline"); // late, of the first call
        await fake.SendAsync(FakeBaresip.Event("CALL_DTMF_START", "c0", "1", direction: "incoming"));
        Current("c2");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c2");
        await fake.WaitForCommandAsync("ausrc aufile,");
        await fake.SendEventAsync("CALL_DTMF_START", "c2", "1");

        Assert.Equal(CallOutcome.Confirmed, (await second.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Theory]
    [InlineData("486 Busy Here", CallOutcome.Busy)]
    [InlineData("600 Busy Everywhere", CallOutcome.Busy)]
    [InlineData("603 Decline", CallOutcome.Rejected)]
    [InlineData("607 Unwanted", CallOutcome.Rejected)]
    [InlineData("480 Temporarily Unavailable", CallOutcome.NoAnswer)]
    [InlineData("408 Request Timeout", CallOutcome.NoAnswer)]
    [InlineData("Local timeout", CallOutcome.NoAnswer)]
    [InlineData("404 Not Found", CallOutcome.Failed)]
    [InlineData("488 Not Acceptable Here", CallOutcome.Failed)]
    [InlineData("Connection refused", CallOutcome.Failed)]
    public async Task A_call_closed_before_the_answer_is_classified_by_its_SIP_reply(string reason, CallOutcome expected)
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        await fake.SendEventAsync("CALL_RINGING", "c9");
        await fake.SendEventAsync("CALL_CLOSED", "c9", reason);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(expected, result.Outcome);
        Assert.Contains(reason == "Local timeout" ? "call_local_timeout" : reason, result.Detail);
        Assert.Null(result.AnsweredAt);
    }

    [Fact]
    public async Task Nobody_answering_within_the_ring_timeout_is_hung_up_as_no_answer()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio, RingTimeout: TimeSpan.FromMilliseconds(400)), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        Current("c3");
        await fake.SendEventAsync("CALL_RINGING", "c3");
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.NoAnswer, result.Outcome);
        Assert.Equal("hangup", fake.Commands.Last());
    }

    [Fact]
    public async Task An_answer_without_a_digit_ends_answered_not_confirmed_after_the_message_and_the_listening_time()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio, ListenAfterAudio: TimeSpan.FromMilliseconds(300)), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        Current("c4");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c4");
        await fake.SendEventAsync("CALL_DTMF_START", "c4", "7"); // neither confirm nor replay: ignored
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.AnsweredNotConfirmed, result.Outcome);
        Assert.True(result.Duration >= TimeSpan.FromMilliseconds(450), $"hung up after {result.Duration}");
    }

    [Fact]
    public async Task Replays_stop_at_the_maximum()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio, MaxReplays: 1, ListenAfterAudio: TimeSpan.FromSeconds(5)), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        Current("c5");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c5");
        await fake.WaitForCommandAsync("ausrc aufile,");
        await fake.SendEventAsync("CALL_DTMF_START", "c5", "2");
        await fake.WaitForCommandAsync("ausrc aufile,", 2);
        await fake.SendEventAsync("CALL_DTMF_START", "c5", "2");
        await fake.SendEventAsync("CALL_DTMF_START", "c5", "1");
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.Confirmed, result.Outcome);
        Assert.Equal(2, fake.Commands.Count(c => c.StartsWith("ausrc aufile,")));
    }

    [Fact]
    public async Task The_member_hanging_up_during_the_message_is_answered_not_confirmed()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio, ListenAfterAudio: TimeSpan.FromSeconds(5)), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        await fake.SendEventAsync("CALL_ESTABLISHED", "c6");
        await fake.WaitForCommandAsync("ausrc aufile,");
        await fake.SendEventAsync("CALL_CLOSED", "c6", "Connection reset by peer");
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(CallOutcome.AnsweredNotConfirmed, result.Outcome);
        Assert.Contains("hung up by the member", result.Detail);
    }

    [Fact]
    public async Task Audio_that_is_not_telephony_format_fails_the_call_without_dialling()
    {
        var wrong = Path.Combine(dir, "cd.wav");
        File.WriteAllBytes(wrong, File.ReadAllBytes(audio));
        using (var f = new FileStream(wrong, FileMode.Open)) { f.Position = 24; f.Write(BitConverter.GetBytes(44100)); }

        var result = await gateway.CallAsync(new CallRequest(Number, wrong), null, CancellationToken.None);
        var missing = await gateway.CallAsync(new CallRequest(Number, Path.Combine(dir, "nothing.wav")), null, CancellationToken.None);

        Assert.Equal(CallOutcome.Failed, result.Outcome);
        Assert.Contains("8 kHz mono 16-bit", result.Detail);
        Assert.Equal(CallOutcome.Failed, missing.Outcome);
        Assert.DoesNotContain(fake.Commands, c => c.StartsWith("dial"));
    }

    [Fact]
    public async Task Losing_the_engine_during_a_call_fails_the_call_and_no_engine_at_all_throws_unavailable()
    {
        var call = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        await fake.SendEventAsync("CALL_RINGING", "c7");
        fake.Drop();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(CallOutcome.Failed, result.Outcome);
        Assert.Contains("lost", result.Detail);

        await fake.DisposeAsync(); // nothing listens any more
        for (var i = 0; i < 100 && gateway.Health.Connected; i++) await Task.Delay(25);
        await Assert.ThrowsAsync<CallGatewayUnavailableException>(() => gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None));
        var health = gateway.Health;
        Assert.False(health.Connected);
        Assert.NotNull(health.LastError);
        Assert.Equal(0, health.CallsInProgress);
    }

    [Fact]
    public async Task A_call_waits_for_a_free_channel()
    {
        var first = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        var second = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await Task.Delay(300);

        Assert.Equal(1, fake.Commands.Count(c => c.StartsWith("dial")));
        Assert.Equal(1, gateway.Health.CallsInProgress);
        await fake.SendEventAsync("CALL_CLOSED", "c10", "486 Busy Here");
        Assert.Equal(CallOutcome.Busy, (await first.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
        await fake.WaitForCommandAsync("dial", 2);
        await fake.SendEventAsync("CALL_CLOSED", "c11", "486 Busy Here");
        Assert.Equal(CallOutcome.Busy, (await second.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task A_call_the_engine_still_holds_is_hung_up_before_dialling()
    {
        var leftover = 1;
        var handler = fake.Handler;
        fake.Handler = (command, p) => command == "listcalls"
            ? ([], true, $"\n--- Active calls ({leftover}) ---\n> [line 1]  0:00:31  OUTGOING  sip:phone@127.0.0.1:15299\n\n")
            : command == "hangup" ? Hangup() : handler(command, p);
        (string[], bool, string) Hangup() { leftover = 0; return ([], true, ""); }

        var call = gateway.CallAsync(new CallRequest(Number, audio), null, CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        await fake.SendEventAsync("CALL_CLOSED", "c12", "486 Busy Here");
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["listcalls", "hangup", "listcalls", "ausrc aubridge,binhub-idle"], fake.Commands.Skip(5).Take(4));
    }

    [Fact]
    public async Task Cancelling_hangs_the_call_up()
    {
        using var cts = new CancellationTokenSource();
        var call = gateway.CallAsync(new CallRequest(Number, audio), null, cts.Token);
        await fake.WaitForCommandAsync("dial");
        Current("c8");
        await fake.SendEventAsync("CALL_RINGING", "c8");
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal("hangup", fake.Commands.Last());
    }
}

public class CallOptionsTests
{
    [Fact]
    public void A_number_goes_to_its_override_or_through_the_template()
    {
        var options = new CallOptions { DialTemplate = "sip:{number}@trunk.example;user=phone", Dial = { ["+3250990001"] = "sip:phone@127.0.0.1:15201" } };
        Assert.Equal("sip:phone@127.0.0.1:15201", options.UriFor("+3250990001"));
        Assert.Equal("sip:+3250123456@trunk.example;user=phone", options.UriFor("+3250123456"));
    }

    [Fact]
    public void The_caller_id_is_the_accounts_user_and_display_name()
    {
        var options = new CallOptions { CallerId = "+3225550100", CallerName = "BIN Leuven" };
        Assert.Equal("\"BIN Leuven\" <sip:+3225550100@127.0.0.1>;regint=0;answermode=manual;audio_codecs=pcmu,pcma", options.AccountLine());
        Assert.Equal("sip:+3225550100@127.0.0.1", options.Aor());
    }

    [Theory]
    [InlineData("Voice:Channels", "Channels", "0")]
    [InlineData("Voice:DialTemplate", "DialTemplate", "sip:trunk.example")]
    [InlineData("Voice:CallerId", "CallerId", "+32 2 555")]
    [InlineData("Voice:Dial:0475", "Dial", "0475")]
    public void A_setting_that_makes_no_sense_names_its_key(string key, string property, string value)
    {
        var options = new CallOptions();
        switch (property)
        {
            case "Channels": options.Channels = int.Parse(value); break;
            case "DialTemplate": options.DialTemplate = value; break;
            case "CallerId": options.CallerId = value; break;
            case "Dial": options.Dial[value] = "sip:x@127.0.0.1"; break;
        }
        var e = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Calls_are_off_unless_configured()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging();
        BinHub.Gateways.Messaging.AddBinHubMessaging(services, config);
        Assert.DoesNotContain(services, s => s.ServiceType == typeof(ICallGateway));

        var on = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Voice:Calls"] = "Baresip", ["Voice:Channels"] = "2" }).Build();
        var withCalls = new ServiceCollection().AddLogging();
        BinHub.Gateways.Messaging.AddBinHubMessaging(withCalls, on);
        Assert.Contains(withCalls, s => s.ServiceType == typeof(ICallGateway));
        // …and /health watches it.
        var health = withCalls.BuildServiceProvider().GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>();
        Assert.Contains(health.Value.Registrations, r => r.Name == "calls");

        var wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Voice:Calls"] = "Asterisk" }).Build();
        Assert.Contains("Voice:Calls", Assert.Throws<InvalidOperationException>(() => BinHub.Gateways.Messaging.AddBinHubMessaging(new ServiceCollection(), wrong)).Message);
    }
}
