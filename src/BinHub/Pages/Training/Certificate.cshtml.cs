using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Training;

/// <summary>The printable certificate (the charter's print style), in the session's language, with its verification code.</summary>
public sealed class CertificateModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public BinHub.Features.Training.Certificates.Printable? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await BinHub.Features.Training.Certificates.PrintableAsync(db, clock, await current.GetAsync(ct), id, ct) is not Outcome<BinHub.Features.Training.Certificates.Printable>.Ok ok) return NotFound();
        Certificate = ok.Value;
        return Page();
    }
}
