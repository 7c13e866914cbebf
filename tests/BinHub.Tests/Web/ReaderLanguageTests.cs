using System.Text.RegularExpressions;
using BinHub.Features.Dispatch;

namespace BinHub.Tests.Web;

/// <summary>
/// Texts stored in one fixed technical form (the gateway that delivered a row, an audit entry's details) read in the admin's
/// language on Admin › Outbox and Admin › Audit, while the stored text stays as written for the record.
/// </summary>
public class ReaderLanguageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static string Row(string html, string marker) =>
        Regex.Match(html, $@"<tr>(?:(?!</tr>).)*{Regex.Escape(marker)}(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;

    [Theory]
    [InlineData("fr", "kannel", "Passerelle SMS (Kannel)")]
    [InlineData("nl", "smtp", "Mailserver (SMTP)")]
    [InlineData("de", "dev-outbox", "Entwicklungs-Postausgang (nicht gesendet)")]
    public async Task The_outbox_names_the_gateway_a_row_went_through_in_the_admins_language(string lang, string via, string expected)
    {
        var recipient = $"+32470{Random.Shared.Next(100000, 999999)}";
        await using (var db = app.Db())
        {
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Sms, Recipient = recipient, Language = "en", Body = "Your code is 123456.", Kind = "CodeSignIn",
                DedupKey = $"test-via:{recipient}", CreatedAt = app.Clock.GetUtcNow(), DueAt = app.Clock.GetUtcNow(),
                State = DeliveryState.Sent, SentAt = app.Clock.GetUtcNow(), Via = via,
            });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);

        var row = Row(WebUtility.HtmlDecode(await app.ClientFor(admin.Token, lang).GetStringAsync("/Admin/Outbox")), recipient);

        Assert.Contains(expected, row);
        Assert.DoesNotMatch($@">\s*{Regex.Escape(via)}\s", row);
    }

    [Theory]
    [InlineData("fr", "ReadPersonalData", "bin=17; 12 members, page 2", "PLP 17 · membres : 12 · page 2")]
    [InlineData("fr", "SignIn", "wrong password", "mot de passe erroné")]
    [InlineData("de", "Export", "3 rows", "Zeilen: 3")]
    [InlineData("de", "ReadPersonalData", "own data", "eigene Daten")]
    [InlineData("nl", "ExportPersonalData", "2 phones, 5 history lines, 7 messages", "telefoons: 2 · historiekregels: 5 · berichten: 7")]
    [InlineData("nl", "ReadPersonalData", "3 unreached members listed with their phones, page 2", "onbereikte leden getoond met hun telefoon: 3 · pagina 2")] // Unreached.FindAsync's text
    public async Task Audit_details_of_the_frequent_kinds_read_in_the_admins_language_and_stay_stored_as_written(string lang, string action, string details, string expected)
    {
        var who = $"auditee-{Guid.NewGuid():N}"[..20];
        await using (var db = app.Db())
        {
            db.AuditEntries.Add(new AuditEntry { At = app.Clock.GetUtcNow(), UserName = who, Action = action, EntityType = "Member", Details = details });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);

        var row = Row(WebUtility.HtmlDecode(await app.ClientFor(admin.Token, lang).GetStringAsync($"/Admin/Audit?user={who}")), who);

        Assert.Contains(expected, row);
        Assert.DoesNotContain(details, row);
        await using var check = app.Db();
        Assert.Equal(details, (await check.AuditEntries.SingleAsync(a => a.UserName == who)).Details);
    }

    [Fact]
    public async Task Audit_details_of_a_kind_without_a_pattern_show_as_written()
    {
        var who = $"auditee-{Guid.NewGuid():N}"[..20];
        await using (var db = app.Db())
        {
            db.AuditEntries.Add(new AuditEntry { At = app.Clock.GetUtcNow(), UserName = who, Action = "ReadPersonalData", EntityType = "Member", Details = "something new" });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);

        Assert.Contains("something new", Row(WebUtility.HtmlDecode(await app.ClientFor(admin.Token, "fr").GetStringAsync($"/Admin/Audit?user={who}")), who));
    }
}
