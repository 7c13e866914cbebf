using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Registry;

/// <summary>The e-mail path with a real SMTP server: what the outbox sends is what arrives.</summary>
public class SmtpReminderTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task Charter_reminders_due_are_delivered_over_smtp_in_each_recipients_language()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.AwaitingSignatures);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: "fr");
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone, lang: "de");
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis, lang: "nl");
        foreach (var (who, party) in new[] { (coordinator, "Bin"), (officer, "Police"), (municipality, "Municipality") })
            await app.ClientFor(who.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party });

        await using var db = app.Db();
        var validUntil = (await db.Charters.SingleAsync(c => c.BinId == bin.Id)).ValidUntil!.Value;
        var sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, From = "BinHub <no-reply@binhub.test>" });
        var clock = new TestClock(validUntil.AddDays(-59));
        await TestDispatch.RunAsync(db, sender, new DevOutboxSmsSender(), clock, NullLogger.Instance, default);

        db.ChangeTracker.Clear();
        var errors = await db.Deliveries.Where(m => m.LastError != null).Select(m => m.LastError).ToListAsync();
        Assert.Empty(errors);
        var messages = smtp.Messages();
        string To(World.Person p) => messages.Single(m => m.Contains($"To: {p.User.Email}", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("expire", Decoded(To(coordinator)));     // French
        Assert.Contains("Charta", Decoded(To(officer)));         // German
        Assert.Contains("vervalt", Decoded(To(municipality)));   // Dutch
        db.ChangeTracker.Clear();
        Assert.Equal(3, await db.Deliveries.CountAsync(m => m.Via == "smtp" && m.Recipient.Contains("test.invalid") && m.DedupKey!.Contains("remind60")
                                                              && (m.Recipient == coordinator.User.Email || m.Recipient == officer.User.Email || m.Recipient == municipality.User.Email)));
    }

    /// <summary>Subjects travel as RFC 2047 words, bodies possibly as base64: decode both for the assertions.</summary>
    private static string Decoded(string raw)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(raw, @"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=",
            m => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)), System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var parts = raw.Split("\n\n", 2);
        if (parts.Length == 2 && raw.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            try { text += System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(parts[1].Replace("\r", "").Replace("\n", "").Trim())); }
            catch (FormatException) { /* not a single base64 body */ }
        }
        return text;
    }
}
