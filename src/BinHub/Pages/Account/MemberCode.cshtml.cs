using BinHub.Data;
using BinHub.Features.Join;
using BinHub.Features.Members;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>The sign-in code typed by the member; the number travels in a signed ticket, never as plain text in the URL.</summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class MemberCodeModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L, IDataProtectionProvider protection) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? T { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Error { get; private set; }
    public string Masked { get; private set; } = "";

    public IActionResult OnGet() => Target() is null ? RedirectToPage("MemberSignIn") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Target() is not { } target) return RedirectToPage("MemberSignIn");
        var (result, left, userId) = await RequestSignIn.CheckCodeAsync(db, clock, target, Code, ct);
        if (result == OneTimeCodes.Result.Ok && userId is not null)
        {
            await MemberSignIn.SignInAsync(HttpContext, db, clock, userId, "otp", ct);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/Me");
        }
        // An unknown number gets the same answer as a wrong code: nobody learns who is a member.
        Error = OneTimeCodes.Explain(L, result, left);
        // Every failed sign-in step is on record: the outcome and the masked number, never the code.
        AuditLog.Add(db, clock, Actor.Anonymous(HttpContext.Connection.RemoteIpAddress?.ToString()),
            "MemberSignIn", "User", userId, $"code {result} for {Masked}", "Denied");
        await db.SaveChangesAsync(ct);
        return Page();
    }

    private string? Target()
    {
        try
        {
            var target = MemberSignInModel.Protector(protection).Unprotect(T ?? "");
            Masked = Features.Phones.PhoneNumber.TryParse(target, out var p, out _) ? p!.Masked : "";
            return target;
        }
        catch (System.Security.Cryptography.CryptographicException) { return null; }
    }
}
