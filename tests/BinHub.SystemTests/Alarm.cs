using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace BinHub.SystemTests;

/// <summary>One alarm to every household of a seeded zone, followed at fakesmsc (what the phones got) and in the database.</summary>
public sealed class Alarm(SystemFixture fixture, string cs, Seeded seeded)
{
    public string Marker { get; } = $"ALARM{Random.Shared.Next(100000, 999999)}";
    public long MessageId { get; private set; }
    public int Households => seeded.Members;
    public double ApiAnsweredMs { get; private set; }

    /// <summary>Duplicates a crash may cause (DeliveryDispatcher: one chunk of Concurrency hand-overs of up to SmsRecipientsPerRequest numbers).</summary>
    public const int InFlightBound = 8 * 100;

    public static Dictionary<string, string> Settings(string instance) => new()
    {
        ["Dispatch__InstanceId"] = instance,
        // Short, so that the tests of a killed instance do not wait two minutes; still far longer than a round lasts.
        ["Dispatch__Lease"] = "00:00:15",
    };

    public async Task<long> SendAsync(BinHubProcess via)
    {
        fixture.Tail.For(Marker);
        using var api = via.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { kind = "Alarm", zoneNumber = seeded.Zone, texts = new Dictionary<string, string> { ["nl"] = $"Inbraak bezig Kerkstraat ({Marker}). Bel 112." } }),
        };
        request.Headers.Authorization = new("Bearer", seeded.Token);
        using var response = await api.SendAsync(request);
        ApiAnsweredMs = SystemFixture.Clock.Elapsed.TotalMilliseconds;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/v1/messages answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        MessageId = json.RootElement.GetProperty("messageId").GetInt64();
        Assert.Equal(Households, json.RootElement.GetProperty("members").GetInt32());
        return MessageId;
    }

    public (int Distinct, int Lines, double? FirstMs) AtGateway
    {
        get
        {
            var s = fixture.Tail.Snapshot(Marker);
            return (s.Distinct, s.Lines, s.FirstMs);
        }
    }

    public int Duplicates => AtGateway.Lines - AtGateway.Distinct;

    public async Task<Dictionary<DeliveryState, int>> CountsAsync()
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        return await Seeder.CountsAsync(c, MessageId);
    }

    public Task UntilAtGatewayAsync(int distinct, TimeSpan timeout) =>
        Until(() => Task.FromResult(AtGateway.Distinct >= distinct), timeout, $"{distinct} recipients at fakesmsc");

    /// <summary>Every household's phone got the SMS and no delivery is still planned or being sent.</summary>
    public Task FinishedAsync(TimeSpan timeout) => Until(async () =>
    {
        if (AtGateway.Distinct < Households) return false;
        var counts = await CountsAsync();
        return counts.GetValueOrDefault(DeliveryState.Planned) + counts.GetValueOrDefault(DeliveryState.Sending) == 0;
    }, timeout, $"all {Households} recipients at fakesmsc and nothing planned or sending");

    public async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var counts = MessageId == 0 ? [] : await CountsAsync();
                Assert.Fail($"not reached within {timeout.TotalSeconds:0} s: {what}; at fakesmsc {AtGateway.Distinct} distinct / {AtGateway.Lines} lines; " +
                            $"deliveries {string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"))}; {fixture.GatewaySummary}");
            }
            await Task.Delay(100);
        }
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
