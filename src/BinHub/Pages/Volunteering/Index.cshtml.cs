using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Volunteering;

/// <summary>The publisher's calls for volunteers (Kenniscentrum: all; municipality official: their municipality's).</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : FormPage
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public ListCalls.Page? Result { get; private set; }
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ListCalls.HandleAsync(db, clock, await current.GetAsync(ct), PageNumber, ct) is not Outcome<ListCalls.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        Names = await AreaNames.ForAsync(db, Result.Items.SelectMany(c => new[] { c.MunicipalityNis, c.RegionCode }), Languages.Current, ct);
        return Page();
    }
}
