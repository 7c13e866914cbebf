using BinHub.Features.Phones;

namespace BinHub.Tests.Phones;

/// <summary>
/// One masking rule for numbers on every screen (<see cref="PhoneNumber.Mask"/>): the members page, the message dashboard's
/// failed deliveries and the member's own history used to show the same number three different ways (+324••••••56,
/// •••456, and whatever the dashboard's own copy did), so a coordinator and a member could not even tell they meant the same one.
/// </summary>
public class MaskedNumberScreensTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_members_page_the_dashboard_and_the_members_history_mask_one_number_identically_and_show_no_more_of_it()
    {
        var s = await app.MessagingSetupAsync(world);
        var number = (await app.MemberAsync(s.Jan.MemberId)).Phones.Single().Number;
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await using (var db = app.Db())
            // Jan's text failed (the dashboard lists it); his web inbox still has it, so he is not among the unreached, whose
            // numbers are shown in full to be called.
            await db.Deliveries.Where(d => d.MessageId == id && d.MemberId == s.Jan.MemberId && d.Channel == Channels.Sms)
                .ExecuteUpdateAsync(x => x.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.LastError, "absent subscriber"));
        var officer = app.ClientFor(s.Officer.Token);

        var screens = new Dictionary<string, string>
        {
            ["members page"] = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Registry/Members/{s.Bin.Id}")),
            ["dashboard"] = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Messages/Details/{id}")),
            ["own history"] = WebUtility.HtmlDecode(await app.ClientFor(s.Jan.Person.Token).GetStringAsync("/Me/History")),
        };

        // The rule: the country code and the last two digits, a fixed row of dots between (neither length nor prefix shows).
        var masked = "+32••••••" + number[^2..];
        Assert.Equal(masked, PhoneNumber.Mask(number));
        Assert.All(screens, screen =>
        {
            Assert.True(screen.Value.Contains(masked, StringComparison.Ordinal), $"{screen.Key} does not show {masked}");
            Assert.False(screen.Value.Contains(number[3..^2], StringComparison.Ordinal), $"{screen.Key} shows the middle of {number}");
            Assert.False(screen.Value.Contains("•" + number[^3..], StringComparison.Ordinal), $"{screen.Key} shows more than the last two digits");
        });
    }

    [Theory]
    [InlineData("+32470123456", "+32••••••56")]
    [InlineData("+3292345678", "+32••••••78")]
    [InlineData("jan@example.be", "j•••@example.be")]
    [InlineData("user-3f2a", "•••")]
    public void A_recipient_is_masked_by_the_one_rule_whatever_it_is(string recipient, string shown) =>
        Assert.Equal(shown, PhoneNumber.MaskRecipient(recipient));
}
