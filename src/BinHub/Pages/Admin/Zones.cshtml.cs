using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Geography;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Admin;

public sealed class ZonesModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PageModel
{
    public List<DecideZone.Pending> Pending { get; private set; } = [];
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Pending = await DecideZone.PendingAsync(db, Languages.Current, ct);

    public async Task<IActionResult> OnPostAsync(string nis, int zone, CancellationToken ct)
    {
        switch (await DecideZone.HandleAsync(db, clock, await current.GetAsync(ct), nis, zone, ct, L))
        {
            case Outcome<int>.Ok: Message = L["Zones.Decided", nis, zone]; return RedirectToPage();
            case Outcome<int>.NotFound: return NotFound();
            case Outcome<int>.Invalid bad: Error = string.Join(" ", bad.Errors.SelectMany(e => e.Value)); break;
            case Outcome<int>.Forbidden f: Error = f.Message; break;
        }
        await OnGetAsync(ct);
        return Page();
    }
}
