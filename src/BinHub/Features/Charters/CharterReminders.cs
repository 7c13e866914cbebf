using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Charters;

/// <summary>
/// Plans the "your charter lapses soon" e-mails to the three parties when a charter becomes valid. They go into
/// the outbox with a due date (60 and 30 days before lapse by default) in the same transaction as the approval;
/// the dispatcher sends them when due. The dedup key makes planning idempotent.
/// </summary>
public static class CharterReminders
{
    public static async Task PlanAsync(BinHubDb db, Bin bin, Charter charter, CharterOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = await RecipientsAsync(db, bin, ct);
        foreach (var days in options.ReminderDays)
        {
            var due = charter.ValidUntil!.Value.AddDays(-days);
            if (due < now) continue;
            foreach (var (email, lang) in recipients)
            {
                var key = $"charter:{charter.Id}:remind{days}:{email.ToLowerInvariant()}";
                if (db.Deliveries.Local.Any(o => o.DedupKey == key) || await db.Deliveries.AnyAsync(o => o.DedupKey == key, ct)) continue;
                var (subject, body) = Text(lang, bin, charter, days);
                Outgoing.Queue(db, new Delivery
                {
                    Channel = Channels.Email, Recipient = email, Subject = subject, Body = body, Kind = "CharterReminder",
                    DedupKey = key, CreatedAt = now, DueAt = due,
                });
            }
        }
    }

    /// <summary>The BIN's coordinators, its mandated officer (or the zone's officers when none is designated) and the municipality's officials.</summary>
    private static async Task<List<(string Email, string Lang)>> RecipientsAsync(BinHubDb db, Bin bin, CancellationToken ct)
    {
        var coordinatorIds = bin.Coordinators.Select(c => c.UserId).ToList();
        if (coordinatorIds.Count == 0)
            coordinatorIds = await db.BinCoordinators.Where(c => c.BinId == bin.Id).Select(c => c.UserId).ToListAsync(ct);
        var users = await db.Users.Where(u => u.Email != null && (
                coordinatorIds.Contains(u.Id) ||
                (bin.MandatedOfficerId != null ? u.Id == bin.MandatedOfficerId
                    : u.PoliceZoneNumber == bin.PoliceZoneNumber && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer)) ||
                (u.MunicipalityNis == bin.MunicipalityNis && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.MunicipalityOfficial))))
            .Select(u => new { u.Email, u.Language }).ToListAsync(ct);
        return users.Select(u => (u.Email!, u.Language ?? bin.Language)).DistinctBy(u => u.Item1.ToLowerInvariant()).ToList();
    }

    private static (string Subject, string Body) Text(string lang, Bin bin, Charter charter, int days)
    {
        var culture = Languages.CultureFor(Languages.IsValid(lang) ? lang : "nl");
        var until = BrusselsTime.ToBrussels(charter.ValidUntil!.Value).ToString("d", culture);
        var t = ReminderTexts.For(culture.TwoLetterISOLanguageName);
        var name = $"{bin.Name} ({bin.RegistrationNumber})";
        return (string.Format(culture, t.Subject, name, days), string.Format(culture, t.Body, name, until, days));
    }
}

/// <summary>E-mail texts are kept with their feature; the test on translations covers them too.</summary>
public static class ReminderTexts
{
    public sealed record Text(string Subject, string Body);

    public static readonly IReadOnlyDictionary<string, Text> All = new Dictionary<string, Text>
    {
        ["nl"] = new("Charter van {0} vervalt over {1} dagen",
            "Het charter van {0} is geldig tot {1}. Vernieuw het samen met de politie en de gemeente binnen {2} dagen, anders wordt het BIN als 'charter vervallen' gemarkeerd in het register."),
        ["fr"] = new("La charte de {0} expire dans {1} jours",
            "La charte de {0} est valable jusqu'au {1}. Renouvelez-la avec la police et la commune dans les {2} jours, sinon le PLP sera signalé « charte expirée » dans le registre."),
        ["de"] = new("Die Charta von {0} läuft in {1} Tagen ab",
            "Die Charta von {0} gilt bis zum {1}. Erneuern Sie sie innerhalb von {2} Tagen gemeinsam mit Polizei und Gemeinde, sonst wird das BIN im Register als „Charta abgelaufen“ markiert."),
        ["en"] = new("The charter of {0} lapses in {1} days",
            "The charter of {0} is valid until {1}. Renew it with the police and the municipality within {2} days, or the BIN will be flagged 'charter lapsed' in the registry."),
    };

    public static Text For(string lang) => All.TryGetValue(lang, out var t) ? t : All["nl"];
}
