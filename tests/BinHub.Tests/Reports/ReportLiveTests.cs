using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.SignalR.Client;

namespace BinHub.Tests.Reports;

/// <summary>BinHub on a real port, so a real SignalR client can connect over WebSockets.</summary>
public sealed class LiveApp : BinHubApp
{
    public int Port { get; } = FreePort();

    public LiveApp() => UseKestrel(Port);

    protected override Uri? RealServer => new($"http://127.0.0.1:{Port}");

    protected override void Start() => StartServer();

    public HubConnection Hub(string token) => new HubConnectionBuilder()
        .WithUrl($"http://127.0.0.1:{Port}/hubs/police", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
        .Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public class ReportLiveTests(LiveApp app) : IClassFixture<LiveApp>
{
    private readonly World world = new(app);

    private static async Task<(HubConnection Hub, ConcurrentQueue<JsonElement> Received)> ListenAsync(LiveApp app, string token)
    {
        var hub = app.Hub(token);
        var received = new ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("reportReceived", r => received.Enqueue(r));
        await hub.StartAsync();
        return (hub, received);
    }

    [Fact]
    public async Task A_new_report_is_pushed_live_to_the_officers_of_its_zone_and_not_to_another_zone()
    {
        var s = await app.ReportSetupAsync(world);
        var elsewhere = await world.PlaceAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        var (mine, got) = await ListenAsync(app, s.Officer.Token);
        var (theirs, strangerGot) = await ListenAsync(app, stranger.Token);
        await using var _1 = mine;
        await using var _2 = theirs;

        var id = await app.ReportAsync(s.Home.Person.Token, "Burglary in progress? Window smashed", "Burglary");

        for (var n = 0; n < 100 && got.IsEmpty; n++) await Task.Delay(100);
        var push = Assert.Single(got);
        Assert.Equal(id, push.GetProperty("id").GetInt32());
        Assert.Equal("Burglary", push.GetProperty("category").GetString());
        Assert.Equal("High", push.GetProperty("urgency").GetString());
        Assert.Equal(s.Bin.Name, push.GetProperty("binName").GetString());
        Assert.False(push.TryGetProperty("text", out _)); // the push carries no personal data; reading the report is audited
        await Task.Delay(500);
        Assert.Empty(strangerGot);
    }

    [Fact]
    public async Task A_report_made_by_a_coordinator_for_a_caller_is_pushed_too()
    {
        var s = await app.ReportSetupAsync(world);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: s.Bin.Id);
        var (hub, got) = await ListenAsync(app, s.Officer.Token);
        await using var _ = hub;
        var response = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{s.Bin.Id}/reports",
            new { category = "MissingPerson", street = "Kerkstraat", text = "Elderly neighbour not home since noon" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        for (var n = 0; n < 100 && got.IsEmpty; n++) await Task.Delay(100);
        Assert.Equal("OnBehalf", Assert.Single(got).GetProperty("source").GetString());
    }

    [Theory]
    [InlineData(Roles.Member)]
    [InlineData(Roles.Coordinator)]
    public async Task Only_police_officers_may_connect_to_the_police_hub(string role)
    {
        var person = await world.PersonAsync(role);
        var hub = app.Hub(person.Token);
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        var anonymous = new HubConnectionBuilder().WithUrl($"http://127.0.0.1:{app.Port}/hubs/police").Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_token_in_the_query_string_is_accepted_on_the_hub_only()
    {
        var s = await app.ReportSetupAsync(world);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{app.Port}") };
        var negotiate = await http.PostAsync($"/hubs/police/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(s.Officer.Token)}", null);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var api = await http.GetAsync($"/api/v1/reports?access_token={Uri.EscapeDataString(s.Officer.Token)}");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
