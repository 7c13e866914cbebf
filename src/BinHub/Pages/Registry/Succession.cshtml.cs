using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Bins;
using BinHub.Features.Succession;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>
/// Succession of a BIN's coordinators: a coordinator announces (or withdraws) their last day; the BIN's coordinators and
/// the police of its zone see who volunteered; the mandated officer or an officer of the zone confirms one (after a
/// confirmation step) or declines with a reason.
/// </summary>
public sealed class SuccessionModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
    UserManager<AppUser> users) : FormPage
{
    public GetBin.Details? Bin { get; private set; }
    public bool IsCoordinator { get; private set; }
    public DateOnly? MyStopsOn { get; private set; }
    public DateOnly Today { get; private set; }
    public ListVolunteers.Page? Volunteers { get; private set; }
    /// <summary>The volunteer the officer is about to confirm (the confirmation step).</summary>
    public ListVolunteers.Item? Confirming { get; private set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int? confirm, CancellationToken ct)
    {
        var result = await LoadAsync(id, ct);
        if (confirm is { } vid && Volunteers is { MayDecide: true })
            Confirming = Volunteers.Items.FirstOrDefault(v => v.Id == vid && v.State == VolunteerState.Open);
        return result;
    }

    public async Task<IActionResult> OnPostAnnounceAsync(int id, DateOnly? lastDay, CancellationToken ct) =>
        await AfterAsync(id, await AnnounceStop.HandleAsync(db, clock, await current.GetAsync(ct), id, new AnnounceStop.Request(lastDay), L, ct),
            r => L["Succession.Announced", r.StopsOn?.ToString("d") ?? ""], ct);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) =>
        await AfterAsync(id, await AnnounceStop.WithdrawAsync(db, clock, await current.GetAsync(ct), id, L, ct), _ => L["Succession.StopWithdrawn"], ct);

    public async Task<IActionResult> OnPostConfirmAsync(int id, int volunteerId, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return RedirectToPage(new { id, confirm = volunteerId }); // making someone coordinator: ask first
        var outcome = await ConfirmCoordinator.ConfirmAsync(db, users, clock, await current.GetAsync(ct), id, volunteerId,
            Features.Join.PublicUrl.Of(HttpContext), L, ct);
        return await AfterAsync(id, outcome, r => r.NewAccount ? L["Succession.ConfirmedNew"] : L["Succession.ConfirmedExisting"], ct);
    }

    public async Task<IActionResult> OnPostDeclineAsync(int id, int volunteerId, string? reason, CancellationToken ct) =>
        await AfterAsync(id, await ConfirmCoordinator.DeclineAsync(db, clock, await current.GetAsync(ct), id, volunteerId,
            new ConfirmCoordinator.DeclineRequest(reason), L, ct), _ => L["Succession.DeclinedDone"], ct);

    private async Task<IActionResult> AfterAsync<T>(int id, Outcome<T> outcome, Func<T, string> message, CancellationToken ct)
    {
        if (outcome is Outcome<T>.Ok ok)
        {
            Message = message(ok.Value);
            return RedirectToPage(new { id });
        }
        if (!Collect(outcome)) return NotFound();
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await GetBin.HandleAsync(db, clock, actor, id, Languages.Current, ct) is not Outcome<GetBin.Details>.Ok ok) return NotFound();
        Bin = ok.Value;
        Today = Vacancy.Today(clock);
        IsCoordinator = actor.IsCoordinator && actor.CoordinatedBinIds.Contains(id);
        MyStopsOn = Bin.Coordinators.FirstOrDefault(c => c.Id == actor.UserId)?.StopsOn;
        var shell = new Bin { Id = Bin.Id, Name = Bin.Name, MunicipalityNis = Bin.MunicipalityNis, PoliceZoneNumber = Bin.ZoneNumber, MandatedOfficerId = Bin.MandatedOfficer?.Id };
        // Only who may see the volunteers asks for them: anyone else would leave a "denied" line on every visit.
        if (Features.Members.ListMembers.MaySee(actor, shell) || Vacancy.MayDecide(actor, shell))
            Volunteers = (await ListVolunteers.HandleAsync(db, clock, actor, id, new ListVolunteers.Query(null, PageNumber, 50), ct) as Outcome<ListVolunteers.Page>.Ok)?.Value;
        return Page();
    }
}
