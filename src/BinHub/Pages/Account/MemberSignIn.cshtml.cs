using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Join;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>Members sign in without a password: a code by SMS to their mobile, or a link by e-mail.</summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class MemberSignInModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L, IDataProtectionProvider protection) : PageModel
{
    public static ITimeLimitedDataProtector Protector(IDataProtectionProvider p) => p.CreateProtector("BinHub.Member.SignIn").ToTimeLimitedDataProtector();

    [BindProperty] public string? Address { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool LinkSent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await RequestSignIn.HandleAsync(db, clock, L, Address, PublicUrl.Of(HttpContext), ct);
        switch (outcome)
        {
            case Outcome<RequestSignIn.Result>.Ok { Value.Kind: RequestSignIn.Sent.Code } ok:
                return RedirectToPage("MemberCode", new { t = Protector(protection).Protect(ok.Value.Target, TimeSpan.FromMinutes(15)), ReturnUrl });
            case Outcome<RequestSignIn.Result>.Ok:
                LinkSent = true;
                break;
            case Outcome<RequestSignIn.Result>.Invalid bad:
                Error = string.Join(" ", bad.Errors.SelectMany(e => e.Value));
                break;
        }
        return Page();
    }
}
