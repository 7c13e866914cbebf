using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Succession;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>A member sees whether their BIN needs a coordinator and offers to become one (or withdraws the offer).</summary>
public sealed class VacancyModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    public VacancyBoard.MemberView? View { get; private set; }
    [BindProperty] public string? OfferMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostVolunteerAsync(CancellationToken ct) =>
        await AfterAsync(await Volunteer.OfferAsync(db, clock, await current.GetAsync(ct), new Volunteer.Request(OfferMessage), L, ct), L["Succession.MeThanks"], ct);

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct) =>
        await AfterAsync(await Volunteer.WithdrawAsync(db, clock, await current.GetAsync(ct), L, ct), L["Succession.MeWithdrawn"], ct);

    private async Task<IActionResult> AfterAsync(Outcome<Volunteer.Result> outcome, string message, CancellationToken ct)
    {
        if (outcome is Outcome<Volunteer.Result>.Ok)
        {
            Message = message;
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        var posted = OfferMessage;
        var result = await LoadAsync(ct);
        OfferMessage = posted; // keep what the member typed
        return result;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (await VacancyBoard.ForMemberAsync(db, clock, await current.GetAsync(ct), Languages.Current, ct) is not Outcome<VacancyBoard.MemberView>.Ok ok)
            return NotFound();
        View = ok.Value;
        OfferMessage = View.MyOffer == BinHub.Domain.VolunteerState.Open ? View.MyMessage : null;
        return Page();
    }
}
