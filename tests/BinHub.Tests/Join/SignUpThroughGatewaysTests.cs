using System.Text.RegularExpressions;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Tests.Sms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static BinHub.Tests.Join.JoinSupport;

namespace BinHub.Tests.Join;

/// <summary>The sign-up's code through a real Kannel (seen at fakesmsc), typed back in by the "member".</summary>
[Collection("Kannel")]
public class SignUpThroughKannelTests(KannelApp app) : IClassFixture<KannelApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_verification_code_reaches_the_phone_network_through_kannel_and_confirms_the_number()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = $"+32473{Random.Shared.Next(100000, 999999)}";
        var client = app.ClientFor(null);
        var submitted = await SubmitAsync(client, bin.Id, Form(mobile: "0" + mobile[3..], lang: "nl"));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        await using (var db = app.Db())
            await TestDispatch.RunAsync(db, scope.ServiceProvider.GetRequiredService<IEmailSender>(),
                scope.ServiceProvider.GetRequiredService<ISmsSender>(), app.Clock, NullLogger.Instance, default);
        string? line = null;
        for (var n = 0; n < 100 && line is null; n++, await Task.Delay(100))
            line = app.Gateway.Delivered().FirstOrDefault(l => l.Contains(mobile) && l.Contains("uw code is"));
        Assert.NotNull(line);
        Assert.Contains("BIN: uw code is", line);
        var code = Regex.Match(line, @"uw code is (\d{6})").Groups[1].Value;

        var verifyUrl = submitted.Headers.Location!.ToString();
        var verified = await Forms.PostAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        await using var check = app.Db();
        Assert.True((await check.MemberPhones.SingleAsync(p => p.Number == mobile)).Verified);
    }
}

/// <summary>The confirmation link through a real SMTP server, read from the received mail and followed.</summary>
public class SignUpThroughSmtpTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_confirmation_link_arrives_by_smtp_in_the_members_language_and_following_it_confirms_the_address()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var email = $"marie{Random.Shared.Next()}@example.test";
        var client = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(client, bin.Id, Form(mobile: null, email: email, lang: "fr"))).StatusCode);

        await using (var db = app.Db())
        {
            var sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, From = "BinHub <no-reply@binhub.test>" });
            await TestDispatch.RunAsync(db, sender, new DevOutboxSmsSender(), app.Clock, NullLogger.Instance, default);
        }
        var raw = smtp.Messages().Single(m => m.Contains(email, StringComparison.OrdinalIgnoreCase));
        var text = MailText.Of(raw);
        Assert.Contains("confirmer votre adresse e-mail", text);
        var link = LinkIn(text);
        Assert.NotEmpty(link);
        var path = new Uri(link).PathAndQuery;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, path, path, new())).StatusCode);
        await using var check = app.Db();
        var member = await check.Members.SingleAsync(m => m.Email == email);
        Assert.NotNull(member.EmailVerifiedAt);
        Assert.Contains(await check.MemberEvents.Where(e => e.MemberId == member.Id).Select(e => e.Details).ToListAsync(), d => d == "e-mail by link");
    }
}
