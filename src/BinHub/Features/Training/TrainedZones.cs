using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Training;

/// <summary>
/// The registry's answer per police zone: its officers (the BINs' mandated officers and the users with the PoliceOfficer role in
/// the zone) with the curriculum version of their valid certificate, and whether the zone has any trained officer at all. The
/// Kenniscentrum and the academies see every zone (or only the zones with none); an officer sees only their own zone.
/// </summary>
public static class TrainedZones
{
    public sealed record Query(int? Zone, bool? UntrainedOnly, int? Page, int? PageSize);
    public sealed record Officer(string UserId, string Name, bool MandatedForBin, string? CurriculumVersion, DateTimeOffset? CertifiedAt);
    public sealed record Zone(int Number, string Name, int TrainedOfficers, IReadOnlyList<Officer> Officers);
    public sealed record Page(IReadOnlyList<Zone> Items, int Total, int ZonesWithoutTrained, int PageNumber, int PageSize)
    {
        public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
    }

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        int? only = q.Zone;
        // The Kenniscentrum and the academies (it tells them whom to invite) see every zone.
        if (!actor.IsNational && !actor.IsAcademy)
        {
            // An officer: their own zone only; any other zone (or role) is "not found".
            if (!actor.IsOfficer || (q.Zone is { } z && z != actor.ZoneNumber))
                return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ReadTrainedZones", nameof(PoliceZone), q.Zone?.ToString(), ct);
            only = actor.ZoneNumber;
        }
        var zones = await db.PoliceZones.AsNoTracking().Where(z => only == null || z.Number == only).OrderBy(z => z.Number)
            .Select(z => new { z.Number, z.Name }).ToListAsync(ct);
        if (only is not null && zones.Count == 0)
            return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ReadTrainedZones", nameof(PoliceZone), only.ToString(), ct);

        var officers = await db.Users.AsNoTracking()
            .Where(u => u.PoliceZoneNumber != null && (only == null || u.PoliceZoneNumber == only) && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer))
            .Select(u => new { u.Id, u.DisplayName, Zone = u.PoliceZoneNumber!.Value }).ToListAsync(ct);
        var mandated = await db.Bins.AsNoTracking().Where(b => b.MandatedOfficerId != null && (only == null || b.PoliceZoneNumber == only))
            .Select(b => new { Id = b.MandatedOfficerId!, b.MandatedOfficer!.DisplayName, Zone = b.PoliceZoneNumber }).Distinct().ToListAsync(ct);
        var people = officers.Select(o => (o.Id, o.DisplayName, o.Zone, Mandated: false))
            .Concat(mandated.Select(m => (m.Id, m.DisplayName, m.Zone, Mandated: true)))
            .GroupBy(p => (p.Id, p.Zone)).Select(g => (g.Key.Id, g.First().DisplayName, g.Key.Zone, Mandated: g.Any(x => x.Mandated))).ToList();
        var ids = people.Select(p => p.Id).Distinct().ToList();
        var certificates = await db.TrainingCertificates.AsNoTracking().Where(c => c.RevokedAt == null && ids.Contains(c.Participant!.UserId!))
            .Select(c => new { c.Participant!.UserId, c.IssuedAt, Version = c.Participant.Session!.CurriculumVersion!.Label }).ToListAsync(ct);
        var latest = certificates.GroupBy(c => c.UserId!).ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.IssuedAt).First());

        var all = zones.Select(z =>
        {
            var list = people.Where(p => p.Zone == z.Number).OrderBy(p => p.DisplayName).Select(p => latest.TryGetValue(p.Id, out var c)
                ? new Officer(p.Id, p.DisplayName, p.Mandated, c.Version, c.IssuedAt) : new Officer(p.Id, p.DisplayName, p.Mandated, null, null)).ToList();
            return new Zone(z.Number, z.Name, list.Count(o => o.CurriculumVersion is not null), list);
        }).ToList();
        var without = all.Count(z => z.TrainedOfficers == 0);
        if (q.UntrainedOnly == true) all = all.Where(z => z.TrainedOfficers == 0).ToList();
        var size = Math.Clamp(q.PageSize ?? 50, 1, 500);
        var page = Math.Max(1, q.Page ?? 1);
        AuditLog.Add(db, clock, actor, "ReadTrainedZones", nameof(PoliceZone), only?.ToString(), $"count={all.Count}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(all.Skip((page - 1) * size).Take(size).ToList(), all.Count, without, page, size));
    }
}
