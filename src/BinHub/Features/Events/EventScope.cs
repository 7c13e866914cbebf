using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Events;

/// <summary>
/// Who publishes what. The Kenniscentrum publishes for any audience; a municipality official for their municipality or one
/// of its BINs; a coordinator for the BINs they coordinate. An event outside the caller's scope is "not found" (audited),
/// for reading its registrations as for editing or cancelling it. Police officers do not publish events. A municipality
/// includes those merged into it (2025 mergers): BINs still recorded under an old NIS code, and events published for the
/// old municipality, are the merged municipality's — the rule of <see cref="Actor.VisibleBins"/>.
/// </summary>
public static class EventScope
{
    public static bool IsPublisher(Actor a) => a.IsNational || a.IsMunicipality || a.IsCoordinator;

    /// <summary>The events the actor manages.</summary>
    public static IQueryable<BinEvent> Managed(BinHubDb db, Actor a)
    {
        if (a.IsNational) return db.BinEvents;
        var muni = a.IsMunicipality ? a.MunicipalityNis : null;
        var bins = a.IsCoordinator ? a.CoordinatedBinIds.ToArray() : [];
        return db.BinEvents.Where(e =>
            (muni != null && e.Audience == EventAudience.Municipality
                && (e.AudienceNis == muni || db.Municipalities.Any(x => x.Nis == e.AudienceNis && x.MergedIntoNis == muni))) ||
            (muni != null && e.Audience == EventAudience.Bin && db.Bins.Any(b => b.Id == e.AudienceBinId
                && (b.MunicipalityNis == muni || b.Municipality!.MergedIntoNis == muni))) ||
            (e.Audience == EventAudience.Bin && bins.Contains(e.AudienceBinId!.Value)));
    }

    /// <summary>The events a household may see and register for: its BIN's, its municipality's, its region's and national ones.</summary>
    public static async Task<IQueryable<BinEvent>> ForMemberAsync(BinHubDb db, Member m, CancellationToken ct)
    {
        var where = await db.Bins.Where(b => b.Id == m.BinId)
            .Select(b => new { b.MunicipalityNis, b.Municipality!.MergedIntoNis, b.Municipality.RegionCode }).SingleAsync(ct);
        // A BIN still under an old NIS belongs to the merged municipality too (as for volunteer calls, VolunteerScope.ForArea).
        return db.BinEvents.Where(e => e.Audience == EventAudience.National
            || (e.Audience == EventAudience.Region && e.AudienceRegion == where.RegionCode)
            || (e.Audience == EventAudience.Municipality && (e.AudienceNis == where.MunicipalityNis || (where.MergedIntoNis != null && e.AudienceNis == where.MergedIntoNis)))
            || (e.Audience == EventAudience.Bin && e.AudienceBinId == m.BinId));
    }
}
