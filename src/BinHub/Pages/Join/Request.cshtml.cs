using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Join;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Join;

/// <summary>Ask the police to start a BIN where there is none.</summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class RequestModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Nis { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Street { get; set; }
    [BindProperty] public string? Message { get; set; }
    public List<(string Nis, string Name)> Municipalities { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public bool Sent { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await RequestBin.HandleAsync(db, clock, L, new RequestBin.Request(Nis, Name, Email, Phone, Street, Message),
            HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (outcome is Outcome<RequestBin.Result>.Ok) Sent = true;
        // keyed: each message links to its field; the slice names the municipality by its key, the form by "Nis"
        else if (outcome is Outcome<RequestBin.Result>.Invalid bad) Errors.Alias("MunicipalityNis", "Nis").AddRange(bad.Errors);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var lang = Languages.Current;
        Municipalities = (await db.Municipalities.Where(m => m.IsCurrent).ToListAsync(ct))
            .Select(m => (m.Nis, m.Name(lang))).OrderBy(m => m.Item2, StringComparer.CurrentCulture).ToList();
    }
}
