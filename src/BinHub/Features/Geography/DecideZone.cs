using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Geography;

/// <summary>The Kenniscentrum decides the police zone of a merged municipality whose former parts lay in several zones.</summary>
public static class DecideZone
{
    public sealed record Pending(string Nis, string Name, int[] Candidates, IReadOnlyDictionary<int, string> ZoneNames);

    public static async Task<List<Pending>> PendingAsync(BinHubDb db, string lang, CancellationToken ct)
    {
        var rows = await db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber == null && m.ZoneCandidates != null).OrderBy(m => m.Nis).ToListAsync(ct);
        var zones = await db.PoliceZones.ToDictionaryAsync(z => z.Number, z => z.Name, ct);
        return rows.Select(m =>
        {
            var candidates = Candidates(m);
            return new Pending(m.Nis, m.Name(lang), candidates, candidates.ToDictionary(c => c, c => zones.GetValueOrDefault(c, "")));
        }).ToList();
    }

    /// <param name="L">Null where no person reads the refusal (demo seeding): it then stays in English.</param>
    public static async Task<Outcome<int>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, string nis, int zone, CancellationToken ct,
        IStringLocalizer? L = null)
    {
        if (!actor.IsNational) return new Outcome<int>.Forbidden("Only the Kenniscentrum decides police zones.");
        var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Nis == nis && x.IsCurrent, ct);
        if (m is null || m.ZoneCandidates is null) return new Outcome<int>.NotFound();
        if (!Candidates(m).Contains(zone))
            return Outcome<int>.Fail("zone", L?["Zones.NotACandidate", zone, m.ZoneCandidates.Replace(",", ", ")]
                ?? $"Zone {zone} is not one of the zones of the former municipalities ({m.ZoneCandidates}).");
        m.PoliceZoneNumber = zone;
        AuditLog.Add(db, clock, actor, "DecideZone", nameof(Municipality), nis, $"zone={zone}; candidates={m.ZoneCandidates}");
        m.ZoneCandidates = null;
        await db.SaveChangesAsync(ct);
        return new Outcome<int>.Ok(zone);
    }

    private static int[] Candidates(Municipality m) =>
        (m.ZoneCandidates ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
