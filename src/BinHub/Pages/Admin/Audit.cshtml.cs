using BinHub.Data;
using BinHub.Features.Audit;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Admin;

public sealed class AuditModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public SearchAudit.Query Q { get; private set; } = new(null, null, null, null, null, null, null, null);
    public SearchAudit.Page Result { get; private set; } = new([], 0, 1, 50);
    public string QueryString => string.Join("&", Request.Query.Where(kv => kv.Key is not ("page" or "handler"))
        .Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value.ToString())}"));

    public async Task OnGetAsync([FromQuery] SearchAudit.Query q, CancellationToken ct)
    {
        Q = q;
        Result = await SearchAudit.HandleAsync(db, clock, await current.GetAsync(ct), q, ct);
    }

    public async Task<IActionResult> OnGetCsvAsync([FromQuery] SearchAudit.Query q, CancellationToken ct) =>
        File(await SearchAudit.CsvAsync(db, clock, await current.GetAsync(ct), q, ct), "text/csv; charset=utf-8", "audit.csv");
}
