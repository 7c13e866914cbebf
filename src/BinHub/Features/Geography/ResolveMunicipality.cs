using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Geography;

/// <summary>Follows merger history so that a code that no longer exists (e.g. Borsbeek 11007) finds its successor.</summary>
public static class ResolveMunicipality
{
    public static async Task<Municipality?> CurrentAsync(BinHubDb db, string nis, CancellationToken ct)
    {
        for (var hops = 0; hops < 5; hops++) // mergers do not chain deeper than this; a loop would be a data error
        {
            var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Nis == nis, ct);
            if (m is null) return null;
            if (m.IsCurrent) return m;
            if (m.MergedIntoNis is null) return null;
            nis = m.MergedIntoNis;
        }
        return null;
    }
}
