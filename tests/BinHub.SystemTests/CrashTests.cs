using Xunit.Abstractions;

namespace BinHub.SystemTests;

/// <summary>
/// BinHub killed with SIGKILL in the middle of a 20,000-household alarm, then started again (same instance id, as a
/// supervisor would): every household gets the SMS, and what is sent twice stays within the documented in-flight
/// window — one chunk of hand-overs, <see cref="Alarm.InFlightBound"/> SMS.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CrashTests(SystemFixture fixture, ITestOutputHelper output)
{
    private const int Households = 20_000;

    [Theory]
    [InlineData(1)]      // right after the first SMS left
    [InlineData(6_000)]  // about a third in
    [InlineData(14_000)] // most of it sent
    public async Task Killed_mid_alarm_and_restarted_every_household_gets_the_sms_at_most_one_chunk_twice(int killAfter)
    {
        var (cs, seeded) = await fixture.FreshAsync($"kill_{killAfter}", Households);
        await using var app = BinHubProcess.Start("postgres", cs, fixture.RunDir, Alarm.Settings("a"), $"kill-{killAfter}");
        await app.WaitHealthyAsync();
        var alarm = new Alarm(fixture, cs, seeded);
        await alarm.SendAsync(app);

        await alarm.UntilAtGatewayAsync(killAfter, TimeSpan.FromMinutes(2));
        await app.KillAsync();
        var atKill = alarm.AtGateway.Distinct;
        await app.RestartAsync();
        await alarm.FinishedAsync(TimeSpan.FromMinutes(4));

        var counts = await alarm.CountsAsync();
        output.WriteLine($"killed with {atKill} of {Households} at fakesmsc; after restart {alarm.AtGateway.Distinct} distinct, " +
                         $"{alarm.Duplicates} sent twice (bound {Alarm.InFlightBound}); states {string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))}; " +
                         fixture.GatewaySummary);
        Assert.True(atKill < Households, "the kill must come before the end of the dispatch");
        Assert.Equal(Households, alarm.AtGateway.Distinct); // lost = 0
        Assert.InRange(alarm.Duplicates, 0, Alarm.InFlightBound);
        Assert.Equal(0, counts.GetValueOrDefault(DeliveryState.Failed));
    }

    [Fact]
    public async Task Two_instances_share_an_alarm_and_take_over_a_killed_instances_leases()
    {
        var (cs, seeded) = await fixture.FreshAsync("two_instances", Households);
        await using var a = BinHubProcess.Start("postgres", cs, fixture.RunDir, Alarm.Settings("a"), "two-a");
        await using var b = BinHubProcess.Start("postgres", cs, fixture.RunDir, Alarm.Settings("b"), "two-b");
        await Task.WhenAll(a.WaitHealthyAsync(), b.WaitHealthyAsync());
        var alarm = new Alarm(fixture, cs, seeded);
        await alarm.SendAsync(a);

        // Both claim work from the same alarm…
        await alarm.Until(async () => await alarm.ScalarAsync<long>(ClaimedBy(alarm, "a")) > 0 && await alarm.ScalarAsync<long>(ClaimedBy(alarm, "b")) > 0,
            TimeSpan.FromMinutes(1), "deliveries claimed by both instances");
        await alarm.UntilAtGatewayAsync(Households / 3, TimeSpan.FromMinutes(2));
        // …and when one dies for good, the other takes over its leases once they run out.
        await a.KillAsync();
        var atKill = alarm.AtGateway.Distinct;
        await alarm.FinishedAsync(TimeSpan.FromMinutes(4));

        var byA = await alarm.ScalarAsync<long>(ClaimedBy(alarm, "a"));
        var byB = await alarm.ScalarAsync<long>(ClaimedBy(alarm, "b"));
        output.WriteLine($"a killed with {atKill} at fakesmsc; deliveries last claimed by a {byA}, by b {byB}; {alarm.Duplicates} sent twice (bound {Alarm.InFlightBound}); {fixture.GatewaySummary}");
        Assert.True(byA > 0 && byB > 0, "both instances did part of the work");
        Assert.Equal(Households, alarm.AtGateway.Distinct);
        Assert.InRange(alarm.Duplicates, 0, Alarm.InFlightBound);
    }

    private static string ClaimedBy(Alarm alarm, string instance) =>
        $"SELECT COUNT(*) FROM \"Deliveries\" WHERE \"MessageId\" = {alarm.MessageId} AND \"DispatchedBy\" = '{instance}'";
}
