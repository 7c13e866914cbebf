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
    public FindBins.Result? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Q is not null || Street is not null || Lat is not null)
            Result = await FindBins.HandleAsync(db, new FindBins.Query(Q, Street, Lat, Lon), Languages.Current, ct);
    }
}
