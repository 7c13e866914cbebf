using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Training;

/// <summary>The training figures of the steering committee's annual report (issue 15, item 3), computed from the registry's rows.</summary>
public static class TrainingFigures
{
    public sealed record Year(int Sessions, int PeopleTrained, int OfficersTrained);

    /// sessions that ended in that calendar year (Brussels time); distinct people with a passing result in them; of whom mandated/police officers
    public static async Task<Year> ForYearAsync(BinHub.Data.BinHubDb db, int year, CancellationToken ct)
    {
        // Session dates are Belgian calendar days already: the year of the last day is the year in Brussels.
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        var sessions = await db.TrainingSessions.CountAsync(s => s.EndsOn >= from && s.EndsOn <= to, ct);
        var passed = await db.TrainingParticipants.AsNoTracking()
            .Where(p => p.Result == TrainingResult.Passed && p.Session!.EndsOn >= from && p.Session.EndsOn <= to)
            .Select(p => new
            {
                p.Id, p.UserId, p.Email, p.Name, p.Category,
                Officer = p.UserId != null && db.UserRoles.Any(r => r.UserId == p.UserId && r.RoleId == Roles.PoliceOfficer),
            })
            .ToListAsync(ct);
        // One person trained twice in the year counts once: by account, else by e-mail address, else the participant row itself.
        var people = passed.GroupBy(p => p.UserId ?? (p.Email is { } e ? "mail:" + e.ToLowerInvariant() : "row:" + p.Id))
            .Select(g => g.Any(p => p.Officer || p.Category == ParticipantCategory.MandatedOfficer)).ToList();
        return new Year(sessions, people.Count, people.Count(officer => officer));
    }
}
