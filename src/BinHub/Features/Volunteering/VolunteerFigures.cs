using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Volunteering;

/// <summary>The programme's figures for the steering committee's annual report (contract of issue 15), computed from the rows.</summary>
public static class VolunteerFigures
{
    public sealed record Region(string RegionCode, int Volunteers, int Cpas);

    /// <summary>volunteers whose status started in that calendar year (Brussels time) per region code (Region.Code of the geography); Cpas = those in the CPA role</summary>
    public static async Task<IReadOnlyList<Region>> ForYearAsync(BinHub.Data.BinHubDb db, int year, CancellationToken ct)
    {
        var from = BrusselsTime.EndOfYear(year - 1).AddTicks(1);
        var until = BrusselsTime.EndOfYear(year);
        var rows = await db.VolunteerStatuses.Where(s => s.StartedAt >= from && s.StartedAt <= until)
            .GroupBy(s => s.RegionCode)
            .Select(g => new
            {
                g.Key,
                // People, not statuses: a household accepted twice in a year is one volunteer.
                Volunteers = g.Select(s => s.MemberId).Distinct().Count(),
                Cpas = g.Where(s => s.Role == BinHub.Domain.VolunteerRole.Cpa).Select(s => s.MemberId).Distinct().Count(),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new Region(r.Key, r.Volunteers, r.Cpas)).ToList();
    }
}
