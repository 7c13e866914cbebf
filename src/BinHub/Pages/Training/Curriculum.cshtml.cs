using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Training;

/// <summary>
/// The curriculum's versions. Academies read them; the Kenniscentrum starts a draft, adds and removes its modules and makes it
/// current (after a confirmation step: the previous version is retired for good).
/// </summary>
public sealed class CurriculumModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : TrainingPage(current)
{
    public IReadOnlyList<Curriculum.VersionView> Versions { get; private set; } = [];
    public bool MayEdit => Actor.IsNational;
    public Curriculum.VersionView? Confirming { get; private set; }
    [BindProperty] public string? Label { get; set; }

    public async Task<IActionResult> OnGetAsync(int? current, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (current is { } id && MayEdit) Confirming = Versions.FirstOrDefault(v => v.Id == id && v.State == BinHub.Domain.CurriculumState.Draft);
        return Page();
    }

    public async Task<IActionResult> OnPostDraftAsync(bool copyCurrent, CancellationToken ct) =>
        await AfterAsync(await Curriculum.CreateDraftAsync(db, clock, Actor, new Curriculum.DraftRequest(Label, copyCurrent), L, ct), v => L["Training.DraftCreated", v.Label], ct);

    public async Task<IActionResult> OnPostModuleAsync(int versionId, string? language, string? title, string? learningOutcomes, int? hours, CancellationToken ct) =>
        await AfterAsync(await Curriculum.AddModuleAsync(db, clock, Actor, versionId, new Curriculum.ModuleRequest(language, title, learningOutcomes, hours), L, ct),
            _ => L["Training.ModuleAdded"], ct);

    public async Task<IActionResult> OnPostRemoveAsync(int versionId, int moduleId, CancellationToken ct) =>
        await AfterAsync(await Curriculum.RemoveModuleAsync(db, clock, Actor, versionId, moduleId, L, ct), _ => L["Training.ModuleRemoved"], ct);

    public async Task<IActionResult> OnPostCurrentAsync(int versionId, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return RedirectToPage(new { current = versionId });
        return await AfterAsync(await Curriculum.MakeCurrentAsync(db, clock, Actor, versionId, L, ct), v => L["Training.MadeCurrent", v.Label], ct);
    }

    private async Task<IActionResult> AfterAsync(Outcome<Curriculum.VersionView> outcome, Func<Curriculum.VersionView, string> message, CancellationToken ct)
    {
        if (outcome is Outcome<Curriculum.VersionView>.Ok ok)
        {
            Message = message(ok.Value);
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (await Curriculum.ListAsync(db, clock, Actor, ct) is Outcome<Curriculum.Versions>.Ok ok) Versions = ok.Value.Items;
    }
}
