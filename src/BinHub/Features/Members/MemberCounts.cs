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
        var active = db.Members.Where(m => m.BinId == binId && m.State == MemberState.Active && m.ErasedAt == null);
        var households = await active.CountAsync(ct);
        var any = households > 0 || await db.Members.AnyAsync(m => m.BinId == binId, ct);
        return new Counts(
            any ? households : enteredHouseholds ?? 0,
            await active.CountAsync(MemberReach.Sms, ct),
            await active.CountAsync(MemberReach.Voice, ct),
            await active.CountAsync(MemberReach.Email, ct),
            await active.CountAsync(m => m.Phones.Any() && !m.Phones.Any(p => p.Verified), ct),
            await db.Members.CountAsync(m => m.BinId == binId && m.State == MemberState.Pending && m.ErasedAt == null, ct),
            any,
            await active.CountAsync(MemberReach.PausedOn(today), ct));
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
