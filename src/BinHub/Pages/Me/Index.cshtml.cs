using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>The member's overview: their BIN, their data (editable) and their phones with verification state.</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public GetMe.Result? Me { get; private set; }
    public UpdateMe.Request Form { get; private set; } = new("", null, "", "", null, "nl");

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await GetMe.HandleAsync(db, clock, await current.GetAsync(ct), ct);
        if (outcome is not Outcome<GetMe.Result>.Ok ok) return NotFound();
        Me = ok.Value;
        Form = new UpdateMe.Request(Me.Name, Me.CompanyName, Me.Street, Me.HouseNumber, Me.Email, Me.Language);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, string? companyName, string street, string houseNumber, string? email, string language,
        CancellationToken ct)
    {
        var form = new UpdateMe.Request(name, companyName, street, houseNumber, email, language);
        var outcome = await UpdateMe.HandleAsync(db, clock, await current.GetAsync(ct), form, L, Features.Join.PublicUrl.Of(HttpContext), ct);
        if (outcome is Outcome<GetMe.Result>.Ok)
        {
            Message = L["Me.Saved"];
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        var me = await GetMe.HandleAsync(db, clock, await current.GetAsync(ct), ct);
        if (me is not Outcome<GetMe.Result>.Ok ok) return NotFound();
        (Me, Form) = (ok.Value, form);
        return Page();
    }
}
