using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Bins;
using BinHub.Features.Geography;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>Create (no id) or edit a BIN. The page only maps the form to <see cref="BinInput"/>; the use cases decide.</summary>
public sealed class EditModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PageModel
{
    public int? Id { get; private set; }
    [BindProperty] public BinInput Input { get; set; } = new();
    [BindProperty] public List<Channels> Urgent { get; set; } = [];
    [BindProperty] public List<Channels> NonUrgent { get; set; } = [];
    [BindProperty] public string? PrimaryCoordinatorId { get; set; }
    public Dictionary<string, string[]> FieldErrors { get; private set; } = [];
    public List<(string Nis, string Name)> Municipalities { get; private set; } = [];
    public List<(string Id, string Name)> Officers { get; private set; } = [];
    public List<(string Id, string Name)> CoordinatorChoices { get; private set; } = [];
    public bool MayAssignPeople { get; private set; }
    /// <summary>The chosen municipality to draw the BIN's own area on, corner by corner (<see cref="DrawnArea"/>).</summary>
    public AreaMap? Map { get; private set; }
    [BindProperty(Name = "map.x")] public int? MapX { get; set; }
    [BindProperty(Name = "map.y")] public int? MapY { get; set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var (bin, refusal) = await EditableAsync(existing, ct);
            if (bin is null || refusal is not null) return refusal ?? NotFound();
            Input = new BinInput
            {
                Name = bin.Name, Type = bin.Type, MunicipalityNis = bin.MunicipalityNis, AreaStreets = bin.AreaStreets, AreaGeoJson = bin.AreaGeoJson,
                ContactEmail = bin.ContactEmail, ContactPhone = bin.ContactPhone, Language = bin.Language, UrgentChannels = bin.UrgentChannels,
                NonUrgentChannels = bin.NonUrgentChannels, CoordinatorsMaySendPrevention = bin.CoordinatorsMaySendPrevention,
                PreventionNeedsOfficerApproval = bin.PreventionNeedsOfficerApproval, QuietFrom = bin.QuietFrom, QuietUntil = bin.QuietUntil,
                EnteredHouseholds = bin.EnteredHouseholds, StartDate = bin.StartDate, MandatedOfficerId = bin.MandatedOfficerId,
                AutoApproveMembers = bin.AutoApproveMembers, Postcodes = bin.Postcodes,
            };
            PrimaryCoordinatorId = bin.Coordinators.FirstOrDefault(c => c.IsPrimary)?.UserId;
        }
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var actor = await current.GetAsync(ct);
        var existingCoordinators = id is null ? [] : await db.BinCoordinators.Where(c => c.BinId == id).OrderByDescending(c => c.IsPrimary).Select(c => c.UserId).ToListAsync(ct);
        var mayAssign = UpdateBin.MayAssignPeople(actor, await ZoneOfAsync(id, ct));
        var input = Input with
        {
            UrgentChannels = Urgent.Aggregate(Channels.None, (a, c) => a | c),
            NonUrgentChannels = NonUrgent.Aggregate(Channels.None, (a, c) => a | c),
            // The chosen primary first; everyone already coordinating stays on as a deputy.
            CoordinatorIds = mayAssign && !string.IsNullOrEmpty(PrimaryCoordinatorId)
                ? [PrimaryCoordinatorId, .. existingCoordinators.Where(x => x != PrimaryCoordinatorId)]
                : null,
        };
        if (!mayAssign && id is not null)
        {
            // Shown but not editable for a coordinator (the police decide them): what the bin has stays.
            var kept = await db.Bins.Where(b => b.Id == id)
                .Select(b => new { b.MandatedOfficerId, b.CoordinatorsMaySendPrevention, b.PreventionNeedsOfficerApproval }).FirstOrDefaultAsync(ct);
            if (kept is not null)
                input = input with
                {
                    MandatedOfficerId = kept.MandatedOfficerId, CoordinatorsMaySendPrevention = kept.CoordinatorsMaySendPrevention,
                    PreventionNeedsOfficerApproval = kept.PreventionNeedsOfficerApproval,
                };
        }
        if (!ModelState.IsValid)
        {
            FieldErrors = ModelState.Where(kv => kv.Value!.Errors.Count > 0)
                .ToDictionary(kv => kv.Key.Replace("Input.", ""), kv => kv.Value!.Errors.Select(_ => L["Validation.Invalid", BinInputLabels.For(kv.Key.Replace("Input.", ""), L)].Value).ToArray());
            Input = input;
            return await ShowAsync(ct);
        }
        Outcome<int> outcome = id is null
            ? await CreateBin.HandleAsync(db, clock, actor, input, L, ct)
            : await UpdateBin.HandleAsync(db, clock, actor, id.Value, input, L, ct);
        switch (outcome)
        {
            case Outcome<int>.Ok ok: return Redirect($"/Registry/Details/{ok.Value}");
            case Outcome<int>.NotFound: return NotFound();
            case Outcome<int>.Invalid bad: FieldErrors = bad.Errors; break;
            case Outcome<int>.Forbidden f: FieldErrors = new() { [""] = [f.Message] }; break;
        }
        Input = input;
        return await ShowAsync(ct);
    }

    /// <summary>A click on the map (without JavaScript) adds a corner to the outline and shows the form again; nothing is saved.</summary>
    public async Task<IActionResult> OnPostMapAsync(int? id, CancellationToken ct)
    {
        // No pixel (0,0) is the Enter key in a field, which the map as the first submit button receives: it saves, as before.
        if (MapX is null or 0 && MapY is null or 0) return await OnPostAsync(id, ct);
        var map = await AreaMaps.ForMunicipalityAsync(db, Input.MunicipalityNis ?? "", ct);
        string AddCorner(string? area)
        {
            if (!map.Contains(MapX ?? -1, MapY ?? -1)) return area ?? "";
            var (lat, lon) = map.ToPoint(MapX!.Value, MapY!.Value);
            return DrawnArea.AddCorner(area, lat, lon);
        }
        return await RedrawAsync(id, AddCorner, ct);
    }

    public Task<IActionResult> OnPostUndoCornerAsync(int? id, CancellationToken ct) => RedrawAsync(id, DrawnArea.RemoveLastCorner, ct);

    public Task<IActionResult> OnPostClearCornersAsync(int? id, CancellationToken ct) => RedrawAsync(id, _ => "", ct);

    /// <summary>The BIN the actor may edit, or the answer for one they may not: 404 (audited) out of scope, 403 in scope without the right.</summary>
    private async Task<(Domain.Bin? Bin, IActionResult? Refusal)> EditableAsync(int id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var bin = await actor.VisibleBins(db.Bins).Include(b => b.Coordinators).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null)
        {
            await AuditLog.DeniedAsync(db, clock, actor, "Edit", nameof(Domain.Bin), id.ToString(), ct);
            return (null, NotFound());
        }
        return UpdateBin.MayEdit(actor, bin) ? (bin, null) : (bin, Forbid());
    }

    /// <summary>The form as posted with its outline changed, shown again for a BIN the actor may edit (as on GET).</summary>
    private async Task<IActionResult> RedrawAsync(int? id, Func<string?, string> change, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            var (_, refusal) = await EditableAsync(existing, ct);
            if (refusal is not null) return refusal;
        }
        Input = Input with
        {
            UrgentChannels = Urgent.Aggregate(Channels.None, (a, c) => a | c),
            NonUrgentChannels = NonUrgent.Aggregate(Channels.None, (a, c) => a | c),
            AreaGeoJson = change(Input.AreaGeoJson),
        };
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Map = string.IsNullOrEmpty(Input.MunicipalityNis) ? null : await AreaMaps.ForMunicipalityAsync(db, Input.MunicipalityNis, ct);
        var actor = await current.GetAsync(ct);
        var lang = Languages.Current;
        var municipalities = db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber != null);
        if (!actor.IsNational)
            municipalities = municipalities.Where(m => (actor.ZoneNumber != null && m.PoliceZoneNumber == actor.ZoneNumber) || m.Nis == actor.MunicipalityNis || m.Nis == Input.MunicipalityNis);
        Municipalities = (await municipalities.ToListAsync(ct)).Select(m => (m.Nis, m.Name(lang))).OrderBy(m => m.Item2).ToList();
        MayAssignPeople = UpdateBin.MayAssignPeople(actor, await ZoneOfAsync(Id, ct));
        if (MayAssignPeople)
        {
            var zone = actor.ZoneNumber ?? await db.Municipalities.Where(m => m.Nis == Input.MunicipalityNis).Select(m => m.PoliceZoneNumber).FirstOrDefaultAsync(ct);
            Officers = Pairs(await db.Users.Where(u => u.PoliceZoneNumber == zone && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.PoliceOfficer))
                .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(500).ToListAsync(ct), u => (u.Id, u.DisplayName));
            // Coordinators without a BIN yet, or of this one: a volunteer is not silently moved from another BIN.
            CoordinatorChoices = Pairs(await db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == Roles.Coordinator) &&
                    (!db.BinCoordinators.Any(c => c.UserId == u.Id) || db.BinCoordinators.Any(c => c.UserId == u.Id && c.BinId == Id)))
                .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(500).ToListAsync(ct), u => (u.Id, u.DisplayName));
        }
        return Page();
    }

    /// <summary>The zone of the BIN being edited (null when creating one); a BIN outside the actor's scope is left to the use case's 404.</summary>
    private async Task<int?> ZoneOfAsync(int? id, CancellationToken ct) =>
        id is null ? null : await db.Bins.Where(b => b.Id == id).Select(b => (int?)b.PoliceZoneNumber).FirstOrDefaultAsync(ct);

    private static List<(string, string)> Pairs<T>(List<T> rows, Func<T, (string, string)> map) => rows.Select(map).ToList();
}
