using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Join;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Join;

/// <summary>
/// Sign-up in three screens: 1 who and where, 2 how to reach you and consent, 3 the code (see Verify). Screen 1's
/// answers travel in hidden fields and are validated again with everything on screen 2: nothing is stored before.
/// </summary>
[EnableRateLimiting(RateLimits.Codes)]
public sealed class SignUpModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L, IDataProtectionProvider protection) : PageModel
{
    public sealed class SignUpForm
    {
        public string? Name { get; set; }
        public string? CompanyName { get; set; }
        public string? EnterpriseNumber { get; set; }
        public string? Street { get; set; }
        public string? HouseNumber { get; set; }
        public string? Language { get; set; }
        public string? Mobile { get; set; }
        public string? Landline { get; set; }
        public string? Email { get; set; }
        public bool Sms { get; set; } = true;
        public bool Voice { get; set; }
        public bool EmailChannel { get; set; } = true;
        public bool Web { get; set; } = true;
        public bool Consent { get; set; }
        public string? ConsentVersion { get; set; }
    }

    public Bin Bin { get; private set; } = null!;
    public List<string> Streets { get; private set; } = [];
    public int Step { get; private set; } = 1;
    [BindProperty] public SignUpForm Form { get; set; } = new();
    public Dictionary<string, string[]> Errors { get; private set; } = [];
    public string NoticeVersion => AddMember.PrivacyNoticeVersion;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var e) ? string.Join(" ", e) : null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Form.Language = Languages.Current;
        return Page();
    }

    public async Task<IActionResult> OnPostNextAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var e = SignUp.Validate(ToRequest(id), Bin, L, clock.GetUtcNow(), out _);
        Errors = e.Items.Where(kv => SignUp.FirstScreen.Contains(kv.Key)).ToDictionary();
        Step = Errors.Count == 0 ? 2 : 1;
        return Page();
    }

    public async Task<IActionResult> OnPostBackAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostSubmitAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await SignUp.HandleAsync(db, clock, L, ToRequest(id), PublicUrl.Of(HttpContext), HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        switch (outcome)
        {
            case Outcome<SignUp.Result>.Ok ok:
                var ticket = VerifyModel.Protector(protection).Protect(ok.Value.MemberId.ToString(), TimeSpan.FromHours(2));
                return RedirectToPage("Verify", new { t = ticket });
            case Outcome<SignUp.Result>.Invalid bad:
                Errors = bad.Errors;
                Step = Errors.Keys.Any(k => SignUp.FirstScreen.Contains(k)) ? 1 : 2;
                return Page();
            default: return NotFound();
        }
    }

    private SignUp.Request ToRequest(int id)
    {
        var channels = (Form.Sms ? Channels.Sms : 0) | (Form.Voice ? Channels.Voice : 0) | (Form.EmailChannel ? Channels.Email : 0) | (Form.Web ? Channels.Web : 0);
        return new SignUp.Request(id, Form.Name, Form.CompanyName, Form.EnterpriseNumber, Form.Street, Form.HouseNumber, Form.Language,
            Form.Mobile, Form.Landline, Form.Email, channels, Form.Consent, Form.ConsentVersion);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var bin = await db.Bins.Include(b => b.Municipality).FirstOrDefaultAsync(b => b.Id == id && b.Status == BinStatus.Active, ct);
        if (bin is null) return false;
        Bin = bin;
        Streets = Features.Bins.BinValidation.Streets(bin.AreaStreets);
        return true;
    }
}
