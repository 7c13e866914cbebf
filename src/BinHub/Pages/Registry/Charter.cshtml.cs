using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Bins;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Registry;

/// <summary>The printable charter, in the BIN's language and, in Brussels, in both Dutch and French.</summary>
public sealed class CharterModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public GetBin.Details? Bin { get; private set; }
    public string[] Languages { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var outcome = await GetBin.HandleAsync(db, clock, await current.GetAsync(ct), id, Infrastructure.Languages.Current, ct);
        if (outcome is not Outcome<GetBin.Details>.Ok ok) return NotFound();
        Bin = ok.Value;
        Languages = Bin.MunicipalityNis.StartsWith("21") ? ["nl", "fr"] : [Bin.Language];
        return Page();
    }
}
