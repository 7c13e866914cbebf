using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>
/// Identity's refusals (password rules, taken e-mail, expired link…) in the reader's language. Identity writes them in
/// English, and the slices show them as they are on the invitation, confirmation and password pages. The localizer
/// reads the request's culture when a message is built, so one describer per scope serves every language.
/// </summary>
public sealed class IdentityErrors(IStringLocalizer<SharedResource> L) : IdentityErrorDescriber
{
    IdentityError E(string code, params object[] args) => new() { Code = code, Description = L[$"Identity.{code}", args] };

    public override IdentityError DefaultError() => E(nameof(DefaultError));
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure));
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch));
    public override IdentityError InvalidToken() => E(nameof(InvalidToken));
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), email ?? "");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), email);
    // Usernames are the e-mail address here, so the user-name refusals speak of the address too.
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidEmail), userName ?? "");
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateEmail), userName);
    public override IdentityError UserAlreadyHasPassword() => E(nameof(UserAlreadyHasPassword));
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), uniqueChars);
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric));
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit));
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower));
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper));
    public override IdentityError RecoveryCodeRedemptionFailed() => E(nameof(RecoveryCodeRedemptionFailed));
}
