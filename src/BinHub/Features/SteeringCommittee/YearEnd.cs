using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// What stood at an instant (a year's end), read from history rows rather than from today's state. Counted by the database:
/// nationally ~180,000 member households in ~1,550 BINs, which are never loaded to be counted here.
/// </summary>
public static class YearEnd
{
    /// <summary>The BINs whose last status change on or before <paramref name="at"/> (by instant, then id) made them active.</summary>
    public static IQueryable<int> ActiveBins(BinHubDb db, DateTimeOffset at) =>
        db.BinStatusChanges.Where(c => c.At <= at && c.To == BinStatus.Active
                && !db.BinStatusChanges.Any(n => n.BinId == c.BinId && n.At <= at && (n.At > c.At || (n.At == c.At && n.Id > c.Id))))
            .Select(c => c.BinId);

    /// <summary>
    /// Households of the BINs active at <paramref name="at"/>: members admitted by then and not yet gone (left or erased), where a BIN
    /// had members by then; else the figure entered by hand (the same rule as <see cref="Members.MemberCounts"/>, at a past instant).
    /// Two aggregates (a COUNT and a SUM), whatever the number of members.
    /// </summary>
    public static async Task<int> HouseholdsAsync(BinHubDb db, DateTimeOffset at, CancellationToken ct)
    {
        var active = ActiveBins(db, at);
        var members = await db.Members.CountAsync(m => active.Contains(m.BinId) && m.CreatedAt <= at
            && (m.State == MemberState.Active || m.State == MemberState.Left)
            && (m.DecidedAt ?? m.CreatedAt) <= at
            && ((m.LeftAt ?? m.ErasedAt) == null || (m.LeftAt ?? m.ErasedAt) > at), ct);
        // A BIN with no member yet at that instant counts the figure entered by hand.
        var entered = await db.Bins.Where(b => active.Contains(b.Id) && !db.Members.Any(m => m.BinId == b.Id && m.CreatedAt <= at))
            .SumAsync(b => b.EnteredHouseholds ?? 0, ct);
        return members + entered;
    }
}
