using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Volunteering;

/// <summary>One call and its applications; the publisher accepts or declines each, with a message, after ticking a confirmation.</summary>
public sealed class CallModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    public GetCall.Detail? Call { get; private set; }
    public string? AreaName { get; private set; }
    [BindProperty] public int ApplicationId { get; set; }
    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public bool Confirmed { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken ct) => DecideAsync(id, true, ct);

    public Task<IActionResult> OnPostDeclineAsync(int id, CancellationToken ct) => DecideAsync(id, false, ct);

    private async Task<IActionResult> DecideAsync(int id, bool accept, CancellationToken ct)
    {
        if (!Confirmed)
        {
            // Accepting and declining cannot be undone (the member is told at once): ask twice.
            Errors.Add(RowField("Confirmed"), L["Volunteering.ConfirmDecision"]);
            return await LoadAsync(id, ct);
        }
        var actor = await current.GetAsync(ct);
        var request = new DecideApplication.Request(Answer);
        var outcome = accept
            ? await DecideApplication.AcceptAsync(db, clock, actor, ApplicationId, request, L, ct)
            : await DecideApplication.DeclineAsync(db, clock, actor, ApplicationId, request, L, ct);
        if (outcome is Outcome<DecideApplication.Result>.Ok decided)
        {
            // A full (or begun) session does not hold the status back, but the publisher must know the training is still to be planned.
            Message = L[!accept ? "Volunteering.DeclinedDone" : decided.Value.TrainingToBePlanned ? "Volunteering.AcceptedToBePlanned" : "Volunteering.AcceptedDone"];
            return RedirectToPage(new { id });
        }
        if (!Collect(outcome, RowField)) return NotFound();
        return await LoadAsync(id, ct);
    }

    /// <summary>
    /// Each application has its own answer and box: a message is about the one of the application decided ("Message" is the
    /// slice's name for the answer); one about the application itself ("State": decided meanwhile) about no field.
    /// </summary>
    private string? RowField(string key) => key switch
    {
        "Message" => $"answer-{ApplicationId}",
        "Confirmed" => $"confirm-{ApplicationId}",
        _ => null,
    };

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        if (await GetCall.HandleAsync(db, clock, await current.GetAsync(ct), id, ct) is not Outcome<GetCall.Detail>.Ok ok) return NotFound();
        Call = ok.Value;
        var names = await AreaNames.ForAsync(db, [Call.MunicipalityNis, Call.RegionCode], Languages.Current, ct);
        AreaName = (Call.MunicipalityNis ?? Call.RegionCode) is { } area ? AreaNames.Of(names, area) : null;
        return Page();
    }
}
