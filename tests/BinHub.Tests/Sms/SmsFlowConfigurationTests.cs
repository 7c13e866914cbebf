using BinHub.Gateways.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Sms;

/// <summary>Sms:Links, Sms:QueueSeconds and Sms:Kannel:StatusUrl: a wrong value stops the start with one line that names the key.</summary>
public class SmsFlowConfigurationTests
{
    private static readonly Dictionary<string, string?> Kannel = new()
    {
        ["Sms:Provider"] = "Kannel",
        ["Sms:Links:0:Name"] = "proximus-1",
        ["Sms:Links:0:Rate"] = "50",
    };

    public static TheoryData<string, string?, string> Wrong() => new()
    {
        { "Sms:Links:0:Name", null, "Sms:Provider is Kannel: configure at least one link in Sms:Links (Name = the Kannel smsc-id, Rate = its contracted SMS per second)." },
        { "Sms:Links:1:Name", " ", "Sms:Links:1:Name is empty (the link's smsc-id in Kannel's configuration)." },
        { "Sms:Links:1:Name", "orange be", "Sms:Links:1:Name 'orange be' may hold only letters, digits, '_', '.' and '-' (the link's smsc-id in Kannel's configuration)." },
        { "Sms:Links:1:Name", "proximus-1", "Sms:Links:1:Name 'proximus-1' is already the name of Sms:Links:0 (each link once)." },
        { "Sms:Links:1:Rate", "0", "Sms:Links:1:Rate must be greater than 0 (the link's contracted SMS per second)." },
        { "Sms:Links:1:Rate", "-5", "Sms:Links:1:Rate must be greater than 0 (the link's contracted SMS per second)." },
        { "Sms:Links:1:Rate", "100001", "Sms:Links:1:Rate must be at most 100000 (the link's contracted SMS per second)." },
        { "Sms:QueueSeconds", "0.1", "Sms:QueueSeconds must be between 0.2 and 60 (seconds of work kept queued in the gateway per link), not 0.1." },
        { "Sms:QueueSeconds", "61", "Sms:QueueSeconds must be between 0.2 and 60 (seconds of work kept queued in the gateway per link), not 61." },
        { "Sms:Kannel:StatusUrl", "127.0.0.1:13000/status.xml", "Sms:Kannel:StatusUrl must be an absolute http(s) URL like http://127.0.0.1:13000/status.xml?password=… (Kannel's admin status page)." },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public void A_wrong_setting_names_its_key_in_one_line(string key, string? value, string message)
    {
        var settings = new Dictionary<string, string?>(Kannel)
        {
            // A second, valid link, so each case breaks exactly one thing.
            ["Sms:Links:1:Name"] = "orange.be", ["Sms:Links:1:Rate"] = "30",
        };
        if (key == "Sms:Links:0:Name") { settings.Remove("Sms:Links:0:Name"); settings.Remove("Sms:Links:0:Rate"); settings.Remove("Sms:Links:1:Name"); settings.Remove("Sms:Links:1:Rate"); }
        else settings[key] = value;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddSmsFlow(config));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_dev_outbox_needs_no_links_and_then_has_no_flow_control()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sms:Provider"] = "DevOutbox" }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSmsFlow(config).BuildServiceProvider();
        var flow = services.GetRequiredService<SmsFlow>();
        Assert.True(flow.Unlimited);
        Assert.Equal(1, services.GetRequiredService<SmsFlowOptions>().QueueSeconds);
    }

    [Fact]
    public void Links_are_read_from_environment_style_keys()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(Kannel)
        {
            ["Sms:Links:1:Name"] = "orange.be", ["Sms:Links:1:Rate"] = "12.5", ["Sms:QueueSeconds"] = "1.5",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddSmsFlow(config).BuildServiceProvider();
        var snapshot = services.GetRequiredService<SmsFlow>().Snapshot();
        Assert.Equal([("proximus-1", 50.0), ("orange.be", 12.5)], snapshot.Links.Select(l => (l.Name, l.Rate)));
        Assert.Equal((int)(62.5 * 1.5), snapshot.Room);
    }

    [Fact]
    public async Task Invalid_link_configuration_stops_start_up_with_one_line()
    {
        await using var app = new BadLinkApp();
        var e = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
        var cause = Assert.IsType<InvalidOperationException>(e.GetBaseException());
        Assert.Equal("Sms:Links:1:Rate must be greater than 0 (the link's contracted SMS per second).", cause.Message);
        Assert.DoesNotContain('\n', cause.Message);
    }

    /// <summary>BinHub with a Kannel configuration whose second link has no rate.</summary>
    private sealed class BadLinkApp : BinHubApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            KannelGateway.Configure(builder, "http://127.0.0.1:5080", new string('s', 32));
            builder.UseSetting("Sms:Links:1:Name", "orange.be");
            builder.UseSetting("Sms:Links:1:Rate", "0");
        }
    }
}
