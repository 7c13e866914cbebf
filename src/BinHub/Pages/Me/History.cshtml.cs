using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>The member's history of what they received, per message and channel, with the outcome and the calls (see <see cref="MyHistory"/>).</summary>
public sealed class HistoryModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public MyHistory.Page? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await MyHistory.HandleAsync(db, clock, await current.GetAsync(ct), PageNumber, L, ct);
        if (outcome is Outcome<MyHistory.Page>.Ok ok) Result = ok.Value;
        else if (!Collect(outcome)) return NotFound();
        return Page();
    }
}
