using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Training;

/// <summary>
/// Which officers of a zone are trained, on which curriculum version, and which zones have nobody trained. The Kenniscentrum and
/// academies see every zone; a police officer their own zone only (another zone is "not found", audited).
/// </summary>
public sealed class ZonesModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true)] public bool UntrainedOnly { get; set; }
    public TrainedZones.Page Result { get; private set; } = new([], 0, 0, 1, 50);
    public bool National { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        National = actor.IsNational || actor.IsAcademy;
        var outcome = await TrainedZones.HandleAsync(db, clock, actor, new TrainedZones.Query(null, National && UntrainedOnly, PageNumber, 50), ct);
        if (outcome is not Outcome<TrainedZones.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        return Page();
    }
}
