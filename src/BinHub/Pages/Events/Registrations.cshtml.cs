using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Events;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Events;

/// <summary>Who registered (personal data: the slice audits every read), with the CSV download.</summary>
public sealed class RegistrationsModel(BinHubDb db, TimeProvider clock, CurrentActor current) : FormPage
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public EventRegistrations.Page? Result { get; private set; }
    public int LastPage => Result is { } r ? Math.Max(1, (r.Total + r.PageSize - 1) / r.PageSize) : 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await EventRegistrations.ListAsync(db, clock, await current.GetAsync(ct), Id, PageNumber, ct) is not Outcome<EventRegistrations.Page>.Ok ok)
            return NotFound();
        Result = ok.Value;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct) =>
        await EventRegistrations.ExportAsync(db, clock, await current.GetAsync(ct), Id, ct) is Outcome<EventRegistrations.File>.Ok ok
            ? File(ok.Value.Content, "text/csv; charset=utf-8", ok.Value.FileName)
            : NotFound();
}
