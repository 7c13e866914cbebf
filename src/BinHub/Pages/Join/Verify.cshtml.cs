using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Join;
using BinHub.Features.Members;
using BinHub.Features.Verification;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Join;

/// <summary>
/// Screen 3 of the sign-up: the SMS code. The page knows the applicant only through a signed, time-limited ticket, so
/// nobody can verify (or look at) another applicant by changing a number in the address.
/// </summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class VerifyModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L, IDataProtectionProvider protection) : PageModel
{
    public static ITimeLimitedDataProtector Protector(IDataProtectionProvider p) => p.CreateProtector("BinHub.Join.Verify").ToTimeLimitedDataProtector();

    [BindProperty(SupportsGet = true)] public string? T { get; set; }
    [BindProperty] public string? Code { get; set; }
    public Member? Member { get; private set; }
    public string? Error { get; private set; }
    /// <summary>A confirmation (a new code is on its way): a status, not an error announced and focused as a refusal.</summary>
    public string? Notice { get; private set; }
    public bool Done { get; private set; }
    /// <summary>The message is about the code typed (not about sending another): it links to the code field.</summary>
    public bool CodeRefused { get; private set; }

    public string Masked(string e164) => Features.Phones.PhoneNumber.Mask(e164);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var r = await Verify.PhoneAsync(db, clock, L, Member!.Id, Code, ct);
        if (r?.Result == OneTimeCodes.Result.Ok)
        {
            await MemberSignIn.SignInAsync(HttpContext, db, clock, await MemberSignIn.EnsureAccountAsync(db, r.Member, clock.GetUtcNow(), ct), "otp", ct);
            return LocalRedirect("/Me?welcome=true");
        }
        Error = OneTimeCodes.Explain(L, r?.Result ?? OneTimeCodes.Result.Expired, r?.TriesLeft ?? 0);
        CodeRefused = true;
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var mobile = Member!.Phones.FirstOrDefault(p => p.IsMobile && !p.Verified);
        if (mobile is null) return Page();
        var refusal = await OneTimeCodes.MaySendAsync(db, mobile.Number, clock.GetUtcNow(), ct);
        if (refusal != OneTimeCodes.Refusal.None) { Error = OneTimeCodes.Explain(L, refusal); return Page(); }
        SendSecrets.SmsCode(db, L, Member, mobile.Number, CodePurpose.VerifyPhone, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        Notice = L["Code.Resent"];
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        int id;
        try { id = int.Parse(Protector(protection).Unprotect(T ?? "")); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException) { return false; }
        Member = await db.Members.Include(m => m.Phones).Include(m => m.Bin).FirstOrDefaultAsync(m => m.Id == id && m.ErasedAt == null, ct);
        Done = Member is not null && Member.Phones.Where(p => p.IsMobile).All(p => p.Verified);
        return Member is not null;
    }
}
