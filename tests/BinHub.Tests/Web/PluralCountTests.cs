using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>Count labels put their noun in the number the count asks for: "1 melding", "2 meldingen"; in French also "0 entrée".</summary>
public partial class PluralCountTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Theory]
    [InlineData("nl", "1 melding", "2 meldingen")]
    [InlineData("fr", "1 signalement", "2 signalements")]
    public async Task The_police_inbox_counts_one_report_in_the_singular_and_two_in_the_plural(string lang, string one, string two)
    {
        var s = await app.ReportSetupAsync(world);
        var officer = app.ClientFor(s.Officer.Token, lang);
        await app.ReportAsync(s.Home.Person.Token);

        var first = InboxCount().Match(WebUtility.HtmlDecode(await officer.GetStringAsync("/Police/Inbox")));
        Assert.Equal(one, first.Groups["text"].Value);
        Assert.Equal(one.Replace("1", "{0}"), first.Groups["one"].Value); // the live script's singular

        await app.ReportAsync(s.Home.Person.Token, "Second van");
        Assert.Equal(two, InboxCount().Match(WebUtility.HtmlDecode(await officer.GetStringAsync("/Police/Inbox"))).Groups["text"].Value);
    }

    [Theory]
    [InlineData("nl", "0 regels gevonden", "1 regel gevonden", "2 regels gevonden")]
    [InlineData("fr", "0 entrée trouvée", "1 entrée trouvée", "2 entrées trouvées")]
    public async Task The_audit_log_counts_its_entries_in_the_right_number(string lang, string zero, string one, string two)
    {
        var who = $"plural-{Guid.NewGuid():N}"[..20];
        var admin = app.ClientFor((await world.PersonAsync(Roles.Admin)).Token, lang);
        async Task<string> CountAsync() => AuditCount().Match(WebUtility.HtmlDecode(await admin.GetStringAsync($"/Admin/Audit?user={who}"))).Groups["text"].Value;

        Assert.Equal(zero, await CountAsync());
        for (var n = 1; n <= 2; n++)
        {
            await using (var db = app.Db())
            {
                db.AuditEntries.Add(new AuditEntry { At = app.Clock.GetUtcNow(), UserName = who, Action = "Update", EntityType = "Bin", Details = $"name=n{n}" });
                await db.SaveChangesAsync();
            }
            Assert.Equal(n == 1 ? one : two, await CountAsync());
        }
    }

    [GeneratedRegex("""id="inbox-count"[^>]*data-format-one="(?<one>[^"]*)"[^>]*>(?<text>[^<]*)<""")]
    private static partial Regex InboxCount();

    [GeneratedRegex("""<p role="status">(?<text>[^<]*)</p>""")]
    private static partial Regex AuditCount();
}
