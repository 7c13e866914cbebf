using BinHub.Features.Privacy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Privacy;

/// <summary>The public privacy notice: the current version, or any earlier one (?version=…), and the list of versions.</summary>
public sealed class IndexModel(IConfiguration config) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Version { get; set; }
    public PrivacyNotice.Version Shown { get; private set; } = PrivacyNotice.Current;
    /// <summary>Where members write about their data (Privacy:ContactEmail); the text names the Kenniscentrum either way.</summary>
    public string? ContactEmail { get; private set; }

    public IActionResult OnGet()
    {
        if (Version is not null)
        {
            if (PrivacyNotice.Find(Version) is not { } v) return NotFound();
            Shown = v;
        }
        ContactEmail = config["Privacy:ContactEmail"];
        return Page();
    }
}
