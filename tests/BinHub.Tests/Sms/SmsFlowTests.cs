using BinHub.Gateways.Sms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BinHub.Tests.Sms;

/// <summary>The gateway's room: a leaky bucket per contracted rate, corrected by Kannel's status page.</summary>
public class SmsFlowTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingLogger<SmsFlow> log = new();

    private SmsFlow Flow(double queueSeconds = 2, bool monitored = false, params (string Name, double Rate)[] links) =>
        new(new SmsFlowOptions
        {
            QueueSeconds = queueSeconds,
            Links = links.Select(l => new SmsLinkOptions { Name = l.Name, Rate = l.Rate }).ToList(),
            Kannel = new SmsFlowKannelOptions { StatusUrl = monitored ? "http://127.0.0.1:13000/status.xml?password=x" : null },
        }, clock, log);

    private static KannelStatus Status(long gatewayQueued, params (string Id, SmsLinkState State, long Queued, long Sent)[] links) =>
        new(gatewayQueued, links.Select(l => new KannelLinkStatus(l.Id, l.State, l.State.ToString(), l.Queued, l.Sent, 0)).ToList());

    [Fact]
    public async Task Without_links_there_is_no_flow_control()
    {
        var flow = Flow();
        flow.Handed(1_000_000);
        Assert.True(flow.Unlimited);
        Assert.Equal(int.MaxValue, flow.Room());
        Assert.True(flow.WaitForRoomAsync(default).IsCompletedSuccessfully);
        await flow.WaitForRoomAsync(default);
    }

    [Fact]
    public void Room_is_the_contracted_rate_times_the_queue_seconds()
    {
        var flow = Flow(2, false, ("a", 50), ("b", 100));
        Assert.Equal(300, flow.Room());
        flow.Handed(280);
        Assert.Equal(20, flow.Room());
        flow.Handed(25);
        Assert.Equal(0, flow.Room());
    }

    [Fact]
    public void Room_refills_at_the_contracted_rate()
    {
        var flow = Flow(2, false, ("a", 50), ("b", 100));
        flow.Handed(300);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(150, flow.Room());
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(180, flow.Room());
        clock.Advance(TimeSpan.FromMinutes(5));
        // A quiet gateway does not bank room: never more than QueueSeconds of work.
        Assert.Equal(300, flow.Room());
    }

    [Fact]
    public void A_slow_link_with_short_queue_seconds_still_gets_one_sms_at_a_time()
    {
        var flow = Flow(0.2, false, ("slow", 1));
        Assert.Equal(1, flow.Room());
        flow.Handed(1);
        Assert.Equal(0, flow.Room());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, flow.Room());
    }

    [Fact]
    public void A_link_reported_offline_adds_no_room()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 100));
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Dead, 0, 0)), 0);
        Assert.Equal(100, flow.Room());
        flow.Handed(100);
        clock.Advance(TimeSpan.FromSeconds(1));
        // Only a drains it.
        Assert.Equal(50, flow.Room());
        var b = flow.Snapshot().Links.Single(l => l.Name == "b");
        Assert.Equal((SmsLinkState.Dead, false), (b.State, b.CountsAsUp));
    }

    [Fact]
    public void With_every_link_down_one_allowance_waits_in_the_gateway_and_no_more()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 100));
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Reconnecting, 0, 0), ("b", SmsLinkState.Dead, 0, 0)), 0);
        // QueueSeconds of the slowest link, so the first SMS are in line the moment a link comes back.
        Assert.Equal(100, flow.Room());
        flow.Handed(100);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, flow.Room());
        // Kannel shows its queue emptied after all (a link reported down did send): the allowance is free again.
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Reconnecting, 0, 0), ("b", SmsLinkState.Dead, 0, 0)), 100);
        Assert.Equal(100, flow.Room());
        flow.StatusReceived(Status(100, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Dead, 0, 0)), 100);
        Assert.Equal(0, flow.Room());
    }

    [Fact]
    public async Task The_status_corrects_the_estimate_and_keeps_what_was_handed_while_it_was_read()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 100));
        flow.Handed(200);
        await flow.PollAsync(_ =>
        {
            // Handed while the request is under way: Kannel's answer may not include these yet.
            flow.Handed(20);
            return Task.FromResult(Status(50, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Online, 0, 0)));
        }, default);
        Assert.Equal(300 - 70, flow.Room());
        Assert.Equal(70, flow.Snapshot().EstimatedQueued);

        // Links slower than their contract: Kannel's queue is the truth, not the arithmetic.
        clock.Advance(TimeSpan.FromSeconds(1));
        flow.StatusReceived(Status(250, ("a", SmsLinkState.Online, 10, 0), ("b", SmsLinkState.Online, 20, 0)), 220);
        Assert.Equal(20, flow.Room());
    }

    [Fact]
    public async Task A_failing_status_page_falls_back_to_own_accounting_and_is_logged_once_per_outage()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 100));
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Dead, 0, 0)), 0);
        for (var i = 0; i < 20; i++)
        {
            await flow.PollAsync(_ => throw new HttpRequestException("Connection refused"), default);
            clock.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Connection refused"));
        var snapshot = flow.Snapshot();
        Assert.Equal("Connection refused", snapshot.StatusError);
        // Without a status, every link is trusted again: the contracted rates are all BinHub has.
        Assert.All(snapshot.Links, l => Assert.Equal((SmsLinkState.Unknown, true), (l.State, l.CountsAsUp)));
        Assert.Equal(300, flow.Room());

        await flow.PollAsync(_ => Task.FromResult(Status(0, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Online, 0, 0))), default);
        Assert.Null(flow.Snapshot().StatusError);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("answers again"));
        await flow.PollAsync(_ => throw new HttpRequestException("Connection refused"), default);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task Waiting_for_room_sleeps_until_the_bucket_has_drained_enough()
    {
        var flow = Flow(1, false, ("a", 10));
        flow.Handed(10);
        var waiting = flow.WaitForRoomAsync(default);
        Assert.False(waiting.IsCompleted);
        // One SMS drains in 100 ms.
        clock.Advance(TimeSpan.FromMilliseconds(60));
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(50));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, flow.Room());
    }

    [Fact]
    public async Task A_status_that_frees_room_wakes_a_waiter_at_once()
    {
        var flow = Flow(2, true, ("a", 50));
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Dead, 0, 0)), 0);
        flow.Handed(100);
        var waiting = flow.WaitForRoomAsync(default);
        Assert.False(waiting.IsCompleted);
        // No time passes: only the status can have woken it.
        flow.StatusReceived(Status(40, ("a", SmsLinkState.Online, 0, 0)), 100);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(60, flow.Room());
    }

    [Fact]
    public async Task Waiting_ends_when_cancelled()
    {
        var flow = Flow(2, true, ("a", 50));
        flow.StatusReceived(Status(0, ("a", SmsLinkState.Dead, 0, 0)), 0);
        flow.Handed(100);
        using var cancel = new CancellationTokenSource();
        var waiting = flow.WaitForRoomAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_link_that_stops_draining_is_flagged_and_logged_once_and_so_is_its_recovery()
    {
        var flow = Flow(2, true, ("a", 50));
        // The counter moves for three seconds, then stands still with work waiting.
        for (var s = 0; s <= 3; s++) Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 40, 1000 + 50 * s));
        for (var s = 0; s < 9; s++) Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 40, 1150));
        Assert.False(flow.Snapshot().Links[0].Stalled);
        for (var s = 0; s < 30; s++) Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 40, 1150));
        var stalled = flow.Snapshot();
        Assert.True(stalled.Links[0].Stalled);
        Assert.True(stalled.AnyStalled);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("stopped draining"));

        Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 30, 1160));
        Assert.False(flow.Snapshot().Links[0].Stalled);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("drains again"));
    }

    [Fact]
    public void A_link_that_is_not_online_while_work_waits_is_stalled_at_once_and_an_idle_one_is_not()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 50));
        Poll(flow, TimeSpan.Zero, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Dead, 0, 0));
        Assert.False(flow.Snapshot().AnyStalled);
        // Work waits in the gateway's own queue (no link took it): the dead link is where it should have gone.
        Poll(flow, TimeSpan.FromMilliseconds(250), 7, ("a", SmsLinkState.Online, 0, 0), ("b", SmsLinkState.Dead, 0, 0));
        Assert.Equal(["b"], flow.Snapshot().Links.Where(l => l.Stalled).Select(l => l.Name));
    }

    [Fact]
    public void A_configured_link_the_gateway_does_not_know_adds_no_room_and_is_logged_once()
    {
        var flow = Flow(2, true, ("a", 50), ("typo", 100));
        for (var i = 0; i < 5; i++) Poll(flow, TimeSpan.FromMilliseconds(250), ("a", SmsLinkState.Online, 0, 0), ("fakemo", SmsLinkState.Connecting, 0, 0));
        Assert.Equal(100, flow.Room());
        Assert.Equal(SmsLinkState.Missing, flow.Snapshot().Links.Single(l => l.Name == "typo").State);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("typo") && e.Message.Contains("fakemo"));
    }

    [Fact]
    public void The_drain_rate_is_measured_from_the_sent_counter()
    {
        var flow = Flow(2, true, ("a", 50), ("b", 100));
        Assert.Null(flow.Snapshot().MeasuredRate);
        for (var s = 0; s <= 8; s++)
            Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 10, 40 * s), ("b", SmsLinkState.Online, 0, 7));
        var snapshot = flow.Snapshot();
        var a = snapshot.Links.Single(l => l.Name == "a");
        Assert.Equal(40, a.MeasuredRate!.Value, 3);
        Assert.Equal(0.8, a.Utilisation!.Value, 3);
        Assert.Equal(0, snapshot.Links.Single(l => l.Name == "b").MeasuredRate!.Value, 3);
        Assert.Equal(40.0 / 150, snapshot.Utilisation!.Value, 3);

        // Kannel restarted: its counter starts again at 0, which is no negative rate.
        Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 10, 3), ("b", SmsLinkState.Online, 0, 0));
        Poll(flow, TimeSpan.FromSeconds(1), ("a", SmsLinkState.Online, 10, 43), ("b", SmsLinkState.Online, 0, 0));
        Assert.Equal(40, flow.Snapshot().Links.Single(l => l.Name == "a").MeasuredRate!.Value, 3);
    }

    [Theory]
    [InlineData(1, 160, 'a')]
    [InlineData(2, 161, 'a')]
    [InlineData(2, 306, 'a')]
    [InlineData(3, 307, 'a')]
    [InlineData(1, 70, 'ł')]
    [InlineData(2, 71, 'ł')]
    [InlineData(1, 80, '€')]
    [InlineData(2, 81, '€')]
    public void A_text_counts_as_the_parts_the_link_sends(int parts, int length, char c) =>
        Assert.Equal(parts, SmsFlow.PartsOf(new string(c, length)));

    [Fact]
    public void A_negative_hand_over_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Flow(2, false, ("a", 1)).Handed(-1));

    private void Poll(SmsFlow flow, TimeSpan after, params (string Id, SmsLinkState State, long Queued, long Sent)[] links) =>
        Poll(flow, after, 0, links);

    private void Poll(SmsFlow flow, TimeSpan after, long gatewayQueued, params (string Id, SmsLinkState State, long Queued, long Sent)[] links)
    {
        clock.Advance(after);
        flow.StatusReceived(Status(gatewayQueued, links), flow.Snapshot().HandedTotal);
    }
}

/// <summary>Keeps what was logged, formatted, for assertions on what an operator would read.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, formatter(state, exception)));
    }
}
