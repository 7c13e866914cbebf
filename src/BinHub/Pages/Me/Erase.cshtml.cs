using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>Erasing one's personal data: what goes, what stays and why, shown before (with a confirmation box) and after.</summary>
public sealed class EraseModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public EraseMe.Result Plan { get; private set; } = null!;
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Features.Members.MemberAccount.OfAsync(db, await current.GetAsync(ct), ct) is null) return NotFound();
        Plan = EraseMe.Describe(clock.GetUtcNow(), L);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            Errors.Add("confirm", L["Me.Erase.ConfirmRequired"]); // linked to the box it asks for
            return await OnGetAsync(ct);
        }
        var outcome = await EraseMe.HandleAsync(db, clock, await current.GetAsync(ct), L, ct);
        if (outcome is not Outcome<EraseMe.Result>.Ok ok) return NotFound();
        if (User.Identity?.AuthenticationType == IdentityConstants.ApplicationScheme) await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        (Plan, Done) = (ok.Value, true);
        return Page();
    }
}
