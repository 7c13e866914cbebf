using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Events;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Events;

/// <summary>Cancelling an event cannot be undone: the page says who will be told and asks for an explicit confirmation.</summary>
public sealed class CancelModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public EventView? Event { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ListEvents.GetAsync(db, clock, await current.GetAsync(ct), Id, ct) is not Outcome<EventView>.Ok ok) return NotFound();
        Event = ok.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool confirm, CancellationToken ct)
    {
        var outcome = await CancelEvent.HandleAsync(db, clock, await current.GetAsync(ct), Id, new CancelEvent.Request(confirm), L, ct);
        if (outcome is Outcome<CancelEvent.Result>.Ok done)
        {
            Message = BinHub.Features.Plural.Text(L, "Events.CancelledNotice", done.Value.HouseholdsTold, done.Value.Event.Title);
            return Redirect("/Events");
        }
        if (!Collect(outcome)) return NotFound();
        return await OnGetAsync(ct);
    }
}
