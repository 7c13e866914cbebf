using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Bins;
using BinHub.Features.Geography;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
            if (refusal is not null) return refusal;
            (Input, PrimaryCoordinatorId) = (bin!.Input, bin.PrimaryCoordinatorId);
        }
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        var actor = await current.GetAsync(ct);
        var input = await EditBinForm.FromFormAsync(db, actor, id, Input with
        {
            UrgentChannels = Urgent.Aggregate(Channels.None, (a, c) => a | c),
            NonUrgentChannels = NonUrgent.Aggregate(Channels.None, (a, c) => a | c),
        }, PrimaryCoordinatorId, ct);
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

    /// <summary>The BIN the actor may edit as the form shows it, or the answer EditBinForm gives: 404 (audited) out of scope, 403 in scope without the right.</summary>
    private async Task<(EditBinForm.Loaded? Bin, IActionResult? Refusal)> EditableAsync(int id, CancellationToken ct) =>
        await EditBinForm.LoadAsync(db, clock, await current.GetAsync(ct), id, ct) switch
        {
            Outcome<EditBinForm.Loaded>.Ok ok => (ok.Value, null),
            Outcome<EditBinForm.Loaded>.Forbidden => (null, Forbid()),
            _ => (null, NotFound()),
        };

    /// <summary>The form as posted with its outline changed, shown again for a BIN the actor may edit (as on GET).</summary>
    private async Task<IActionResult> RedrawAsync(int? id, Func<string?, string> change, CancellationToken ct)
    {
        Id = id;
        if (id is { } existing)
        {
            if ((await EditableAsync(existing, ct)).Refusal is { } refusal) return refusal;
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
        var choices = await EditBinForm.ChoicesAsync(db, await current.GetAsync(ct), Id, Input.MunicipalityNis, Languages.Current, ct);
        (MayAssignPeople, Municipalities, Officers, CoordinatorChoices) = (choices.MayAssignPeople, choices.Municipalities, choices.Officers, choices.Coordinators);
        return Page();
    }
}
