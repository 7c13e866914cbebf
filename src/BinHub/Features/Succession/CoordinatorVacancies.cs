using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Succession;

/// <summary>
/// The daily round of coordinator succession. Idempotent, so running it twice (or on two servers) changes nothing more:
/// 1. coordinators past their announced last day (Brussels date) are taken off their BIN (audited as the system);
/// 2. a BIN in service without any coordinator is vacant from now on (once), a BIN with one again is no longer vacant;
/// 3. a BIN vacant for 30 days gets one e-mail reminder to its mandated officer (or, without one, to the zone's officers),
///    through the outbox with a dedup key, and is flagged in the registry.
/// </summary>
public static class CoordinatorVacancies
{
    public sealed record Result(int Removed, int NewlyVacant, int Filled, int Reminded);

    public static async Task<Result> RunAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string publicUrl, CancellationToken ct)
    {
        var system = Actor.System("coordinator vacancies");
        var now = clock.GetUtcNow();
        var today = Vacancy.Today(clock);

        // 1. Last day passed.
        var leaving = await db.BinCoordinators.Where(c => c.StopsOn != null && c.StopsOn < today).ToListAsync(ct);
        foreach (var c in leaving)
        {
            db.BinCoordinators.Remove(c);
            AuditLog.Add(db, clock, system, "RemoveCoordinator", nameof(Bin), c.BinId.ToString(), $"user={c.UserId}; announced last day {c.StopsOn:yyyy-MM-dd}");
        }
        await db.SaveChangesAsync(ct);
        foreach (var binId in leaving.Select(c => c.BinId).Distinct())
        {
            // Someone must remain the BIN's first contact: the longest-serving coordinator who is not leaving, else any.
            var rest = await db.BinCoordinators.Where(c => c.BinId == binId).OrderBy(c => c.StopsOn != null).ThenBy(c => c.Id).ToListAsync(ct);
            if (rest.Count > 0 && !rest.Any(c => c.IsPrimary)) rest[0].IsPrimary = true;
        }
        // Least privilege: who coordinates no BIN any more loses the role (and with it access to the registry).
        foreach (var userId in leaving.Select(c => c.UserId).Distinct())
        {
            if (await db.BinCoordinators.AnyAsync(c => c.UserId == userId, ct)) continue;
            var role = await db.UserRoles.FirstOrDefaultAsync(r => r.UserId == userId && r.RoleId == Roles.Coordinator, ct);
            if (role is null) continue;
            db.UserRoles.Remove(role);
            // A new stamp makes a signed-in browser drop the role at its next security check.
            if (await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct) is { } user) user.SecurityStamp = Guid.NewGuid().ToString();
            AuditLog.Add(db, clock, system, "RemoveRole", "User", userId, $"role={Roles.Coordinator}; no BIN left");
        }
        await db.SaveChangesAsync(ct);

        // 2. Vacancies start and end.
        var inService = Vacancy.InService;
        var empty = await db.Bins.Where(b => inService.Contains(b.Status) && b.CoordinatorVacantSince == null && !b.Coordinators.Any()).ToListAsync(ct);
        foreach (var bin in empty)
        {
            bin.CoordinatorVacantSince = now;
            AuditLog.Add(db, clock, system, "CoordinatorVacant", nameof(Bin), bin.Id.ToString(), "no coordinator left");
        }
        var filled = await db.Bins.Where(b => b.CoordinatorVacantSince != null && b.Coordinators.Any()).ToListAsync(ct);
        foreach (var bin in filled)
        {
            bin.CoordinatorVacantSince = null;
            bin.VacancyReminderSentAt = null;
        }
        await db.SaveChangesAsync(ct);
        // The history of vacancies (how long they stayed open) for the steering committee's annual report.
        await SteeringCommittee.VacancyHistory.ReconcileAsync(db, now, ct);

        // 3. Thirty days without a coordinator: remind the police once.
        var threshold = Vacancy.FlagThreshold(clock);
        var overdue = await db.Bins.Where(b => inService.Contains(b.Status) && b.CoordinatorVacantSince != null && b.CoordinatorVacantSince < threshold
                                              && b.VacancyReminderSentAt == null)
            .OrderBy(b => b.Id).ToListAsync(ct);
        var reminded = 0;
        foreach (var bin in overdue)
        {
            var recipients = await RecipientsAsync(db, bin, ct);
            // Nobody to tell yet (no officer in the zone): try again tomorrow rather than mark it done.
            if (recipients.Count == 0) continue;
            var since = bin.CoordinatorVacantSince!.Value;
            var days = Vacancy.Today(clock).DayNumber - Vacancy.DayOf(since).DayNumber;
            foreach (var (email, lang) in recipients)
            {
                var key = $"vacancy:{bin.Id}:{since.UtcTicks}:{email.ToLowerInvariant()}";
                if (await db.Deliveries.AnyAsync(o => o.DedupKey == key, ct)) continue;
                string subject, body;
                using (new InLanguage(lang))
                {
                    subject = L["Succession.ReminderSubject", bin.Name];
                    body = L["Succession.ReminderBody", bin.Name, Vacancy.DayOf(since).ToString("d"), days, $"{publicUrl.TrimEnd('/')}/Registry/Succession/{bin.Id}"];
                }
                Outgoing.Queue(db, new Delivery
                {
                    Channel = Channels.Email, Recipient = email, Subject = subject, Body = body, Kind = "CoordinatorVacancyReminder",
                    DedupKey = key, CreatedAt = now, DueAt = now,
                });
            }
            bin.VacancyReminderSentAt = now;
            AuditLog.Add(db, clock, system, "VacancyReminder", nameof(Bin), bin.Id.ToString(), $"{recipients.Count} recipients; vacant {days} days");
            reminded++;
        }
        await db.SaveChangesAsync(ct);
        return new Result(leaving.Count, empty.Count, filled.Count, reminded);
    }

    private static async Task<List<(string Email, string Lang)>> RecipientsAsync(BinHubDb db, Bin bin, CancellationToken ct)
    {
        var officers = db.Users.Where(u => u.Email != null && u.PoliceZoneNumber == bin.PoliceZoneNumber &&
                                           db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer));
        var users = bin.MandatedOfficerId is { } id && await officers.AnyAsync(u => u.Id == id, ct)
            ? officers.Where(u => u.Id == id)
            : officers;
        var list = await users.Select(u => new { u.Email, u.Language }).ToListAsync(ct);
        return list.Select(u => (u.Email!, u.Language ?? bin.Language)).DistinctBy(u => u.Item1.ToLowerInvariant()).ToList();
    }
}

