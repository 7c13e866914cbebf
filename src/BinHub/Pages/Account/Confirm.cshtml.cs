using BinHub.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>Confirms the e-mail address of a new account and lets its owner choose a password.</summary>
public sealed class ConfirmModel(UserManager<AppUser> users, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string UserId { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public string? Error { get; private set; }
    /// <summary>The field the message is about (a refused password), which the summary links to; none for a refused link.</summary>
    public string? ErrorField { get; private set; }
    public bool Done { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.FindByIdAsync(UserId);
        if (user is null || !(await users.ConfirmEmailAsync(user, Code)).Succeeded)
        {
            Error = L["Confirm.Invalid"];
            return Page();
        }
        var result = await users.HasPasswordAsync(user) ? IdentityResult.Success : await users.AddPasswordAsync(user, Password);
        if (!result.Succeeded)
        {
            Error = string.Join(" ", result.Errors.Select(e => e.Description));
            ErrorField = nameof(Password);
            return Page();
        }
        Done = true;
        return Page();
    }
}
