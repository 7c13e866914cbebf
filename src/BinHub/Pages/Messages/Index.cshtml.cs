using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Messages;

/// <summary>The messages of the sender's scope, newest first; alarms without feedback and messages awaiting approval stand out.</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public ListMessages.Page? Result { get; private set; }
    public bool MayCompose { get; private set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await ListMessages.HandleAsync(db, clock, actor, PageNumber, ct) is not Outcome<ListMessages.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        MayCompose = actor.IsOfficer || (actor.IsCoordinator && actor.CoordinatedBinIds.Count > 0);
        return Page();
    }
}
