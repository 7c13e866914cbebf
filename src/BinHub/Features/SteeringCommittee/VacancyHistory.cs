using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Succession;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// Keeps <see cref="BinVacancy"/> rows in step with <see cref="Bin.CoordinatorVacantSince"/>, once a day from the succession
/// round. Reconciling in one place (rather than at each of the four places that start or end a vacancy) cannot miss one;
/// the opening instant is exact (it is the BIN's own), the filling instant is the round that saw it filled (within a day),
/// which is the precision the annual report counts in (days).
/// </summary>
public static class VacancyHistory
{
    public static async Task<int> ReconcileAsync(BinHubDb db, DateTimeOffset now, CancellationToken ct)
    {
        var inService = Vacancy.InService;
        var vacant = await db.Bins.Where(b => b.CoordinatorVacantSince != null && inService.Contains(b.Status))
            .Select(b => new { b.Id, Since = b.CoordinatorVacantSince!.Value }).ToDictionaryAsync(b => b.Id, b => b.Since, ct);
        var open = await db.BinVacancies.Where(v => v.FilledAt == null).ToListAsync(ct);
        var changed = 0;
        foreach (var row in open)
        {
            // Filled, dissolved, or closed and opened again since the last round: this period is over.
            if (vacant.TryGetValue(row.BinId, out var since) && since == row.OpenedAt) continue;
            row.FilledAt = now;
            changed++;
        }
        var tracked = open.Where(r => r.FilledAt == null).Select(r => r.BinId).ToHashSet();
        foreach (var (binId, since) in vacant.Where(v => !tracked.Contains(v.Key)))
        {
            db.BinVacancies.Add(new BinVacancy { BinId = binId, OpenedAt = since });
            changed++;
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }
}
