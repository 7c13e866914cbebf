using System.Security.Claims;
using System.Text;
using BinHub.Domain;
using BinHub.Features.Users;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Account;

/// <summary>
/// Enrols an authenticator app (TOTP). Staff roles are sent here until they have done so. Once enrolled, the key is
/// never shown again: replacing it (a new phone) asks for a current code or the password first, shows a new key, and
/// swaps keys only when a code from the new key is typed, so the account is never without its second factor.
/// </summary>
[Authorize]
public sealed class TwoFactorSetupModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> L,
    Data.BinHubDb db, TimeProvider clock, CurrentActor current, OneUseAuthenticator authenticator) : PageModel
{
    // The key being enrolled in place of the current one, kept beside it in Identity's token table until confirmed.
    private const string PendingProvider = "[BinHub]";
    private const string PendingName = "PendingAuthenticatorKey";
    // Where Identity's default store keeps the authenticator key (UserStore's internal login provider).
    private const string KeyProvider = "[AspNetUserStore]";
    private const string KeyName = "AuthenticatorKey";

    // Nullable: model binding turns an empty field into null, whatever the initialiser says.
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Current { get; set; }
    public string FormattedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public string? Error { get; private set; }
    /// <summary>The message is about the form's one field (left empty, or a wrong code or proof): it is marked invalid and tied to the message.</summary>
    public bool FieldRefused { get; private set; }
    public IEnumerable<string>? RecoveryCodes { get; private set; }
    /// <summary>Enrolled already: the page offers to replace the key, and shows none.</summary>
    public bool Enrolled { get; private set; }
    /// <summary>Replacing: the new key is shown, waiting for a code from it.</summary>
    public bool Replacing { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return RedirectToPage("Login");
        await ShowAsync(user);
        return Page();
    }

    /// <summary>First enrolment: a code from the key shown on this page turns two-factor sign-in on.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return RedirectToPage("Login");
        if (user.TwoFactorEnabled) { await ShowAsync(user); return Page(); }
        if (string.IsNullOrWhiteSpace(Code)) return await MissingAsync(user, L["TwoFactor.CodeRequired"]);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Code ?? ""))
        {
            await RefusedAsync(user, "EnableTwoFactor", "wrong code");
            await ShowAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        AuditLog.Add(db, clock, await current.GetAsync(), "EnableTwoFactor", "User", user.Id);
        await db.SaveChangesAsync();
        await FinishAsync(user);
        return Page();
    }

    /// <summary>Replacing the key, step 1: prove it is you (a current code, or the password) and get a new key.</summary>
    public async Task<IActionResult> OnPostReplaceAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return RedirectToPage("Login");
        if (!user.TwoFactorEnabled) return RedirectToPage();
        if (await users.IsLockedOutAsync(user)) { Error = L["Login.LockedOut"]; await ShowAsync(user); return Page(); }
        var proof = (Current ?? "").Trim();
        if (proof.Length == 0) return await MissingAsync(user, L["Setup.ProofRequired"]);
        var ok = proof.Length > 0 && (proof.Replace(" ", "").Length == 6
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, proof)
            : await users.CheckPasswordAsync(user, proof));
        if (!ok)
        {
            await users.AccessFailedAsync(user); // wrong proofs count towards the lock-out, like wrong passwords
            await RefusedAsync(user, "ReplaceTwoFactor", "wrong current code or password");
            await ShowAsync(user);
            return Page();
        }
        await users.SetAuthenticationTokenAsync(user, PendingProvider, PendingName, users.GenerateNewAuthenticatorKey());
        AuditLog.Add(db, clock, await current.GetAsync(), "ReplaceTwoFactor", "User", user.Id, "new key shown, not yet confirmed");
        await db.SaveChangesAsync();
        await ShowAsync(user);
        return Page();
    }

    /// <summary>Replacing the key, step 2: a code from the new key swaps it in; the old key stops working.</summary>
    public async Task<IActionResult> OnPostConfirmReplaceAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return RedirectToPage("Login");
        var pending = await users.GetAuthenticationTokenAsync(user, PendingProvider, PendingName);
        if (!user.TwoFactorEnabled || string.IsNullOrEmpty(pending)) return RedirectToPage();
        if (string.IsNullOrWhiteSpace(Code)) return await MissingAsync(user, L["TwoFactor.CodeRequired"]);
        if (!await authenticator.ValidateAsync(user.Id, pending, Code ?? "", sameStepAsLast: true))
        {
            await RefusedAsync(user, "ReplaceTwoFactor", "wrong code from the new key");
            await ShowAsync(user);
            return Page();
        }
        await users.SetAuthenticationTokenAsync(user, KeyProvider, KeyName, pending);
        await users.RemoveAuthenticationTokenAsync(user, PendingProvider, PendingName);
        await users.UpdateSecurityStampAsync(user);
        // Other browsers signed in with the old key end now, not at the stamp's next check (up to 30 minutes later).
        var ended = await SignInSessions.EndAsync(db, user.Id, null, User.FindFirstValue(SignInSessions.Claim) ?? "", clock.GetUtcNow(), default);
        AuditLog.Add(db, clock, await current.GetAsync(), "ReplaceTwoFactor", "User", user.Id,
            $"new key confirmed; old key and recovery codes replaced; {ended} other sessions ended");
        await db.SaveChangesAsync();
        await FinishAsync(user);
        return Page();
    }

    private async Task FinishAsync(AppUser user)
    {
        RecoveryCodes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        // The session now carries the second factor, as a sign-in through LoginWith2fa would.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
    }

    /// <summary>Nothing typed is not a wrong code or password: the field is asked for again, nothing counted or audited as refused.</summary>
    private async Task<IActionResult> MissingAsync(AppUser user, string message)
    {
        Error = message;
        FieldRefused = true;
        await ShowAsync(user);
        return Page();
    }

    /// <summary>A wrong code is a failed sign-in step: on record (never the code itself), and said in the user's language.</summary>
    private async Task RefusedAsync(AppUser user, string action, string what)
    {
        Error = L["TwoFactor.Wrong"];
        FieldRefused = true; // the code (or proof) typed is what is wrong: the summary links to it
        AuditLog.Add(db, clock, await current.GetAsync(), action, "User", user.Id, what, "Denied");
        await db.SaveChangesAsync();
    }

    private async Task ShowAsync(AppUser user)
    {
        Enrolled = user.TwoFactorEnabled;
        string? key;
        if (Enrolled)
        {
            key = await users.GetAuthenticationTokenAsync(user, PendingProvider, PendingName);
            Replacing = !string.IsNullOrEmpty(key);
            if (!Replacing) return; // an enrolled key is never shown again
        }
        else
        {
            key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }
        }
        var sb = new StringBuilder();
        for (var i = 0; i < key!.Length; i += 4) sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        FormattedKey = sb.ToString().Trim().ToLowerInvariant();
        AuthenticatorUri = $"otpauth://totp/BinHub:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=BinHub&digits=6";
    }
}
