using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, IStringLocalizer<SharedResource> L,
    Data.BinHubDb db, TimeProvider clock) : PageModel
{
    // Nullable: model binding turns an empty field into null, whatever the initialiser says.
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool EmailMissing { get; private set; }
    public bool PasswordMissing { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        // An empty field is a typing slip, not a failed sign-in: say which field, without looking the account up.
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            EmailMissing = string.IsNullOrWhiteSpace(Email);
            PasswordMissing = string.IsNullOrEmpty(Password);
            Error = string.Join(" ", new[] { EmailMissing ? L["Validation.Required", L["Login.Email"]].Value : null,
                PasswordMissing ? L["Validation.Required", L["Login.Password"]].Value : null }.OfType<string>());
            return Page();
        }
        var user = await users.FindByEmailAsync(Email.Trim());
        if (user is null)
        {
            // A failed step on an unknown address is on record too (where from, never what was typed): credential stuffing shows here.
            AuditLog.Add(db, clock, Actor.Anonymous(HttpContext.Connection.RemoteIpAddress?.ToString()),
                "SignIn", "User", null, "unknown e-mail address", "Denied");
            await db.SaveChangesAsync();
            Error = L["Login.Failed"];
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        // Every sign-in attempt on a known account is on record (who, when, from where, outcome).
        var outcome = result.Succeeded || result.RequiresTwoFactor ? "Ok" : "Denied";
        var actor = new Actor(user.Id, user.DisplayName, new HashSet<string>(), null, null, [], HttpContext.Connection.RemoteIpAddress?.ToString());
        AuditLog.Add(db, clock, actor, "SignIn", "User", user.Id,
            result.IsLockedOut ? "locked out" : result.IsNotAllowed ? "e-mail not confirmed" : result.RequiresTwoFactor ? "password ok, second factor asked" : result.Succeeded ? "password" : "wrong password",
            outcome);
        await db.SaveChangesAsync();
        if (result.IsLockedOut) { Error = L["Login.LockedOut"]; return Page(); }
        if (result.IsNotAllowed) { Error = L["Login.NotConfirmed"]; return Page(); }
        SaveLanguage(user);
        if (result.RequiresTwoFactor) return RedirectToPage("LoginWith2fa", new { ReturnUrl });
        if (!result.Succeeded) { Error = L["Login.Failed"]; return Page(); }
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : await LandingAsync(users, user));
    }

    /// <summary>Where a role starts: the registry for those who work with BINs, the audit log for admins, the profile for members.</summary>
    public static async Task<string> LandingAsync(UserManager<AppUser> users, AppUser user)
    {
        var roles = await users.GetRolesAsync(user);
        if (roles.Any(r => Roles.Registry.Contains(r))) return "/Registry";
        if (roles.Contains(Roles.Admin)) return "/Admin/Audit";
        if (roles.Contains(Roles.PoliceAcademy)) return "/Training";
        return "/Account/Manage";
    }

    private void SaveLanguage(AppUser user)
    {
        if (!Languages.IsValid(user.Language)) return;
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Languages.CultureFor(user.Language!))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
    }
}
