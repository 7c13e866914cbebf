using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>The invitee's page behind the e-mailed link: choose a password (and a name) and accept. <see cref="AcceptInvitation"/> decides.</summary>
public sealed class InvitationModel(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Password { get; set; }
    public AcceptInvitation.Preview? Preview { get; private set; }
    /// <summary>Keyed as the slice answers ("Password", "DisplayName"): the summary links each message to its field; "t" (the link) is about none.</summary>
    public FormErrors Errors { get; } = new();
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await CheckAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await AcceptInvitation.HandleAsync(db, users, clock, Token, DisplayName, Password, HttpContext.Connection.RemoteIpAddress?.ToString(), L, ct);
        if (outcome is Outcome<AcceptInvitation.Result>.Ok) { Done = true; return Page(); }
        if (outcome is Outcome<AcceptInvitation.Result>.Invalid bad) Errors.AddRange(bad.Errors);
        // A refused link stays refused; a refused password shows the form again.
        if (!(outcome is Outcome<AcceptInvitation.Result>.Invalid i && i.Errors.ContainsKey("t"))) await CheckAsync(ct);
        return Page();
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        switch (await AcceptInvitation.CheckAsync(db, clock, Token, L, ct))
        {
            case Outcome<AcceptInvitation.Preview>.Ok ok: Preview = ok.Value; break;
            case Outcome<AcceptInvitation.Preview>.Invalid bad when Errors.Count == 0: Errors.AddRange(bad.Errors); break;
        }
    }

    public string RolePhrase => Preview is null ? "" : Preview.Role == Roles.Coordinator ? L["Invite.AsCoordinator", Preview.Scope] : L["Invite.AsOfficial", Preview.Scope];
}
