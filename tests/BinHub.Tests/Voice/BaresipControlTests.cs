using System.Text;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Voice;

public class NetstringReaderTests
{
    private static List<string> Feed(NetstringReader reader, string wire)
    {
        reader.Append(Encoding.UTF8.GetBytes(wire));
        var frames = new List<string>();
        while (reader.TryRead(out var f)) frames.Add(f);
        return frames;
    }

    [Fact]
    public void Several_frames_in_one_read_come_out_one_by_one()
    {
        var frames = Feed(new NetstringReader(), "3:abc,0:,5:{\"a\"},");
        Assert.Equal(["abc", "", "{\"a\"}"], frames);
    }

    [Fact]
    public void A_frame_split_anywhere_across_reads_waits_for_its_end()
    {
        var wire = "11:{\"ok\":true},7:{\"x\":1},";
        for (var cut = 1; cut < wire.Length; cut++)
        {
            var reader = new NetstringReader();
            var frames = Feed(reader, wire[..cut]);
            frames.AddRange(Feed(reader, wire[cut..]));
            Assert.Equal(["{\"ok\":true}", "{\"x\":1}"], frames);
        }
    }

    [Fact]
    public void The_length_counts_bytes_not_characters()
    {
        var payload = "{\"param\":\"Zoë — 486\"}";
        var frames = Feed(new NetstringReader(), Encoding.UTF8.GetString(NetstringReader.Encode(payload)));
        Assert.Equal([payload], frames);
        Assert.StartsWith($"{Encoding.UTF8.GetByteCount(payload)}:", Encoding.UTF8.GetString(NetstringReader.Encode(payload)));
    }

    [Theory]
    [InlineData("x3:abc,")]      // no length
    [InlineData("3;abc,")]       // no colon
    [InlineData("3:abcd")]       // no comma where the frame ends
    [InlineData("03:abc,")]      // leading zero
    [InlineData("1234567890:")]  // longer than baresip accepts
    public void A_stream_that_is_not_netstrings_is_refused(string wire)
    {
        Assert.Throws<FormatException>(() => Feed(new NetstringReader(), wire));
    }

    [Fact]
    public void A_large_frame_grows_the_buffer()
    {
        var payload = new string('a', 100_000);
        Assert.Equal([payload], Feed(new NetstringReader(), $"{payload.Length}:{payload},"));
    }
}

public class BaresipControlTests
{
    private static BaresipControl Client(int port) =>
        new("127.0.0.1", port, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(300), NullLogger.Instance);

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task A_response_finds_its_command_by_token_even_after_an_event_for_the_call()
    {
        await using var fake = new FakeBaresip();
        fake.Handler = (command, _) => command == "dial"
            ? ([FakeBaresip.Event("CALL_RINGING", "c1", "sip:phone@127.0.0.1:15200")], true, "")
            : ([], false, "No such file or directory");
        await using var control = Client(fake.Port);
        var events = new List<BaresipEvent>();
        control.EventReceived += e => { lock (events) events.Add(e); };
        control.Start();
        await WaitUntil(() => control.Connected, "connected");

        var dial = await control.CommandAsync("dial", "sip:phone@127.0.0.1:15200", CancellationToken.None);
        var find = await control.CommandAsync("uafind", "sip:nobody@127.0.0.1", CancellationToken.None);

        Assert.True(dial.Ok);
        Assert.False(find.Ok);
        Assert.Equal("No such file or directory", find.Data);
        var ringing = Assert.Single(events);
        Assert.Equal(("CALL_RINGING", "c1", "outgoing", "sip:phone@127.0.0.1:15200"), (ringing.Type, ringing.CallId, ringing.Direction, ringing.Param));
        Assert.Equal(["dial sip:phone@127.0.0.1:15200", "uafind sip:nobody@127.0.0.1"], fake.Commands);
    }

    [Fact]
    public async Task Concurrent_commands_each_get_their_own_answer()
    {
        await using var fake = new FakeBaresip();
        fake.Handler = (command, p) => ([], true, $"{command}:{p}");
        await using var control = Client(fake.Port);
        control.Start();
        await WaitUntil(() => control.Connected, "connected");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => control.CommandAsync("echo", i.ToString(), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"echo:{i}"), answers.Select(a => a.Data));
    }

    [Fact]
    public async Task A_dropped_connection_fails_waiting_commands_shows_in_the_state_and_is_made_again()
    {
        await using var fake = new FakeBaresip();
        var answer = true;
        fake.Handler = (_, _) => answer ? ([], true, "") : throw new IOException("stop answering");
        await using var control = Client(fake.Port);
        var changes = new List<bool>();
        control.ConnectionChanged += up => { lock (changes) changes.Add(up); };
        control.Start();
        await WaitUntil(() => control.Connected, "connected");
        var connectedSince = control.Since;

        answer = false;
        var waiting = control.CommandAsync("dial", "sip:x@127.0.0.1", CancellationToken.None);
        await fake.WaitForCommandAsync("dial");
        fake.Drop();

        await Assert.ThrowsAsync<CallGatewayUnavailableException>(() => waiting);
        // The down state lasts one reconnect backoff (250 ms): watched through the event, not by polling, so a busy
        // machine that wakes this test late cannot miss it.
        await WaitUntil(() => { lock (changes) return changes.Contains(false); }, "disconnected");
        Assert.NotNull(control.LastError);
        Assert.True(control.Since >= connectedSince);
        await Assert.ThrowsAsync<CallGatewayUnavailableException>(() => control.CommandAsync("listcalls", null, CancellationToken.None));

        answer = true;
        await WaitUntil(() => control.Connected, "reconnected by itself");
        Assert.True((await control.CommandAsync("listcalls", null, CancellationToken.None)).Ok);
        lock (changes) Assert.Equal([true, false, true], changes);
    }

    [Fact]
    public async Task A_command_baresip_never_answers_times_out()
    {
        await using var fake = new FakeBaresip();
        fake.Handler = (_, _) => { Thread.Sleep(3000); return ([], true, ""); };
        await using var control = Client(fake.Port);
        control.Start();
        await WaitUntil(() => control.Connected, "connected");

        var e = await Assert.ThrowsAsync<TimeoutException>(() => control.CommandAsync("dial", "sip:x@127.0.0.1", CancellationToken.None));
        Assert.Contains("dial", e.Message);
    }

    [Fact]
    public async Task An_event_carries_the_fields_baresip_sends()
    {
        await using var fake = new FakeBaresip();
        await using var control = Client(fake.Port);
        var got = new TaskCompletionSource<BaresipEvent>();
        control.EventReceived += e => got.TrySetResult(e);
        control.Start();
        await fake.Connected.Task.WaitAsync(TimeSpan.FromSeconds(5));

        // As baresip 1.0.0 wrote it for a callee pressing 1 (captured with ctrl_tcp).
        await fake.SendAsync("""{"event":true,"type":"CALL_DTMF_START","class":"call","accountaor":"sip:+3225550100@127.0.0.1","direction":"outgoing","peeruri":"sip:phone@127.0.0.1:15200","id":"2a5d3b1e6f","param":"1"}""");
        var e = await got.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(("CALL_DTMF_START", "call", "2a5d3b1e6f", "1", "sip:phone@127.0.0.1:15200", "sip:+3225550100@127.0.0.1"),
            (e.Type, e.Class, e.CallId, e.Param, e.PeerUri, e.AccountAor));
    }
}
