using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Practices;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Practices;

/// <summary>Proposing a practice (the Kenniscentrum, officers, coordinators): saved as a draft or submitted for review.</summary>
public sealed class ProposeModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PracticeForm(db, current)
{
    public async Task<IActionResult> OnGetAsync(int? translationOf, CancellationToken ct)
    {
        if (!PracticeRules.MayPropose(await Current.GetAsync(ct))) return Forbid();
        TranslationOf = translationOf;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool submit, CancellationToken ct)
    {
        var outcome = await ProposePractice.HandleAsync(Db, clock, await Current.GetAsync(ct), ToRequest(submit), L, ct);
        if (outcome is Outcome<ProposePractice.Result>.Ok ok)
        {
            Message = L[submit ? "Practice.Submitted" : "Practice.DraftSaved"];
            return Redirect($"/Practices/{ok.Value.Id}");
        }
        if (!Collect(outcome)) return NotFound();
        await LoadChoicesAsync(ct);
        return Page();
    }
}
