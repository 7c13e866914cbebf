using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// How many households a BIN reaches, and over which channel. No personal data: the municipality and the
/// Kenniscentrum see these. Once a BIN has members, its household figure is the number of active members;
/// until then the figure entered by hand stands. Reach per channel uses <see cref="MemberReach"/> (verified numbers
/// only), the same definition as the member list's channel filter.
/// </summary>
public static class MemberCounts
{
    /// <param name="Paused">Active members on holiday pause today (Brussels date): they get no messages until it ends.</param>
    public sealed record Counts(int Households, int BySms, int ByVoice, int ByEmail, int Unverified, int Pending, bool FromMembers, int Paused = 0);

    public static async Task<Counts> ForBinAsync(BinHubDb db, int binId, int? enteredHouseholds, DateOnly today, CancellationToken ct)
    {
        // One statement of scalar subqueries, not eight round trips: the BIN page is one of the most visited.
        var members = db.Members.Where(m => m.BinId == binId);
        var active = members.Where(m => m.State == MemberState.Active && m.ErasedAt == null);
        var paused = MemberReach.PausedOn(today);
        var c = await db.Bins.Where(b => b.Id == binId).Select(_ => new
        {
            All = members.Count(),
            Households = active.Count(),
            BySms = active.Count(MemberReach.Sms),
            ByVoice = active.Count(MemberReach.Voice),
            ByEmail = active.Count(MemberReach.Email),
            Unverified = active.Count(m => m.Phones.Any() && !m.Phones.Any(p => p.Verified)),
            Pending = members.Count(m => m.State == MemberState.Pending && m.ErasedAt == null),
            Paused = active.Count(paused),
        }).SingleOrDefaultAsync(ct);
        if (c is null) return new Counts(enteredHouseholds ?? 0, 0, 0, 0, 0, 0, false);
        var any = c.All > 0;
        return new Counts(any ? c.Households : enteredHouseholds ?? 0, c.BySms, c.ByVoice, c.ByEmail, c.Unverified, c.Pending, any, c.Paused);
    }

    /// <summary>The household figure of many BINs at once (statistics): active members where a BIN has members, else the entered figure.</summary>
    public static async Task<Dictionary<int, int>> HouseholdsAsync(BinHubDb db, CancellationToken ct)
    {
        var withMembers = await db.Members.GroupBy(m => m.BinId)
            .Select(g => new { BinId = g.Key, Active = g.Count(m => m.State == MemberState.Active) }).ToDictionaryAsync(x => x.BinId, x => x.Active, ct);
        var entered = await db.Bins.Select(b => new { b.Id, b.EnteredHouseholds }).ToListAsync(ct);
        return entered.ToDictionary(b => b.Id, b => withMembers.TryGetValue(b.Id, out var n) ? n : b.EnteredHouseholds ?? 0);
    }
}
