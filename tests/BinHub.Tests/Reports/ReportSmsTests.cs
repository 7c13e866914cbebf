using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Tests.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Reports;

/// <summary>Reports by SMS through a real Kannel: the phone texts, fakesmsc injects it, the acknowledgement comes back at fakesmsc.</summary>
[Collection("Kannel")]
public class ReportSmsTests(KannelApp app) : IClassFixture<KannelApp>
{
    private readonly World world = new(app);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        for (var n = 0; n < 150; n++)
        {
            var value = await probe();
            if (done(value)) return value;
            await Task.Delay(100);
        }
        throw new TimeoutException($"not within 15 s: {what}");
    }

    private async Task DispatchAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = app.Db();
        await TestDispatch.RunAsync(db, scope.ServiceProvider.GetRequiredService<IEmailSender>(),
            scope.ServiceProvider.GetRequiredService<ISmsSender>(), app.Clock, NullLogger.Instance, default);
    }

    [Fact]
    public async Task An_sms_from_a_verified_member_becomes_a_report_acknowledged_in_their_language_with_the_reference()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var member = await app.MemberAsync(bin.Id, "Klaus Becker", language: "de", phones: [new("+32470818283", Verified: true)]);

        await KannelGateway.InjectAsync("+32470818283", "Verdaechtiges Auto vor Nr 5 seit einer Stunde");
        var report = await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.MemberId == member.Id);
        }, r => r is not null, "report from the SMS");
        Assert.Equal((ReportCategory.Other, ReportSource.Sms, "Verdaechtiges Auto vor Nr 5 seit einer Stunde"), (report!.Category, report.Source, report.Text));
        Assert.StartsWith("R-2026-", report.Reference);

        await DispatchAsync();
        var lines = await EventuallyAsync(() => Task.FromResult(app.Gateway.Delivered()),
            l => l.Any(x => x.Contains("+32470818283") && x.Contains(report.Reference)), "acknowledgement at fakesmsc");
        var ack = Assert.Single(lines, x => x.Contains("+32470818283"));
        Assert.Contains("Ihre Meldung", ack); // German, the member's language
        await using var check = app.Db();
        Assert.Equal(1, await check.Deliveries.CountAsync(m => m.Kind == "ReportAcknowledgement" && m.Recipient == "+32470818283"));
    }

    [Fact]
    public async Task An_sms_from_an_unverified_number_makes_no_report_and_stop_still_works()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var member = await app.MemberAsync(bin.Id, "Marie Peeters", language: "nl", phones: [new("+32470919293", Verified: false)]);

        await KannelGateway.InjectAsync("+32470919293", "Er staat een busje");
        await KannelGateway.InjectAsync("+32470919293", "STOP");
        await EventuallyAsync(async () =>
        {
            await using var db = app.Db();
            return await db.MemberPhones.AsNoTracking().SingleAsync(p => p.MemberId == member.Id);
        }, p => p.SmsOptOutAt is not null, "STOP handled");
        await using var check = app.Db();
        Assert.False(await check.Reports.AnyAsync(r => r.MemberId == member.Id));
    }
}
