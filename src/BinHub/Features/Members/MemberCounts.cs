using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// How many households a BIN reaches, and over which channel. No personal data: the municipality and the
/// Kenniscentrum see these. Once a BIN has members, its household figure is the number of active members;
/// until then the figure entered by hand stands.
/// </summary>
public static class MemberCounts
{
    public sealed record Counts(int Households, int BySms, int ByVoice, int ByEmail, int Unverified, int Pending, bool FromMembers);

    public static async Task<Counts> ForBinAsync(BinHubDb db, int binId, int? enteredHouseholds, CancellationToken ct)
    {
        var active = db.Members.Where(m => m.BinId == binId && m.State == MemberState.Active);
        var households = await active.CountAsync(ct);
        var any = households > 0 || await db.Members.AnyAsync(m => m.BinId == binId, ct);
        return new Counts(
            any ? households : enteredHouseholds ?? 0,
            await active.CountAsync(m => m.Phones.Any(p => p.IsMobile && p.SmsOptOutAt == null), ct),
            await active.CountAsync(m => m.Phones.Any(), ct),
            await active.CountAsync(m => m.Email != null, ct),
            await active.CountAsync(m => m.Phones.Any() && !m.Phones.Any(p => p.Verified), ct),
            await db.Members.CountAsync(m => m.BinId == binId && m.State == MemberState.Pending, ct),
            any);
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
