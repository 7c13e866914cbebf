using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Bins;
using BinHub.Features.Charters;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Pages.Registry;

public sealed class DetailsModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
    IOptions<CharterOptions> charterOptions) : FormPage
{
    public GetBin.Details? Bin { get; private set; }
    public string? MapSvg { get; private set; }
    public bool MayEdit { get; private set; }
    public CharterParty[] MayApproveFor { get; private set; } = [];
    public List<BinStatus> Transitions { get; private set; } = [];
    public bool MayRenew { get; private set; }
    public bool MaySeeMembers { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostApproveAsync(int id, CharterParty party, CancellationToken ct)
    {
        var outcome = await ApproveCharter.HandleAsync(db, clock, await current.GetAsync(ct), id, new ApproveCharter.Request(party), L, charterOptions, ct);
        return await AfterAsync(id, outcome, r => r.Complete ? L["Details.CharterComplete", r.RegistrationNumber ?? ""] : L["Details.Approved"], ct);
    }

    public async Task<IActionResult> OnPostRenewAsync(int id, CancellationToken ct)
    {
        var outcome = await RenewCharter.HandleAsync(db, clock, await current.GetAsync(ct), id, L, ct);
        return await AfterAsync(id, outcome, v => L["Details.RenewalStarted", v], ct);
    }

    public async Task<IActionResult> OnPostStatusAsync(int id, BinStatus to, string? reason, bool confirmed, CancellationToken ct)
    {
        if (to == BinStatus.Dissolved && !confirmed)
        {
            Errors.Add("confirmed", L["Details.ConfirmDissolve"]); // dissolving cannot be undone: ask twice (linked to the box)
            return await LoadAsync(id, ct);
        }
        var outcome = await ChangeStatus.HandleAsync(db, clock, await current.GetAsync(ct), id, new ChangeStatus.Request(to, reason), L, ct);
        return await AfterAsync(id, outcome, s => L["Details.StatusChanged", L[$"Status.{s}"]], ct);
    }

    private async Task<IActionResult> AfterAsync<T>(int id, Outcome<T> outcome, Func<T, string> message, CancellationToken ct)
    {
        if (outcome is Outcome<T>.Ok ok)
        {
            Message = message(ok.Value);
            return RedirectToPage(new { id }); // post/redirect/get: a reload does not repeat the action
        }
        if (!Collect(outcome)) return NotFound();
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var outcome = await GetBin.HandleAsync(db, clock, actor, id, Languages.Current, ct);
        if (outcome is not Outcome<GetBin.Details>.Ok ok) return NotFound();
        Bin = ok.Value;
        var shell = new Bin { Id = Bin.Id, Name = Bin.Name, MunicipalityNis = Bin.MunicipalityNis, PoliceZoneNumber = Bin.ZoneNumber, Status = Bin.Status };
        MayEdit = UpdateBin.MayEdit(actor, shell) && Bin.Status != BinStatus.Dissolved;
        MaySeeMembers = Features.Members.ListMembers.MaySee(actor, shell);
        var pending = Bin.Charter is { FullyApprovedAt: null } c && Bin.Status != BinStatus.Draft && Bin.Status != BinStatus.Dissolved;
        MayApproveFor = pending
            ? ApproveCharter.PartiesFor(actor, shell).Where(p => Bin.Charter!.Approvals.All(a => a.Party != p)).ToArray()
            : [];
        Transitions = ChangeStatus.Allowed(actor, shell).Where(s => s != BinStatus.Active || Bin.Status == BinStatus.Suspended).ToList();
        MayRenew = RenewCharter.MayRenew(actor, shell) && Bin.Charter is { State: CharterState.ExpiringSoon or CharterState.Lapsed, FullyApprovedAt: not null }
                   && Bin.Status is BinStatus.Active or BinStatus.Suspended;
        MapSvg = Infrastructure.MapSvg.Render(L["Details.MapTitle", Bin.MunicipalityName],
            new Infrastructure.MapSvg.Layer(Bin.MunicipalityBoundaryGeoJson, "municipality"), new Infrastructure.MapSvg.Layer(Bin.AreaGeoJson, "area"));
        return Page();
    }

    public string ChannelNames(Channels channels) => channels == Channels.None ? "—"
        : string.Join(", ", Enum.GetValues<Channels>().Where(c => c != Channels.None && channels.HasFlag(c)).Select(c => L[$"Channel.{c}"].Value));
}
