using BinHub.Features.Members;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BinHub.Tests.Members;

/// <summary>A mobile from a paper form is confirmed by the household answering "JA" to one SMS, in their language.</summary>
public class PaperConfirmationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task A_paper_members_mobile_gets_one_question_and_the_reply_ja_verifies_it()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var mobile = $"+32477{Random.Shared.Next(100000, 999999)}";
        var added = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new AddMember.Request(
            "Marie Dupont", null, "Kerkstraat", "9", ["0" + mobile[3..], "02 512 34 56"], null, "fr", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime)));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        await using (var db = app.Db())
        {
            var question = await db.Deliveries.SingleAsync(m => m.Recipient == mobile);
            Assert.Equal("PaperConfirmation", question.Kind);
            Assert.Contains("Répondez OUI", question.Body);
            // A landline cannot answer an SMS: it gets a verification call in the household's language instead.
            var call = await db.Deliveries.SingleAsync(m => m.Recipient == "+3225123456");
            Assert.Equal((Channels.Voice, "CodeVerifyPhone", "fr"), (call.Channel, call.Kind, call.Language));
        }

        await using (var db = app.Db())
        await using (var scope = app.Services.CreateAsyncScope())
            Assert.True(await InboundSms.HandleAsync(db, app.Clock, mobile, " oui ", scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(), default));

        await using var check = app.Db();
        var phone = await check.MemberPhones.SingleAsync(p => p.Number == mobile);
        Assert.True(phone.Verified);
        Assert.Contains("merci", (await check.Deliveries.SingleAsync(m => m.Recipient == mobile && m.Kind == "PaperConfirmed")).Body);
        Assert.False(await check.Reports.AnyAsync(r => r.MemberId == phone.MemberId)); // the answer is not a report
    }

    [Fact]
    public async Task A_landline_only_paper_member_is_called_and_pressing_1_verifies_the_landline()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var landline = $"+3250{Random.Shared.Next(100000, 999999)}";
        var added = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/members", new AddMember.Request(
            "Jozef Peeters", null, "Kerkstraat", "3", ["0" + landline[3..]], null, "nl", DateOnly.FromDateTime(app.Clock.Now.UtcDateTime)));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var calls = new BinHub.Tests.Dispatch.ScriptedCalls().Answers(landline, BinHub.Gateways.Voice.CallOutcome.Confirmed);
        await new BinHub.Features.Dispatch.CallDispatcher(app.Services.GetRequiredService<IServiceScopeFactory>(), calls, app.Clock,
            app.Services.GetRequiredService<BinHub.Features.Messages.DispatchSignal>(), new BinHub.Features.Dispatch.DispatchOptions(),
            new BinHub.Features.Dispatch.CallRetryOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger<BinHub.Features.Dispatch.CallDispatcher>.Instance)
            .RoundAsync(default);

        Assert.Single(calls.Placed, c => c.To == landline);
        await using var check = app.Db();
        Assert.True((await check.MemberPhones.SingleAsync(p => p.Number == landline)).Verified); // reachable for the next alarm
    }
}
