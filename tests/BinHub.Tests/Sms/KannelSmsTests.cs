using BinHub.Features.Dispatch;
using System.Net.Sockets;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Sms;

/// <summary>BinHub on a real port with Sms:Provider = Kannel, and a real Kannel + fakesmsc beside it.</summary>
public class KannelApp : BinHubApp
{
    public const string Secret = "test-inbound-secret-0123456789";
    public int Port { get; } = FreePort();
    public KannelGateway Gateway { get; private set; } = null!;

    public KannelApp() => UseKestrel(Port);

    protected override Uri? RealServer => new($"http://127.0.0.1:{Port}");

    protected override void Start() => StartServer();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Gateway = await KannelGateway.StartAsync($"http://127.0.0.1:{Port}/api/v1/sms/inbound/{Secret}");
    }

    public override async ValueTask DisposeAsync()
    {
        if (Gateway is not null) await Gateway.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        KannelGateway.Configure(builder, $"http://127.0.0.1:{Port}", Secret, Password);
    }

    public string Password { get; init; } = "secret";

    /// <summary>A client on the real port (the factory's own client talks to the in-memory server).</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition("Kannel", DisableParallelization = true)]
public sealed class KannelCollection;

[Collection("Kannel")]
public class KannelSmsTests(KannelApp app) : IClassFixture<KannelApp>
{
    private async Task<long> QueueSmsAsync(string to, string text, DeliveryState state = DeliveryState.Planned, long? outboxId = null)
    {
        await using var db = app.Db();
        var message = new Delivery
        {
            Channel = Channels.Sms, Recipient = to, Body = text, Kind = "Test", DedupKey = Guid.NewGuid().ToString(),
            CreatedAt = app.Clock.Now, DueAt = app.Clock.Now, State = state, OutboxId = outboxId,
        };
        db.Deliveries.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    /// <summary>The one engine with the app's own edges: Kannel, and its delivery-report URL.</summary>
    private Task DispatchAsync() => app.DispatchAllAsync();

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        for (var n = 0; n < 100; n++)
        {
            var value = await probe();
            if (done(value)) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within 10 s: {what}");
    }

    [Fact]
    public async Task An_sms_in_the_outbox_reaches_the_phone_network_through_kannel_and_its_delivery_report_comes_back()
    {
        var text = $"BIN test {Guid.NewGuid():N}";
        var id = await QueueSmsAsync("+32470123456", text);
        await DispatchAsync();

        await EventuallyAsync(() => Task.FromResult(app.Gateway.Delivered()), lines => lines.Any(l => l.Contains(text)), "message at fakesmsc");
        var line = app.Gateway.Delivered().Single(l => l.Contains(text));
        Assert.Contains("+32470123456", line);
        Assert.Contains(" text ", line); // plain GSM 7-bit, not UCS-2
        var delivered = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Deliveries.AsNoTracking().SingleAsync(m => m.Id == id);
        }, m => m.State == DeliveryState.Delivered, "delivery report");
        Assert.Equal("kannel", delivered.Via);
        Assert.NotNull(delivered.FinalAt);
    }

    [Fact]
    public async Task A_member_texting_STOP_is_opted_out_at_once_and_gets_one_confirmation_in_their_language_START_undoes_it()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var created = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new
        {
            name = "Jeanne Dubois", street = "Kerkstraat", houseNumber = "3", phones = new[] { "0470 65 43 21" }, language = "fr", consentSignedOn = "2026-02-01",
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        await KannelGateway.InjectAsync("+32470654321", "Stop");
        var phone = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.MemberPhones.AsNoTracking().SingleAsync(p => p.Number == "+32470654321");
        }, p => p.SmsOptOutAt is not null, "opt-out after STOP");
        await DispatchAsync();
        await EventuallyAsync(() => Task.FromResult(app.Gateway.Delivered()), l => l.Any(x => x.Contains("+32470654321") && x.Contains("vous ne recevrez plus de SMS")), "confirmation SMS, in French");

        await KannelGateway.InjectAsync("+32470654321", "START");
        await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.MemberPhones.AsNoTracking().SingleAsync(p => p.Id == phone.Id);
        }, p => p.SmsOptOutAt is null, "opt-in after START");
        await using var check = app.Db();
        Assert.Equal(2, await check.AuditEntries.CountAsync(a => a.EntityType == "Member" && (a.Action == "SmsOptOut" || a.Action == "SmsOptIn")));
    }

    [Fact]
    public async Task An_inbound_sms_from_an_unknown_number_or_without_the_secret_writes_nothing()
    {
        await using var before = app.Db();
        var outbox = await before.Deliveries.CountAsync();
        using var client = app.Http();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/sms/inbound/{KannelApp.Secret}?from=%2B32499000111&text=STOP")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/sms/inbound/not-the-secret-at-all?from=%2B32470654321&text=STOP")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/sms/inbound/{KannelApp.Secret}?from=hello&text=STOP")).StatusCode);
        await using var after = app.Db();
        Assert.Equal(outbox, await after.Deliveries.CountAsync());
    }

    [Fact]
    public async Task Text_outside_the_gsm_alphabet_is_sent_as_unicode()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        await QueueSmsAsync("+32470999888", $"Inbraak — ça va? {marker} ✓");
        await DispatchAsync();
        var lines = await EventuallyAsync(() => Task.FromResult(app.Gateway.Delivered()), l => l.Any(x => x.Contains("+32470999888")), "unicode message at fakesmsc");
        Assert.Contains("ucs-2", lines.Last(l => l.Contains("+32470999888"))); // fakesmsc shows the coding it received
    }

    [Fact]
    public async Task A_delivery_report_without_the_secret_changes_nothing()
    {
        var id = await QueueSmsAsync("+32470111222", "no secret", DeliveryState.Sent, outboxId: Random.Shared.NextInt64(1, long.MaxValue));
        using var client = app.Http();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/sms/dlr/wrong-secret-value-000000/delivery?ref={id}&type=2")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/sms/dlr/wrong-secret-value-000000?ref={id}&type=2")).StatusCode);
        await Task.Delay(300); // what a wrongly accepted report would take to be applied
        await using var db = app.Db();
        Assert.Equal(DeliveryState.Sent, (await db.Deliveries.SingleAsync(m => m.Id == id)).State);
    }

    [Fact]
    public async Task A_report_for_an_sms_handed_over_before_the_upgrade_reaches_its_moved_row_through_the_former_outbox_route()
    {
        var outboxId = Random.Shared.NextInt64(1, long.MaxValue);
        var id = await QueueSmsAsync("+32470111333", "before the upgrade", DeliveryState.Sent, outboxId);
        using var client = app.Http();
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.GetAsync($"/api/v1/sms/dlr/{KannelApp.Secret}?ref={outboxId}&type=1")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/sms/dlr/{KannelApp.Secret}?ref={outboxId - 1}&type=1")).StatusCode);
        await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Deliveries.AsNoTracking().SingleAsync(m => m.Id == id);
        }, m => m.State == DeliveryState.Delivered, "report through the former route");
    }

    [Fact]
    public async Task A_failed_delivery_report_marks_the_message_visibly_failed_and_a_late_report_does_not_undo_it()
    {
        var id = await QueueSmsAsync("+32470333444", "will fail", DeliveryState.Sent);
        using var client = app.Http();
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.GetAsync($"/api/v1/sms/dlr/{KannelApp.Secret}/delivery?ref={id}&type=2")).StatusCode);
        var failed = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Deliveries.AsNoTracking().SingleAsync(m => m.Id == id);
        }, m => m.State == DeliveryState.Failed, "failed report applied");
        Assert.Equal("delivery report: Failed", failed.LastError);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.GetAsync($"/api/v1/sms/dlr/{KannelApp.Secret}/delivery?ref={id}&type=8")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await client.GetAsync($"/api/v1/sms/dlr/{KannelApp.Secret}/delivery?ref={id}&type=1")).StatusCode);
        await Task.Delay(300);
        await using var check = app.Db();
        Assert.Equal(DeliveryState.Failed, (await check.Deliveries.SingleAsync(m => m.Id == id)).State);
    }
}

