using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Events;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Events;

/// <summary>Publish a new event or change one (the same slice as the API: scope, validation, reminders moved with the event).</summary>
public sealed class EditModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public EventForm Input { get; set; } = new();
    public Actor Actor { get; private set; } = Actor.Anonymous(null);
    public List<(int Id, string Name)> Bins { get; private set; } = [];
    public List<(string Code, string Name)> Regions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Id is { } id)
        {
            if (await ListEvents.GetAsync(db, clock, Actor, id, ct) is not Outcome<EventView>.Ok ok) return NotFound();
            Input = EventForm.Of(ok.Value);
        }
        else
        {
            Input.Languages = [Languages.Current];
            Input.BinId = Bins.FirstOrDefault().Id is var first && first > 0 ? first : null;
            Input.MunicipalityNis = Actor.IsMunicipality ? Actor.MunicipalityNis : null;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var outcome = Id is { } id
            ? await SaveEvent.UpdateAsync(db, clock, Actor, id, Input.ToRequest(), L, ct)
            : await SaveEvent.CreateAsync(db, clock, Actor, Input.ToRequest(), L, ct);
        if (outcome is Outcome<EventView>.Ok saved)
        {
            Message = L[Id is null ? "Events.Published" : "Events.Saved", saved.Value.Title];
            return Redirect("/Events");
        }
        if (!Collect(outcome)) return NotFound();
        await LoadAsync(ct); // a refusal may have cleared the change tracker
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Actor = await current.GetAsync(ct);
        // The BINs offered: those the caller publishes for (the Kenniscentrum types a BIN number instead of scrolling thousands).
        if (!Actor.IsNational && EventScope.IsPublisher(Actor))
        {
            var muni = Actor.IsMunicipality ? Actor.MunicipalityNis : null;
            var coordinated = Actor.IsCoordinator ? Actor.CoordinatedBinIds.ToArray() : [];
            Bins = (await db.Bins.AsNoTracking().Where(b => coordinated.Contains(b.Id) || (muni != null && (b.MunicipalityNis == muni || b.Municipality!.MergedIntoNis == muni)))
                .OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(ct)).Select(b => (b.Id, b.Name)).ToList();
        }
        if (Actor.IsNational)
            Regions = (await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct)).Select(r => (r.Code, r.Name(Languages.Current))).ToList();
    }
}
