using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Volunteering;

/// <summary>
/// Who publishes and screens calls, and which calls reach which household. The Kenniscentrum: every call, any area. A
/// municipality official: the calls of their own municipality only (anything else answers 404, audited). Nobody else.
/// </summary>
public static class VolunteerScope
{
    public static bool MayPublish(Actor a) => a.IsNational || a.IsMunicipality;

    /// <summary>The calls a publisher may see and screen.</summary>
    public static IQueryable<VolunteerCall> Calls(Actor a, IQueryable<VolunteerCall> calls)
    {
        if (a.IsNational) return calls;
        var nis = a.IsMunicipality ? a.MunicipalityNis : null;
        return calls.Where(c => nis != null && c.MunicipalityNis == nis);
    }

    /// <summary>The volunteer statuses a publisher may list (the municipality official: their municipality's only).</summary>
    public static IQueryable<VolunteerStatus> Statuses(Actor a, IQueryable<VolunteerStatus> statuses)
    {
        if (a.IsNational) return statuses;
        var nis = a.IsMunicipality ? a.MunicipalityNis : null;
        return statuses.Where(s => nis != null && s.MunicipalityNis == nis);
    }

    /// <summary>The calls whose area holds a BIN in <paramref name="nis"/> (of <paramref name="region"/>); merged municipalities count as their successor.</summary>
    public static IQueryable<VolunteerCall> ForArea(IQueryable<VolunteerCall> calls, string nis, string? mergedInto, string region) =>
        calls.Where(c => (c.MunicipalityNis == null && c.RegionCode == null) || c.RegionCode == region || c.MunicipalityNis == nis
            || (mergedInto != null && c.MunicipalityNis == mergedInto));

    /// <summary>The opted-in, active households inside a call's area.</summary>
    public static IQueryable<Member> Audience(BinHubDb db, VolunteerCall call)
    {
        var members = db.Members.Where(m => m.VolunteerCallsConsentAt != null && m.State == MemberState.Active && m.ErasedAt == null);
        if (call.MunicipalityNis is { } nis)
            return members.Where(m => m.Bin!.MunicipalityNis == nis || m.Bin.Municipality!.MergedIntoNis == nis);
        if (call.RegionCode is { } region) return members.Where(m => m.Bin!.Municipality!.RegionCode == region);
        return members;
    }

    /// <summary>Open until the end of its last day, Brussels time.</summary>
    public static bool IsOpen(VolunteerCall c, DateOnly today) => c.OpenUntil >= today;
}
