using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Training;

/// <summary>Schedules a session of the actor's academy (the Kenniscentrum: of any academy) on the current curriculum version.</summary>
public sealed class ScheduleModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : TrainingPage(current)
{
    [BindProperty] public int? AcademyId { get; set; }
    [BindProperty] public DateOnly? StartsOn { get; set; }
    [BindProperty] public DateOnly? EndsOn { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Trainer { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public int? Capacity { get; set; }
    public IReadOnlyList<Sessions.AcademyView> Academies { get; private set; } = [];
    public string? CurrentVersion { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Capacity ??= 20;
        if (Academies.Count == 1) AcademyId ??= Academies[0].Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await Sessions.ScheduleAsync(db, clock, Actor, new Sessions.ScheduleRequest(AcademyId, StartsOn, EndsOn, Place, Trainer, Language, Capacity), L, ct);
        await LoadAsync(ct);
        return After(outcome, s => L["Training.Scheduled", s.StartsOn.ToString("d")], s => RedirectToPage("Session", new { id = s.Id }), Page);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (await Sessions.AcademiesAsync(db, clock, Actor, ct) is Outcome<Sessions.Academies>.Ok ok) Academies = ok.Value.Items;
        CurrentVersion = await db.CurriculumVersions.Where(v => v.State == BinHub.Domain.CurriculumState.Current).Select(v => v.Label).FirstOrDefaultAsync(ct);
    }
}
