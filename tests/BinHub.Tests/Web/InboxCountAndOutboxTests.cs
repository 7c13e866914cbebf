using System.Text.RegularExpressions;
using BinHub.Features.Dispatch;

namespace BinHub.Tests.Web;

/// <summary>The police inbox's count carries what its script needs to follow live rows; the outbox names every row's toggle.</summary>
public partial class InboxCountAndOutboxTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task The_inbox_count_carries_its_total_and_format_for_the_live_script()
    {
        var s = await app.ReportSetupAsync(world);
        await app.ReportAsync(s.Home.Person.Token);
        await app.ReportAsync(s.Home.Person.Token, "Second van");

        var html = WebUtility.HtmlDecode(await app.ClientFor(s.Officer.Token).GetStringAsync("/Police/Inbox"));

        var count = CountLine().Match(html);
        Assert.True(count.Success, "no #inbox-count with data-total and data-format");
        Assert.Equal("2", count.Groups["total"].Value);
        Assert.Equal("{0} reports", count.Groups["format"].Value);
        Assert.Equal("2 reports", count.Groups["text"].Value);
        var script = await app.ClientFor(null).GetStringAsync("/js/police-inbox.js");
        Assert.Contains("getElementById(\"inbox-count\")", script);
        Assert.Contains("dataset.format", script);
    }

    [Fact]
    public async Task Every_outbox_row_opens_on_a_summary_with_text_an_sms_on_the_start_of_its_body()
    {
        var sms = $"+32470{Random.Shared.Next(100000, 999999)}";
        var blank = $"+32471{Random.Shared.Next(100000, 999999)}";
        var body = "BIN: your code is 123456. It expires in 10 minutes. Never give it to anybody who phones you.";
        await using (var db = app.Db())
        {
            foreach (var (recipient, subject) in new[] { (sms, (string?)null), (blank, " ") })
                Outgoing.Queue(db, new Delivery
                {
                    Channel = Channels.Sms, Recipient = recipient, Language = "en", Subject = subject, Body = body, Kind = "CodeSignIn",
                    DedupKey = $"test:{recipient}", CreatedAt = app.Clock.GetUtcNow(), DueAt = app.Clock.GetUtcNow(),
                });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);

        var html = WebUtility.HtmlDecode(await app.ClientFor(admin.Token).GetStringAsync("/Admin/Outbox"));

        foreach (var recipient in new[] { sms, blank })
        {
            var row = Regex.Match(html, $@"<tr>(?:(?!</tr>).)*{Regex.Escape(recipient)}(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
            var details = Details().Match(row);
            Assert.True(details.Success, row);
            Assert.Equal(body[..60].TrimEnd() + "…", details.Groups["summary"].Value.Trim());
            Assert.Contains(body, details.Groups["content"].Value);
        }
        Assert.DoesNotMatch(@"<summary>\s*</summary>", html);
    }

    [GeneratedRegex(@"<p role=""status"" id=""inbox-count"" data-total=""(?<total>\d+)"" data-format=""(?<format>[^""]*)""[^>]*>(?<text>[^<]*)</p>")]
    private static partial Regex CountLine();

    [GeneratedRegex(@"<details><summary>(?<summary>[^<]*)</summary>(?<content>.*?)</details>", RegexOptions.Singleline)]
    private static partial Regex Details();
}
