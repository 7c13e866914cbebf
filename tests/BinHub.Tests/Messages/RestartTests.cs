using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>
/// The app is stopped abruptly in the middle of a dispatch (its host disposed, the background dispatcher cancelled mid-chunk)
/// and started again on the same database: every planned delivery ends sent, exactly once except for the chunk in flight.
/// </summary>
public class RestartTests
{
    private sealed class RunningApp(RecordingSms sms) : BinHubApp
    {
        protected override bool DispatcherRuns => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Dispatch:BatchSize", "50");
            builder.UseSetting("Dispatch:Concurrency", "4");
            builder.UseSetting("Dispatch:PollSeconds", "0.2");
            builder.ConfigureTestServices(s =>
            {
                s.RemoveAll<ISmsSender>();
                s.AddSingleton<ISmsSender>(sms);
            });
        }
    }

    [Fact]
    public async Task An_app_stopped_mid_dispatch_and_started_again_delivers_every_sms_with_duplicates_only_in_the_chunk_in_flight()
    {
        var first = new RecordingSms { Delay = TimeSpan.FromMilliseconds(15) };
        var app1 = new RunningApp(first);
        await app1.InitializeAsync();
        var world = new World(app1);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var numbers = Enumerable.Range(0, 300).Select(i => $"+32471{i:000000}").ToList();
        foreach (var n in numbers) await app1.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(n));
        var sent = await app1.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind = "Alarm", binIds = new[] { bin.Id }, texts = new { nl = "Inbraak bezig, bel 112." } });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        for (var n = 0; n < 300 && first.Sent.Count < 40; n++) await Task.Delay(20);
        Assert.True(first.Sent.Count >= 40, "the first app started sending");
        await app1.DisposeAsync(); // abrupt: the dispatcher is cancelled in the middle of a chunk
        Assert.True(first.Sent.Count < numbers.Count, "the stop came mid-dispatch");

        var second = new RecordingSms();
        var app2 = new RunningApp(second) { ExistingDatabase = app1.ConnectionString };
        app2.Clock.Advance(new DispatchOptions().Lease + TimeSpan.FromSeconds(1)); // the dead instance's lease has run out
        await app2.InitializeAsync();
        try
        {
            for (var n = 0; n < 300; n++)
            {
                await using var db = app2.Db();
                if (!await db.Deliveries.AnyAsync(d => d.State != DeliveryState.Sent)) break;
                await Task.Delay(50);
            }
            await using var check = app2.Db();
            Assert.False(await check.Deliveries.AnyAsync(d => d.State != DeliveryState.Sent));
            var all = first.Sent.Concat(second.Sent).ToList();
            Assert.Equal(numbers.Count, all.Distinct().Count());
            Assert.InRange(all.Count - numbers.Count, 0, 4);
        }
        finally { await app2.DisposeAsync(); }
    }
}
