using System.Net.Sockets;
using BinHub.Features.Members;
using Microsoft.AspNetCore.Hosting;
using static BinHub.Tests.Join.JoinSupport;

namespace BinHub.Tests.Web;

/// <summary>BinHub in Development on a port of its own, with no <c>App:PublicUrl</c> anywhere.</summary>
public sealed class DevelopmentOnAPortApp : BinHubApp
{
    public int Port { get; } = FreePort();

    public DevelopmentOnAPortApp() => UseKestrel(Port);

    protected override Uri? RealServer => new($"http://127.0.0.1:{Port}");

    protected override void Start() => StartServer();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Development");
        builder.UseSetting("Demo:SeedOnFirstStart", "false");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public class PublicUrlTests(DevelopmentOnAPortApp app) : IClassFixture<DevelopmentOnAPortApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task In_development_without_the_setting_e_mailed_links_point_at_the_port_BinHub_listens_on()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var email = $"household{Random.Shared.Next()}@example.test";
        var added = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new AddMember.Request(
            "Jan Janssens", null, "Dorpsstraat", "3", [], email, "nl", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime)));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        await Forms.PostAsync(app.ClientFor(null), "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = email });

        await using var db = app.Db();
        var link = new Uri(LinkIn((await db.Deliveries.SingleAsync(m => m.Recipient == email && m.Kind == "LinkSignIn")).Body!));
        Assert.Equal(app.Port, link.Port);
        Assert.Contains(link.Host, new[] { "127.0.0.1", "localhost" });
    }
}

/// <summary>The published app as an operator starts it: Production unless told otherwise.</summary>
public class PublicUrlInProductionTests
{
    private static Task<BinHubExe.Outcome> Run(params string[] args) =>
        BinHubExe.RunAsync(BinHubExe.BuiltAppDirectory, Path.GetTempPath(), args, TimeSpan.FromSeconds(60),
            until: text => text.Contains("Now listening on") || text.Contains("Application started"));

    [Fact]
    public async Task Production_without_a_public_url_refuses_to_start_and_names_the_setting()
    {
        var run = await Run();

        Assert.False(run.StoppedByTest, $"BinHub started without App__PublicUrl:\n{run.Tail}");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("App__PublicUrl", run.Err);
    }

    [Fact]
    public async Task Production_without_a_public_url_refuses_user_add_whose_confirmation_link_needs_it()
    {
        var run = await Run("user", "add", "--email", "officer@example.test", "--role", "Admin");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("App__PublicUrl", run.Err);
    }

    [Fact]
    public async Task Production_without_a_public_url_still_migrates_the_database()
    {
        var run = await Run("migrate");

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("App__PublicUrl", run.All);
    }
}
