using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account.Manage;

public sealed class IndexModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, BinHubDb db, TimeProvider clock, CurrentActor current,
    IStringLocalizer<SharedResource> L) : PageModel
{
    public string Email { get; private set; } = "";
    public IList<string> RoleNames { get; private set; } = [];
    public bool TwoFactorEnabled { get; private set; }
    /// <summary>The saved language (what BinHub's e-mails use); the interface's when none is saved yet.</summary>
    public string Language { get; private set; } = "nl";
    public List<ApiTokenCommands.Listed> Tokens { get; private set; } = [];
    public string? NewSecret { get; private set; }
    /// <summary>A refused token, keyed by the slice ("name", the token name field).</summary>
    public Dictionary<string, string[]>? TokenErrors { get; private set; }
    /// <summary>The browsers signed in to this account; any of them can be ended from here (a lost phone, a shared computer).</summary>
    public List<MemberSession> Sessions { get; private set; } = [];
    public string? CurrentSessionId => User.FindFirstValue(SignInSessions.Claim);
    // Nullable: model binding turns an empty field into null, whatever the initialiser says.
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    /// <summary>Accounts that sign in with a password (staff) can change it here; members sign in with a code and have none.</summary>
    public bool HasPassword { get; private set; }
    public Dictionary<string, string[]>? PasswordErrors { get; private set; }
    public bool PasswordChanged { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string tokenName, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        switch (await ApiTokenCommands.CreateAsync(db, clock, actor, actor.UserId, tokenName, L, ct))
        {
            case Outcome<ApiTokenCommands.Created>.Ok ok: NewSecret = ok.Value.Secret; break;
            case Outcome<ApiTokenCommands.Created>.Invalid bad: TokenErrors = bad.Errors; break;
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

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        var request = new ChangePassword.Request(CurrentPassword, NewPassword);
        CurrentPassword = NewPassword = null; // a password is never written back into the page
        switch (await ChangePassword.HandleAsync(db, users, clock, await current.GetAsync(ct), CurrentSessionId, request, L, ct))
        {
            case Outcome<ChangePassword.Result>.Ok:
                // The change renewed the security stamp: this browser's cookie is re-issued with it (same session), or
                // the stamp check would sign it out too within half an hour.
                if (await users.GetUserAsync(User) is { } user) await signIn.RefreshSignInAsync(user);
                PasswordChanged = true;
                break;
            case Outcome<ChangePassword.Result>.Invalid bad: PasswordErrors = bad.Errors; break;
            default: return NotFound();
        }
        return await LoadAsync(ct);
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
        HasPassword = await users.HasPasswordAsync(user);
        return Page();
    }
}
