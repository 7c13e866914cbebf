using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Events;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>The events open to the household: register (how many come), change, or cancel the registration.</summary>
public sealed class EventsModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public MyEvents.Page? Result { get; private set; }
    public int LastPage => Result is { } r ? Math.Max(1, (r.Total + r.PageSize - 1) / r.PageSize) : 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await MyEvents.HandleAsync(db, clock, await current.GetAsync(ct), PageNumber, ct) is not Outcome<MyEvents.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostRegisterAsync(int eventId, int people, CancellationToken ct) =>
        await AfterAsync(await RegisterForEvent.RegisterAsync(db, clock, await current.GetAsync(ct), eventId, new RegisterForEvent.Request(people), L, ct),
            L["Events.ThanksRegistered"], ct, eventId);

    public async Task<IActionResult> OnPostCancelAsync(int eventId, CancellationToken ct) =>
        await AfterAsync(await RegisterForEvent.CancelAsync(db, clock, await current.GetAsync(ct), eventId, L, ct), L["Events.RegistrationCancelled"], ct);

    /// <param name="eventId">The event whose "how many" select was sent: every event has one, so "People" (too many, the event full)
    /// links to that event's; a refusal about the event itself ("id": cancelled, started) links to no field.</param>
    private async Task<IActionResult> AfterAsync(Outcome<RegisterForEvent.Result> outcome, string message, CancellationToken ct, int? eventId = null)
    {
        if (outcome is Outcome<RegisterForEvent.Result>.Ok)
        {
            Message = message;
            return RedirectToPage(new { p = PageNumber });
        }
        if (!Collect(outcome, k => k == "People" && eventId is { } e ? $"people-{e}" : null)) return NotFound();
        return await OnGetAsync(ct);
    }
}
