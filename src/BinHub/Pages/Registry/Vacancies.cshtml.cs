using BinHub.Data;
using BinHub.Features.Succession;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Registry;

/// <summary>The vacancy board: BINs in the actor's scope that need a (new) coordinator, the longest vacancies first.</summary>
public sealed class VacanciesModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public VacancyBoard.Page Result { get; private set; } = new([], 0, 1, 25);
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await VacancyBoard.HandleAsync(db, clock, await current.GetAsync(ct), new VacancyBoard.Query(PageNumber, 25), Languages.Current, ct);
}
