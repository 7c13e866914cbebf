using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>Leaving the BIN, after an explicit confirmation; the page offers erasure instead for those who want their data gone.</summary>
public sealed class LeaveModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public string BinName { get; private set; } = "";
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await GetMe.HandleAsync(db, clock, await current.GetAsync(ct), ct) is not Outcome<GetMe.Result>.Ok ok) return NotFound();
        BinName = ok.Value.BinName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool confirm, CancellationToken ct)
    {
        var outcome = await LeaveBin.HandleAsync(db, clock, await current.GetAsync(ct), new LeaveBin.Request(confirm), L, ct);
        if (outcome is Outcome<LeaveBin.Result>.Ok)
        {
            // The account is disabled: end this browser's sign-in now rather than at its next request.
            if (User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme) await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            Done = true;
            return Page();
        }
        if (!Collect(outcome)) return NotFound();
        return await OnGetAsync(ct);
    }
}
