using BinHub.Data;
using BinHub.Features.Join;
using BinHub.Features.Members;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>
/// An e-mail link (confirm the address, or sign in). Opening it shows a button; only pressing it uses the link, so a
/// mail scanner that fetches every link does not burn it. A used link does nothing and says so.
/// </summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class LinkModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? T { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var r = await Verify.LinkAsync(db, clock, L, T, ct);
        switch (r?.Result)
        {
            case OneTimeCodes.Result.Ok:
                await MemberSignIn.SignInAsync(HttpContext, db, clock, await MemberSignIn.EnsureAccountAsync(db, r.Member, clock.GetUtcNow(), ct), "link", ct);
                return LocalRedirect("/Me");
            case OneTimeCodes.Result.Used: Error = L["Link.Used"]; break;
            case OneTimeCodes.Result.Expired: Error = L["Link.Expired"]; break;
            default: Error = L["Link.Invalid"]; break;
        }
        // A refused link is a failed sign-in step: on record, without the link's secret.
        AuditLog.Add(db, clock, Actor.Anonymous(HttpContext.Connection.RemoteIpAddress?.ToString()),
            "MemberSignIn", "User", null, $"e-mail link {r?.Result.ToString() ?? "Invalid"}", "Denied");
        await db.SaveChangesAsync(ct);
        return Page();
    }
}
