using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Volunteering;

/// <summary>Names of the municipalities and regions the programme's pages show by code, in the reader's language.</summary>
public static class AreaNames
{
    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(BinHubDb db, IEnumerable<string?> codes, string lang, CancellationToken ct)
    {
        var wanted = codes.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<string, string>();
        var names = new Dictionary<string, string>();
        foreach (var m in await db.Municipalities.AsNoTracking().Where(m => wanted.Contains(m.Nis))
                     .Select(m => new Municipality { Nis = m.Nis, NameNl = m.NameNl, NameFr = m.NameFr, NameDe = m.NameDe, NameEn = m.NameEn, RegionCode = m.RegionCode })
                     .ToListAsync(ct))
            names[m.Nis] = m.Name(lang);
        foreach (var r in await db.Regions.AsNoTracking().Where(r => wanted.Contains(r.Code)).ToListAsync(ct))
            names[r.Code] = r.Name(lang);
        return names;
    }

    public static string Of(IReadOnlyDictionary<string, string> names, string? code) => code is null ? "" : names.GetValueOrDefault(code, code);
}
