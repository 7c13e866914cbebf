using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Account.Manage;

public sealed class IndexModel(UserManager<AppUser> users, BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public string Email { get; private set; } = "";
    public IList<string> RoleNames { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    /// <summary>The saved language (what BinHub's e-mails use); the interface's when none is saved yet.</summary>
    public string Language { get; private set; } = "nl";
    public List<ApiTokenCommands.Listed> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The browsers signed in to this account; any of them can be ended from here (a lost phone, a shared computer).</summary>
    public List<MemberSession> Sessions { get; private set; } = [];
    public string? CurrentSessionId => User.FindFirstValue(SignInSessions.Claim);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string tokenName, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        switch (await ApiTokenCommands.CreateAsync(db, clock, actor, actor.UserId, tokenName, ct))
        {
            case Outcome<ApiTokenCommands.Created>.Ok ok: NewSecret = ok.Value.Secret; break;
            case Outcome<ApiTokenCommands.Created>.Invalid bad: Error = string.Join(" ", bad.Errors.SelectMany(e => e.Value)); break;
        }
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!await ApiTokenCommands.RevokeAsync(db, clock, actor, actor.UserId, id, ct)) return NotFound();
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndSessionAsync(string? id, bool others, CancellationToken ct)
    {
        await SignInSessions.EndOwnAsync(db, clock, await current.GetAsync(ct), id, others, CurrentSessionId, ct);
        return Redirect("/Account/Manage#sessions");
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Email = user.Email ?? "";
        RoleNames = await users.GetRolesAsync(user);
        TwoFactorEnabled = user.TwoFactorEnabled;
        Language = Languages.IsValid(user.Language) ? user.Language! : Languages.Current;
        Tokens = await ApiTokenCommands.ListAsync(db, user.Id, ct);
        Sessions = await SignInSessions.ListAsync(db, user.Id, ct);
        return Page();
    }
}
