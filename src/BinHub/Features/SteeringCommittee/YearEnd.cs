using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.SteeringCommittee;

/// <summary>What stood at an instant (a year's end), read from history rows rather than from today's state.</summary>
public static class YearEnd
{
    /// <summary>The BINs whose last status change on or before <paramref name="at"/> made them active.</summary>
    public static async Task<HashSet<int>> ActiveBinsAsync(BinHubDb db, DateTimeOffset at, CancellationToken ct)
    {
        var changes = await db.BinStatusChanges.Where(c => c.At <= at).Select(c => new { c.BinId, c.At, c.Id, c.To }).ToListAsync(ct);
        return changes.GroupBy(c => c.BinId).Where(g => g.OrderBy(c => c.At).ThenBy(c => c.Id).Last().To == BinStatus.Active)
            .Select(g => g.Key).ToHashSet();
    }

    /// <summary>
    /// Households of the BINs active at <paramref name="at"/>: members admitted by then and not yet gone (left or erased), where a BIN
    /// had members by then; else the figure entered by hand (the same rule as <see cref="Members.MemberCounts"/>, at a past instant).
    /// </summary>
    public static async Task<int> HouseholdsAsync(BinHubDb db, DateTimeOffset at, CancellationToken ct)
    {
        var active = await ActiveBinsAsync(db, at, ct);
        var members = await db.Members.Where(m => m.CreatedAt <= at)
            .Select(m => new { m.BinId, m.State, Admitted = m.DecidedAt ?? m.CreatedAt, Gone = m.LeftAt ?? m.ErasedAt }).ToListAsync(ct);
        var counted = members.Where(m => active.Contains(m.BinId)).GroupBy(m => m.BinId).ToDictionary(g => g.Key,
            g => g.Count(m => (m.State is MemberState.Active or MemberState.Left) && m.Admitted <= at && (m.Gone is null || m.Gone > at)));
        var entered = await db.Bins.Select(b => new { b.Id, b.EnteredHouseholds }).ToListAsync(ct);
        return entered.Where(b => active.Contains(b.Id)).Sum(b => counted.TryGetValue(b.Id, out var n) ? n : b.EnteredHouseholds ?? 0);
    }
}
