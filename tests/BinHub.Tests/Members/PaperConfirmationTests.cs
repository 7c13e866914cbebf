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
            Assert.False(await db.Deliveries.AnyAsync(m => m.Recipient == "+3225123456")); // a landline cannot answer
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
}