[Collection("Kannel")]
public class KannelRefusalTests(KannelRefusalTests.WrongPasswordApp app) : IClassFixture<KannelRefusalTests.WrongPasswordApp>
{
    public sealed class WrongPasswordApp : KannelApp
    {
        public WrongPasswordApp() => Password = "not-the-password";
    }

    [Fact]
    public async Task A_message_kannel_refuses_for_good_is_marked_failed_at_once_with_the_reason()
    {
        await using var db = app.Db();
        db.Deliveries.Add(new Delivery
        {
            Channel = Channels.Sms, Recipient = "+32470555666", Subject = "", Body = "refused", Kind = "Test", DedupKey = "refused",
            CreatedAt = app.Clock.Now, DueAt = app.Clock.Now,
        });
        await db.SaveChangesAsync();
        await using var scope = app.Services.CreateAsyncScope();
        await TestDispatch.RunAsync(db, scope.ServiceProvider.GetRequiredService<IEmailSender>(),
            scope.ServiceProvider.GetRequiredService<ISmsSender>(), app.Clock, NullLogger.Instance, default);
        db.ChangeTracker.Clear();
        var message = await db.Deliveries.SingleAsync(m => m.DedupKey == "refused");
        Assert.Equal(DeliveryState.Failed, message.State);
        Assert.Equal(1, message.Attempts);
        Assert.Contains("403", message.LastError);
    }
}

