using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace BinHub.Tests.Messages;

/// <summary>BinHub on a real port for real SignalR clients, accepting Kannel's delivery reports (SMS itself stays in the dev outbox).</summary>
public sealed class MessageLiveApp : BinHubApp
{
    public const string Secret = "dlr-secret-for-live-tests";
    public int Port { get; } = FreePort();

    public MessageLiveApp() => UseKestrel(Port);

    protected override Uri? RealServer => new($"http://127.0.0.1:{Port}");

    protected override void Start() => StartServer();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:Kannel:InboundSecret", Secret);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Live pushes with a real SignalR client over WebSockets: a member's web inbox and a message's dashboard.</summary>
public class MessageLiveTests(MessageLiveApp app) : IClassFixture<MessageLiveApp>
{
    private readonly World world = new(app);

    private HubConnection Hub(string path, string token) => new HubConnectionBuilder()
        .WithUrl($"http://127.0.0.1:{app.Port}{path}", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    private static async Task Until(Func<bool> done)
    {
        for (var n = 0; n < 100 && !done(); n++) await Task.Delay(100);
    }

    [Fact]
    public async Task A_web_delivery_is_pushed_live_to_its_member_and_to_nobody_else()
    {
        var s = await app.MessagingSetupAsync(world);
        var other = await app.MessagingSetupAsync(world); // a household of another BIN
        await using var marie = Hub("/hubs/member", s.Marie.Person.Token);
        await using var stranger = Hub("/hubs/member", other.Jan.Person.Token);
        var got = new ConcurrentQueue<JsonElement>();
        var strangerGot = new ConcurrentQueue<JsonElement>();
        marie.On<JsonElement>("inboxReceived", x => got.Enqueue(x));
        stranger.On<JsonElement>("inboxReceived", x => strangerGot.Enqueue(x));
        await marie.StartAsync();
        await stranger.StartAsync();

        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await app.DispatchRoundAsync(live: true);

        await Until(() => !got.IsEmpty);
        var push = Assert.Single(got);
        Assert.Equal(id, push.GetProperty("messageId").GetInt64());
        Assert.Equal("Alarm", push.GetProperty("kind").GetString());
        Assert.Equal("Cambriolage en cours rue de l'Église", push.GetProperty("text").GetString());
        Assert.False(push.GetProperty("read").GetBoolean());
        await Task.Delay(300);
        Assert.Empty(strangerGot);
    }

    [Fact]
    public async Task The_dashboard_follows_its_message_live_and_another_zone_cannot_follow_it()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        var elsewhere = await world.PlaceAsync();
        var strangerOfficer = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        await using var officer = Hub("/hubs/messages", s.Officer.Token);
        await using var stranger = Hub("/hubs/messages", strangerOfficer.Token);
        var got = new ConcurrentQueue<JsonElement>();
        var strangerGot = new ConcurrentQueue<JsonElement>();
        officer.On<JsonElement>("progress", x => got.Enqueue(x));
        stranger.On<JsonElement>("progress", x => strangerGot.Enqueue(x));
        await officer.StartAsync();
        await stranger.StartAsync();
        Assert.True(await officer.InvokeAsync<bool>("Follow", id));
        Assert.False(await stranger.InvokeAsync<bool>("Follow", id));
        await using (var db = app.Db())
            Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == strangerOfficer.User.Id && a.EntityId == id.ToString() && a.Outcome == "Denied"));

        await app.DispatchRoundAsync(live: true);

        await Until(() => !got.IsEmpty);
        var progress = got.First();
        Assert.Equal(id, progress.GetProperty("id").GetInt64());
        Assert.Equal(2, progress.GetProperty("perChannel").GetProperty("Sms").GetProperty("sent").GetInt32());
        Assert.Equal(4, progress.GetProperty("total").GetProperty("total").GetInt32());
        Assert.True(progress.GetProperty("finished").GetBoolean());
        await Task.Delay(300);
        Assert.Empty(strangerGot);
    }

    [Fact]
    public async Task A_delivery_report_updates_the_dashboard_live()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await app.DispatchRoundAsync();
        await using var officer = Hub("/hubs/messages", s.Officer.Token);
        var got = new ConcurrentQueue<JsonElement>();
        officer.On<JsonElement>("progress", x => got.Enqueue(x));
        await officer.StartAsync();
        Assert.True(await officer.InvokeAsync<bool>("Follow", id));
        long sms;
        await using (var db = app.Db()) sms = await db.Deliveries.Where(d => d.MessageId == id && d.Channel == Channels.Sms).Select(d => d.Id).FirstAsync();

        var report = await app.ClientFor(null).GetAsync($"/api/v1/sms/dlr/{MessageLiveApp.Secret}/delivery?ref={sms}&type=1");
        Assert.Equal(HttpStatusCode.NoContent, report.StatusCode);

        await Until(() => !got.IsEmpty);
        Assert.Equal(1, Assert.Single(got).GetProperty("perChannel").GetProperty("Sms").GetProperty("delivered").GetInt32());
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.PoliceOfficer)]
    public async Task Only_members_may_connect_to_the_member_hub(string role)
    {
        var person = await world.PersonAsync(role, zone: role == Roles.PoliceOfficer ? 10_001 : null);
        var hub = Hub("/hubs/member", person.Token);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
    }
}
