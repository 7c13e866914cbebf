using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Me;

/// <summary>The household's phones: several per household (e.g. both partners), at most five.</summary>
public sealed class PhonesModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : MePage
{
    public GetMe.Result? Me { get; private set; }
    public string? NewNumber { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? number, CancellationToken ct)
    {
        var outcome = await AddPhone.HandleAsync(db, clock, await current.GetAsync(ct), new AddPhone.Request(number ?? ""), L, ct);
        if (outcome is Outcome<GetMe.Phone>.Ok)
        {
            Message = L["Me.Phones.Added"];
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        NewNumber = number;
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(int phoneId, string? code, CancellationToken ct)
    {
        var outcome = await VerifyPhone.HandleAsync(db, clock, await current.GetAsync(ct), phoneId, new VerifyPhone.Request(code), L, ct);
        if (outcome is Outcome<GetMe.Phone>.Ok)
        {
            Message = L["Me.Phones.Verified"];
            return RedirectToPage();
        }
        // Every phone still to verify has its own code field: the message is about the one of this phone, not the first.
        if (!Collect(outcome, k => k == "Code" ? $"code-{phoneId}" : k)) return NotFound();
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostResendAsync(int phoneId, CancellationToken ct)
    {
        var outcome = await VerifyPhone.ResendAsync(db, clock, await current.GetAsync(ct), phoneId, L, ct);
        if (outcome is Outcome<bool>.Ok)
        {
            Message = L["Code.Resent"];
            return RedirectToPage();
        }
        if (!Collect(outcome, k => k == "Code" ? $"code-{phoneId}" : k)) return NotFound(); // as Verify: this phone's code field
        return await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(int phoneId, CancellationToken ct)
    {
        var outcome = await RemovePhone.HandleAsync(db, clock, await current.GetAsync(ct), phoneId, L, ct);
        if (outcome is Outcome<bool>.Ok)
        {
            Message = L["Me.Phones.Removed"];
            return RedirectToPage();
        }
        if (!Collect(outcome)) return NotFound();
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        if (await GetMe.HandleAsync(db, clock, await current.GetAsync(ct), ct) is not Outcome<GetMe.Result>.Ok ok) return NotFound();
        Me = ok.Value;
        return Page();
    }
}
