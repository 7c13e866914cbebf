using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Me;

/// <summary>The member's signed-in browsers; ending one signs it out at its next request (a lost phone, a shared computer).</summary>
public sealed class SessionsModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public List<MemberSession> Sessions { get; private set; } = [];
    public string? CurrentId => User.FindFirstValue(SignInSessions.Claim);

    // The same list and ending as staff get on Account › Manage (one slice for both).
    public async Task OnGetAsync(CancellationToken ct) => Sessions = await SignInSessions.ListAsync(db, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct);

    public async Task<IActionResult> OnPostEndAsync(string? id, bool others, CancellationToken ct)
    {
        await SignInSessions.EndOwnAsync(db, clock, await current.GetAsync(ct), id, others, CurrentId, ct);
        return RedirectToPage();
    }
}