public class SmsGatewayDownTests
{
    [Fact]
    public async Task An_unreachable_gateway_is_a_transient_error_to_retry()
    {
        using var http = new HttpClient();
        var sender = new KannelSmsSender(http, new KannelOptions { SendSmsUrl = "http://127.0.0.1:9/cgi-bin/sendsms", InboundSecret = "x" });
        var e = await Assert.ThrowsAsync<SmsGatewayException>(() => sender.SendAsync(["+32470123456"], "hi", null, default));
        Assert.False(e.Permanent);
    }

    [Theory]
    [InlineData("Inbraak in de Kerkstraat om 3u. Bel 101.", true)]
    [InlineData("Cambriolage rue de l'Église à 3h — appelez le 101", false)] // the dash is not GSM 7-bit
    [InlineData("Einbruch in der Kirchstraße", true)]
    [InlineData("Brûlé", false)]
    public void Gsm_alphabet_is_recognised(string text, bool fits) => Assert.Equal(fits, Gsm7.Fits(text));
}

public class DeliveryReportRaceTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task Final_reports_arriving_together_or_late_never_overwrite_one_another()
    {
        var ids = new List<long>();
        await using (var db = app.Db())
        {
            for (var n = 0; n < 20; n++)
            {
                var m = new Delivery
                {
                    Channel = Channels.Sms, Recipient = "+32470000000", Body = "race", Kind = "Test", DedupKey = $"race-{Guid.NewGuid()}",
                    CreatedAt = app.Clock.Now, DueAt = app.Clock.Now, State = DeliveryState.Sent,
                };
                db.Deliveries.Add(m);
                await db.SaveChangesAsync();
                ids.Add(m.Id);
            }
        }
        // Two "delivered" for each row at once (Kannel retrying a callback), then a late "failed": the first final report stays.
        await Task.WhenAll(ids.SelectMany(id => new[] { DeliveryReport.Delivered, DeliveryReport.Delivered }.Select(async report =>
        {
            await using var db = app.Db();
            await DeliveryReportApplier.ApplyAsync(db, app.Clock, [new IncomingReport(id, null, null, report)], default);
        })));
        await using (var db = app.Db())
            await DeliveryReportApplier.ApplyAsync(db, app.Clock, ids.Select(id => new IncomingReport(id, null, null, DeliveryReport.Failed)).ToList(), default);
        await using var check = app.Db();
        var states = await check.Deliveries.Where(m => ids.Contains(m.Id)).Select(m => m.State).ToListAsync();
        Assert.All(states, s => Assert.Equal(DeliveryState.Delivered, s));
    }
}
