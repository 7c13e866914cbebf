using System.Security.Claims;
using BinHub.Domain;
using BinHub.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Account;

public sealed class LogoutModel(SignInManager<AppUser> signIn, Data.BinHubDb db, TimeProvider clock) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every sign-in (staff or member) is a session on record: signing out ends it, so a copy of the cookie stops
        // working too (and the profile no longer lists it as open).
        if (User.FindFirstValue(SignInSessions.Claim) is { } sid && User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            await SignInSessions.EndAsync(db, userId, sid, null, clock.GetUtcNow(), ct);
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
