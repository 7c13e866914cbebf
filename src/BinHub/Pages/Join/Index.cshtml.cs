using BinHub.Data;
using BinHub.Features.Join;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Join;

/// <summary>The public BIN finder: no sign-in, nothing personal shown.</summary>
public sealed class IndexModel(BinHubDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Street { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lat { get; set; }
    [BindProperty(SupportsGet = true)] public double? Lon { get; set; }
    /// <summary>The pixel clicked on the map (an image button sends name.x and name.y).</summary>
    [FromQuery(Name = "map.x")] public int? MapX { get; set; }
    [FromQuery(Name = "map.y")] public int? MapY { get; set; }
    public FindBins.Result? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (MapX is { } x && MapY is { } y && x is >= 0 and <= FinderMap.Width && y >= 0 && y <= FinderMap.Height)
            (Lat, Lon) = FinderMap.ToPoint(x, y);
        if (Q is not null || Street is not null || Lat is not null)
            Result = await FindBins.HandleAsync(db, new FindBins.Query(Q, Street, Lat, Lon), Languages.Current, ct);
    }
}
