using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Join;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>
/// Officers and the Kenniscentrum invite a BIN's coordinator or a municipality official, and see and withdraw the pending
/// invitations. The page maps the form to <see cref="InviteUser"/> and <see cref="Invitations"/>; they decide.
/// </summary>
public sealed class InviteModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty] public string? Role { get; set; } = Roles.Coordinator;
    [BindProperty(SupportsGet = true)] public int? BinId { get; set; }
    [BindProperty] public string? MunicipalityNis { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Language { get; set; }
    public List<(int Id, string Name)> Bins { get; private set; } = [];
    public List<(string Nis, string Name)> Municipalities { get; private set; } = [];
    public List<Invitations.Item> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await InviteUser.HandleAsync(db, clock, await current.GetAsync(ct),
            new InviteUser.Request(Email, Role, Role == Roles.Coordinator ? BinId : null, Role == Roles.MunicipalityOfficial ? MunicipalityNis : null, Language),
            L, PublicUrl.Of(HttpContext), ct);
        if (outcome is Outcome<InviteUser.Result>.Ok ok)
        {
            Message = L["Invite.Sent", ok.Value.Email, BrusselsTime.Format(ok.Value.ExpiresAt)];
            return RedirectToPage();
        }
        return Collect(outcome) ? await ShowAsync(ct) : NotFound();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        var outcome = await Invitations.RevokeAsync(db, clock, await current.GetAsync(ct), id, L, ct);
        if (outcome is Outcome<int>.Ok)
        {
            Message = L["Invite.RevokedDone"];
            return RedirectToPage();
        }
        return Collect(outcome) ? await ShowAsync(ct) : NotFound();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await Invitations.ListAsync(db, clock, actor, L, ct) is not Outcome<List<Invitations.Item>>.Ok list) return Forbid();
        Pending = list.Value;
        // The choices an officer has: their zone's BINs (not dissolved) and municipalities; the Kenniscentrum's are all of them.
        var zone = actor.IsNational ? null : actor.ZoneNumber;
        Bins = (await db.Bins.Where(b => b.Status != BinStatus.Dissolved && (zone == null || b.PoliceZoneNumber == zone)).OrderBy(b => b.Name).Take(1000)
            .Select(b => new { b.Id, b.Name }).ToListAsync(ct)).Select(b => (b.Id, b.Name)).ToList();
        var lang = Languages.Current;
        Municipalities = (await db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber != null && (zone == null || m.PoliceZoneNumber == zone))
            .ToListAsync(ct)).Select(m => (m.Nis, m.Name(lang))).OrderBy(m => m.Item2).ToList();
        return Page();
    }
}
