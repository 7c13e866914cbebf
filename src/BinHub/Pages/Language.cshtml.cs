using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages;

/// <summary>Switches the interface language; a signed-in user's choice is also saved to their profile.</summary>
public sealed class LanguageModel(UserManager<AppUser> users, Data.BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public async Task<IActionResult> OnPostAsync(string lang, string? returnUrl)
    {
        if (!Languages.IsValid(lang)) return BadRequest();
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Languages.CultureFor(lang))),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            user.Language = lang;
            await users.UpdateAsync(user);
            AuditLog.Add(db, clock, await current.GetAsync(), "Update", "User", user.Id, $"language={lang}");
            await db.SaveChangesAsync();
        }
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
