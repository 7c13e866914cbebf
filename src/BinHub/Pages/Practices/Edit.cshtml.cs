using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Practices;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Practices;

/// <summary>The author changes their practice while it is not published (someone else's is not found).</summary>
public sealed class EditModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PracticeForm(db, current)
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var actor = await Current.GetAsync(ct);
        if (await GetPractice.HandleAsync(Db, clock, actor, id, Languages.Current, ct) is not Outcome<GetPractice.Details>.Ok { Value: var p }) return NotFound();
        if (!p.MayEdit)
        {
            // Readable but not theirs to change (or published): as "not found" as a practice they cannot read, and audited alike.
            await AuditLog.DeniedAsync(Db, clock, actor, "EditPractice", nameof(Domain.Practice), id.ToString(), ct);
            return NotFound();
        }
        (Title, Summary, Body, Theme, RegionCode, Language, BinId, PublicConsent) = (p.Title, p.Summary, p.Body, p.Theme, p.RegionCode, p.Language, p.BinId, p.PublicConsent);
        TranslationOf = p.Translations.FirstOrDefault()?.Id;
        EditingId = id;
        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, bool submit, CancellationToken ct)
    {
        var outcome = await ProposePractice.EditAsync(Db, clock, await Current.GetAsync(ct), id, ToRequest(submit), L, ct);
        if (outcome is Outcome<ProposePractice.Result>.Ok)
        {
            Message = L[submit ? "Practice.Submitted" : "Practice.DraftSaved"];
            return Redirect($"/Practices/{id}");
        }
        if (!Collect(outcome)) return NotFound();
        EditingId = id;
        await LoadChoicesAsync(ct);
        return Page();
    }
}
