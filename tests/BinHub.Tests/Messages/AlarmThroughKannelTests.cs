using BinHub.Tests.Sms;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>
/// An alarm end to end through a real Kannel: a BIN of 200 households with mixed preferences, the exact SMS at the fake
/// phone network (count and text per language), delivery reports back to "delivered", and an SMS reply on the incident.
/// </summary>
[Collection("Kannel")]
public class AlarmThroughKannelTests(KannelApp app) : IClassFixture<KannelApp>
{
    private readonly World world = new(app);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 30)
    {
        for (var n = 0; n < seconds * 10; n++)
        {
            var value = await probe();
            if (done(value)) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within {seconds} s: {what}");
    }

    [Fact]
    public async Task An_alarm_to_200_households_reaches_exactly_the_expected_phones_in_their_language_and_reports_come_back_delivered()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var prefix = $"+32478{Random.Shared.Next(100, 999)}";
        var expected = new Dictionary<string, string>(); // number → language
        for (var i = 0; i < 200; i++)
        {
            var number = $"{prefix}{i:000}";
            switch (i % 10)
            {
                case <= 5: await app.HouseholdAsync(bin.Id, "nl", phones: new Phone(number)); expected[number] = "nl"; break;
                case 6: await app.HouseholdAsync(bin.Id, "fr", phones: new Phone(number)); expected[number] = "fr"; break;
                case 7: await app.HouseholdAsync(bin.Id, "de", phones: new Phone(number)); expected[number] = "de"; break;
                case 8: await app.HouseholdAsync(bin.Id, "nl", urgent: Channels.Sms, phones: new Phone(number, OptedOut: true)); break;
                default: await app.HouseholdAsync(bin.Id, "nl", urgent: Channels.Web, account: true, phones: new Phone(number)); break;
            }
        }
        var tag = Guid.NewGuid().ToString("N")[..6];
        var texts = new Dictionary<string, string>
        {
            ["nl"] = $"Inbraak bezig Kerkstraat {tag}. Bel 112.", ["fr"] = $"Cambriolage en cours rue de l'Eglise {tag}. Appelez le 112.",
            ["de"] = $"Einbruch im Gange Kirchstrasse {tag}. Rufen Sie 112 an.",
        };
        var sent = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Alarm", binIds = new[] { bin.Id }, texts });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();

        await app.DispatchAllAsync();
        var lines = await EventuallyAsync(() => Task.FromResult(app.Gateway.Delivered().Where(l => l.Contains(tag)).ToArray()),
            l => l.Length >= expected.Count, "160 SMS at fakesmsc");
        await Task.Delay(500); // anything more would be a duplicate
        lines = app.Gateway.Delivered().Where(l => l.Contains(tag)).ToArray();
        Assert.Equal(expected.Count, lines.Length);
        foreach (var (number, lang) in expected)
            Assert.Contains(texts[lang], lines.Single(l => l.Contains(number)));

        var status = await EventuallyAsync(async () =>
                await (await app.ClientFor(officer.Token).GetAsync($"/api/v1/messages/{id}")).Content.ReadFromJsonAsync<JsonElement>(),
            s => s.GetProperty("perChannel").GetProperty("Sms").GetProperty("delivered").GetInt32() == expected.Count, "delivery reports");
        Assert.Equal(0, status.GetProperty("perChannel").GetProperty("Sms").GetProperty("failed").GetInt32());
        Assert.Equal(20, status.GetProperty("perChannel").GetProperty("Web").GetProperty("sent").GetInt32());

        // A member answers the alarm by SMS: it joins the alarm's incident.
        var replier = expected.Keys.First();
        await KannelGateway.InjectAsync(replier, $"Ik zag hem richting station lopen {tag}");
        var reply = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Text.Contains(tag));
        }, r => r is not null, "the reply as a report");
        Assert.NotNull(reply!.IncidentId);
        Assert.StartsWith($"[reply to alarm #{id}]", reply.Text);
    }
}
