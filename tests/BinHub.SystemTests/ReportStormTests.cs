using System.Net;
using Npgsql;
using Xunit.Abstractions;

namespace BinHub.SystemTests;

/// <summary>
/// The delivery reports of a national alarm (180,000) pour in while the police send a new alarm: the new alarm's first
/// SMS still reaches the gateway within a second of the API call, and every report is applied.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ReportStormTests(SystemFixture fixture, ITestOutputHelper output)
{
    private const int Reports = 180_000;

    [Fact]
    public async Task A_storm_of_180000_delivery_reports_does_not_hold_up_a_new_alarms_first_sms()
    {
        var (cs, seeded) = await fixture.FreshAsync("report_storm", 2_000);
        var earlier = await EarlierNationalAlarmAsync(cs, seeded.Zone);
        await using var app = BinHubProcess.Start("postgres", cs, fixture.RunDir, Alarm.Settings("a"), "report-storm");
        await app.WaitHealthyAsync();

        var answered = 0;
        using var storm = new CancellationTokenSource();
        var flood = StormAsync(app, earlier, () => Interlocked.Increment(ref answered), storm.Token);
        while (Volatile.Read(ref answered) < 20_000 && !flood.IsCompleted) await Task.Delay(50);

        var alarm = new Alarm(fixture, cs, seeded);
        await alarm.SendAsync(app);
        await alarm.UntilAtGatewayAsync(1, TimeSpan.FromSeconds(30));
        var firstSms = alarm.AtGateway.FirstMs!.Value - alarm.ApiAnsweredMs;
        var duringStorm = Volatile.Read(ref answered);
        await flood;
        await alarm.FinishedAsync(TimeSpan.FromMinutes(2));
        await alarm.Until(async () => await alarm.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM \"Deliveries\" WHERE \"MessageId\" = {earlier} AND \"State\" = {(int)DeliveryState.Delivered}") == Reports,
            TimeSpan.FromMinutes(2), $"all {Reports} reports of the earlier alarm applied");

        output.WriteLine($"first SMS of the new alarm {firstSms:0} ms after the API answered, with {duringStorm} of {Reports} reports answered by then");
        Assert.True(duringStorm < Reports, "the new alarm went out while the storm was still going");
        Assert.InRange(firstSms, 0, 1000);
        Assert.Equal(alarm.Households, alarm.AtGateway.Distinct);
    }

    /// <summary>What Kannel does after a national alarm, as fast as it can: one report URL call per SMS, several at a time.</summary>
    private static async Task StormAsync(BinHubProcess app, long messageId, Action answered, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(app.BaseUrl) };
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= Reports)
            {
                using var response = await http.GetAsync($"/api/v1/sms/dlr/{app.Secret}/delivery?message={messageId}&to=%2B32480{i:0000000}&type=1", ct);
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                answered();
            }
        }));
    }

    /// <summary>An alarm of a few minutes ago to 180,000 numbers, handed to Kannel and waiting for its reports.</summary>
    private static async Task<long> EarlierNationalAlarmAsync(string cs, int zone)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var message = new NpgsqlCommand($"""
            INSERT INTO "Messages" ("Kind", "State", "SenderUserId", "SenderName", "ZoneNumber", "IsPublic", "TargetSummary", "CreatedAt", "TextNl")
            VALUES ({(int)MessageKind.Alarm}, {(int)MessageState.Dispatching}, 'storm', 'Storm', {zone}, false, 'national', now() - interval '5 minutes', 'Eerder alarm')
            RETURNING "Id"
            """, c);
        var id = (long)(await message.ExecuteScalarAsync())!;
        await using var deliveries = new NpgsqlCommand($"""
            INSERT INTO "Deliveries" ("MessageId", "MemberId", "Channel", "Recipient", "Language", "State", "DueAt", "Attempts", "SentAt")
            SELECT {id}, (g % 2000) + 1, {(int)Channels.Sms}, '+32480' || lpad(g::text, 7, '0'), 'nl', {(int)DeliveryState.Sent}, now(), 1, now()
            FROM generate_series(1, {Reports}) AS g;
            ANALYZE "Deliveries";
            """, c);
        await deliveries.ExecuteNonQueryAsync();
        return id;
    }
}