/// <summary>Runs <see cref="CoordinatorVacancies"/> every day at Succession:RunAt (Brussels time, default 03:15).</summary>
public sealed class CoordinatorVacancyJob(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration config, ILogger<CoordinatorVacancyJob> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var at = TimeOnly.TryParse(config["Succession:RunAt"], System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : new TimeOnly(3, 15);
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(UntilNext(at), clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var result = await CoordinatorVacancies.RunAsync(sp.GetRequiredService<BinHubDb>(), clock,
                    sp.GetRequiredService<IStringLocalizer<SharedResource>>(), Join.PublicUrl.For(sp), stoppingToken);
                log.LogInformation("Coordinator vacancies: {Removed} coordinators off, {Vacant} BINs vacant, {Filled} filled, {Reminded} reminders",
                    result.Removed, result.NewlyVacant, result.Filled, result.Reminded);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Coordinator vacancy round failed; next try tomorrow");
            }
        }
    }

    private TimeSpan UntilNext(TimeOnly at)
    {
        var now = clock.GetUtcNow();
        var next = BrusselsTime.StartOfDay(Vacancy.Today(clock)) + at.ToTimeSpan();
        if (next <= now) next = BrusselsTime.StartOfDay(Vacancy.Today(clock).AddDays(1)) + at.ToTimeSpan();
        return next - now;
    }
}
