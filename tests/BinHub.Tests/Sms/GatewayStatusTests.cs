using BinHub.Gateways.Sms;

namespace BinHub.Tests.Sms;

/// <summary>Kannel's status.xml as bearerbox 1.4.5 (Debian's kannel package) writes it; the samples were captured from the shared recipe.</summary>
public class GatewayStatusTests
{
    public static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sms", "Samples", name));

    [Fact]
    public void Reads_each_link_with_its_state_queue_and_counters()
    {
        var status = KannelStatus.Parse(Sample("kannel-1.4.5-status-online.xml"));

        Assert.Equal(0, status.GatewayQueued);
        Assert.Equal(["fake", "fakemo"], status.Links.Select(l => l.Id));
        var fake = status.Link("fake")!;
        Assert.Equal((SmsLinkState.Online, "online 1s", 0L, 5L, 0L), (fake.State, fake.StatusText, fake.Queued, fake.Sent, fake.Failed));
        Assert.Equal(SmsLinkState.Connecting, status.Link("fakemo")!.State);
        Assert.Null(status.Link("nope"));
    }

    [Fact]
    public void Work_for_a_link_that_lost_its_operator_waits_in_the_gateway_queue()
    {
        // Captured after fakesmsc (the "operator") went away and seven more SMS were accepted.
        var status = KannelStatus.Parse(Sample("kannel-1.4.5-status-link-down.xml"));

        Assert.Equal(SmsLinkState.Reconnecting, status.Link("fake")!.State);
        Assert.Equal(0, status.Link("fake")!.Queued);
        Assert.Equal(7, status.GatewayQueued);
        Assert.Equal(7, status.TotalQueued);
    }

    [Fact]
    public void Several_links_are_read_and_the_connections_of_one_link_are_added_up()
    {
        var status = KannelStatus.Parse(MultiLink);

        Assert.Equal(400, status.GatewayQueued);
        Assert.Equal(400 + 120 + 10 + 30, status.TotalQueued);
        var a = status.Link("proximus-1")!;
        // Two binds with one smsc-id: online while one of them is, queues and counters summed.
        Assert.Equal((SmsLinkState.Online, 130L, 5100L, 3L), (a.State, a.Queued, a.Sent, a.Failed));
        Assert.Equal((SmsLinkState.Dead, 30L), (status.Link("orange.be")!.State, status.Link("orange.be")!.Queued));
        Assert.Equal(SmsLinkState.Disconnected, status.Link("base_2")!.State);
    }

    [Fact]
    public void A_wrong_status_password_is_an_error_not_an_empty_gateway()
    {
        // What bearerbox answers (HTTP 200) to a wrong status-password.
        var e = Assert.Throws<FormatException>(() => KannelStatus.Parse("<?xml version=\"1.0\"?>\n<gateway>\nDenied</gateway>\n"));
        Assert.Contains("Sms:Kannel:StatusUrl", e.Message);
        Assert.Throws<FormatException>(() => KannelStatus.Parse("<html>Not Found</html>"));
        Assert.Throws<FormatException>(() => KannelStatus.Parse("running, uptime 0d 0h 0m 2s"));
    }

    [Theory]
    [InlineData("online 12s", SmsLinkState.Online)]
    [InlineData("connecting", SmsLinkState.Connecting)]
    [InlineData("re-connecting", SmsLinkState.Reconnecting)]
    [InlineData("disconnected", SmsLinkState.Disconnected)]
    [InlineData("dead", SmsLinkState.Dead)]
    [InlineData("unknown", SmsLinkState.Unknown)]
    [InlineData("", SmsLinkState.Unknown)]
    public void Link_states_are_read_from_the_words_bearerbox_uses(string text, SmsLinkState state) =>
        Assert.Equal(state, KannelStatus.StateOf(text));

    /// <summary>The captured online sample, edited by hand into three operator links (one with two binds).</summary>
    public const string MultiLink = """
        <?xml version="1.0"?>
        <gateway>
        <version>Kannel bearerbox version `1.4.5'.</version>
        <status>running, uptime 0d 2h 10m 2s</status>
        	<sms>
        		<received><total>0</total><queued>0</queued></received>
        		<sent><total>5113</total><queued>400</queued></sent>
        		<storesize>530</storesize>
        		<inbound>0.00,0.00,0.00</inbound>
        		<outbound>60.00,58.10,41.93</outbound>
        		</sms>
        <smscs><count>4</count>
        	<smsc>
        		<name>SMPP:smpp.proximus.example:2775/2775:binhub:BIN</name>
        		<admin-id>proximus-1</admin-id>
        		<id>proximus-1</id>
        		<status>online 7712s</status>
        		<failed>2</failed>
        		<queued>120</queued>
        		<sms><received>0</received><sent>5000</sent><inbound>0.00,0.00,0.00</inbound><outbound>50.00,49.10,40.10</outbound></sms>
        		<dlr><received>4990</received><sent>0</sent><inbound>0.00,0.00,0.00</inbound><outbound>0.00,0.00,0.00</outbound></dlr>
        	</smsc>
        <smsc>
        		<name>SMPP:smpp2.proximus.example:2775/2775:binhub:BIN</name>
        		<admin-id>proximus-1</admin-id>
        		<id>proximus-1</id>
        		<status>re-connecting</status>
        		<failed>1</failed>
        		<queued>10</queued>
        		<sms><received>0</received><sent>100</sent><inbound>0.00,0.00,0.00</inbound><outbound>0.00,0.00,0.00</outbound></sms>
        	</smsc>
        <smsc>
        		<name>SMPP:smpp.orange.example:2775/2775:binhub:BIN</name>
        		<admin-id>orange.be</admin-id>
        		<id>orange.be</id>
        		<status>dead</status>
        		<failed>0</failed>
        		<queued>30</queued>
        		<sms><received>0</received><sent>13</sent><inbound>0.00,0.00,0.00</inbound><outbound>0.00,0.00,0.00</outbound></sms>
        	</smsc>
        <smsc>
        		<name>SMPP:smpp.base.example:2775/2775:binhub:BIN</name>
        		<admin-id>base_2</admin-id>
        		<id>base_2</id>
        		<status>disconnected</status>
        		<failed>0</failed>
        		<queued>0</queued>
        		<sms><received>0</received><sent>0</sent><inbound>0.00,0.00,0.00</inbound><outbound>0.00,0.00,0.00</outbound></sms>
        	</smsc>
        </smscs>
        </gateway>
        """;
}
