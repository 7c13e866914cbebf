using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Training;

/// <summary>The training sessions of the actor's academy (the Kenniscentrum: of all academies), newest first, with counts only.</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : TrainingPage(current)
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public TrainingScope.PageOf<Sessions.Item> Result { get; private set; } = new([], 0, 1, 25);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Sessions.ListAsync(db, clock, Actor, new Sessions.Query(null, PageNumber, 25), ct) is not Outcome<TrainingScope.PageOf<Sessions.Item>>.Ok ok) return NotFound();
        Result = ok.Value;
        return Page();
    }
}
