using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Me;

/// <summary>The member's signed-in browsers; ending one signs it out at its next request (a lost phone, a shared computer).</summary>
public sealed class SessionsModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public List<MemberSession> Sessions { get; private set; } = [];
    public string? CurrentId => User.FindFirstValue(MemberSignIn.SessionClaim);

    public async Task OnGetAsync(CancellationToken ct) => Sessions = await db.MemberSessions
        .Where(s => s.UserId == User.FindFirstValue(ClaimTypes.NameIdentifier) && s.EndedAt == null)
        .OrderByDescending(s => s.LastSeenAt).Take(50).ToListAsync(ct);

    public async Task<IActionResult> OnPostEndAsync(string? id, bool others, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var ended = await MemberSignIn.EndAsync(db, actor.UserId, others ? null : id, others ? CurrentId : null, clock.GetUtcNow(), ct);
        AuditLog.Add(db, clock, actor, "EndSessions", nameof(MemberSession), others ? "others" : id, $"{ended} ended");
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }
}
