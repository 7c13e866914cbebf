using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Practices;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Practices;

/// <summary>The Kenniscentrum's review queue; each practice is published or rejected on its own page. Anyone else: not found.</summary>
public sealed class ReviewModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public SearchPractices.Page Result { get; private set; } = new([], 0, 1, 25);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ReviewPractice.QueueAsync(db, clock, await current.GetAsync(ct), PageNumber, ct) is not Outcome<SearchPractices.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        return Page();
    }
}
