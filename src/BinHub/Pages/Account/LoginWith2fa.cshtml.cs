using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

public sealed class LoginWith2faModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> L,
    Data.BinHubDb db, TimeProvider clock) : PageModel
{
    // Nullable: model binding turns an empty field into null, whatever the initialiser says.
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    /// <summary>The message is about the code (none typed, or a wrong one): the field is marked invalid and tied to it.</summary>
    public bool CodeRefused { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("Login");
        var code = (Code ?? "").Replace(" ", "").Replace("-", "");
        // Nothing typed is not a wrong code: asked again, without counting towards the lock-out.
        if (code.Length == 0) { Error = L["TwoFactor.CodeRequired"]; CodeRefused = true; return Page(); }
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        // The second step is on record like the first (outcome, never the code): wrong codes are how a stolen password shows.
        var actor = new Actor(user.Id, user.DisplayName, new HashSet<string>(), null, null, [], HttpContext.Connection.RemoteIpAddress?.ToString());
        AuditLog.Add(db, clock, actor, "SignIn", "User", user.Id,
            result.Succeeded ? "second factor" : result.IsLockedOut ? "second factor: locked out" : "wrong or already used second-factor code",
            result.Succeeded ? "Ok" : "Denied");
        await db.SaveChangesAsync();
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : await LoginModel.LandingAsync(users, user));
        Error = result.IsLockedOut ? L["Login.LockedOut"] : L["TwoFactor.Wrong"];
        CodeRefused = !result.IsLockedOut; // a lock-out is about the account, not what was typed
        return Page();
    }
}
