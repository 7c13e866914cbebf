using BinHub.Gateways.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BinHub.Tests.Sms;

/// <summary>BinHub with two SMS links and no status page: the test plays the status poller.</summary>
public sealed class TwoLinkApp : BinHubApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Sms:Links:0:Name", "proximus-1");
        builder.UseSetting("Sms:Links:0:Rate", "50");
        builder.UseSetting("Sms:Links:1:Name", "orange.be");
        builder.UseSetting("Sms:Links:1:Rate", "30");
    }
}

/// <summary>Admin › Sending engine: the links, their state and drain, for admins only.</summary>
public class SendingEnginePageTests(TwoLinkApp app) : IClassFixture<TwoLinkApp>
{
    private readonly World world = new(app);

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task An_admin_sees_each_link_with_its_rate_state_and_whether_it_drains(string role)
    {
        var flow = app.Services.GetRequiredService<SmsFlow>();
        // Work waits in the gateway while orange.be is down: it is stalled at once.
        flow.StatusReceived(new KannelStatus(12, [
            new("proximus-1", SmsLinkState.Online, "online 20s", 4, 900, 0),
            new("orange.be", SmsLinkState.Dead, "dead", 0, 15, 1),
        ]), flow.Snapshot().HandedTotal);
        var admin = await world.PersonAsync(role);

        var response = await app.ClientFor(admin.Token).GetAsync("/Admin/Dispatch");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Sending engine</h1>", html);
        Assert.Contains("<th scope=\"row\">proximus-1</th>", html);
        Assert.Contains("<th scope=\"row\">orange.be</th>", html);
        Assert.Contains("<td>Dead</td>", html);
        Assert.Contains("A link stopped sending: orange.be.", html);
        Assert.Contains("<a href=\"/Admin/Dispatch\">Sending engine</a>", html);
    }

    [Fact]
    public async Task The_page_speaks_the_admins_language()
    {
        var admin = await world.PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await (await app.ClientFor(admin.Token, "fr").GetAsync("/Admin/Dispatch")).Content.ReadAsStringAsync());
        Assert.Contains("<h1>Moteur d'envoi</h1>", html);
        Assert.Contains("Débit contractuel (SMS/s)", html);
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer)]
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.Member)]
    public async Task Other_roles_are_turned_away(string role)
    {
        var who = await world.PersonAsync(role, zone: role == Roles.PoliceOfficer ? 1 : null);
        var response = await app.ClientFor(who.Token).GetAsync("/Admin/Dispatch");
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("/Account/Denied", response.Headers.Location!.ToString());
    }

    [Fact]
    public void Every_link_state_has_a_name_in_every_language()
    {
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        foreach (var culture in new[] { "en", "nl", "fr", "de" })
        {
            var before = System.Globalization.CultureInfo.CurrentUICulture;
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
            try
            {
                foreach (var state in Enum.GetValues<SmsLinkState>())
                    Assert.False(localizer[$"Engine.State.{state}"].ResourceNotFound, $"Engine.State.{state} ({culture})");
            }
            finally { System.Globalization.CultureInfo.CurrentUICulture = before; }
        }
    }
}

/// <summary>BinHub whose call engine (baresip) cannot be reached.</summary>
public sealed class CallsDownApp : BinHubApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<BinHub.Gateways.Voice.ICallGateway>(new BinHub.Tests.Dispatch.ScriptedCalls(channels: 8) { Down = true }));
    }
}

public class SendingEngineCallsTests(CallsDownApp app) : IClassFixture<CallsDownApp>
{
    [Fact]
    public async Task The_sending_engine_page_shows_queue_depth_per_lane_and_a_call_engine_that_cannot_be_reached()
    {
        var world = new World(app);
        await using (var db = app.Db())
        {
            BinHub.Features.Dispatch.Outgoing.Queue(db, new Delivery { Channel = Channels.Sms, Recipient = "+32470000111", Body = "code", Kind = "CodeSignUp", DueAt = app.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await (await app.ClientFor(admin.Token).GetAsync("/Admin/Dispatch")).Content.ReadAsStringAsync());
        Assert.Contains("<th scope=\"row\">3 · Codes and answers</th>", html);
        Assert.Contains("The call engine cannot be reached since", html);
    }
}
