using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

/// <summary>
/// A password account changes its password: the current one first (a wrong one counts towards the lock-out and is on
/// record, like a wrong sign-in), then every other browser signed in to the account is signed out — a changed password
/// is what someone does who fears it leaked, so a session opened with the old one must not outlive it.
/// </summary>
public static class ChangePassword
{
    public sealed record Request(string? CurrentPassword, string? NewPassword);
    public sealed record Result(int OtherSessionsEnded);

    /// <param name="keepSession">The session of the browser making the change: it stays signed in.</param>
    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, UserManager<AppUser> users, TimeProvider clock, Actor actor,
        string? keepSession, Request request, IStringLocalizer L, CancellationToken ct)
    {
        var errors = new Errors();
        if (string.IsNullOrEmpty(request.CurrentPassword)) errors.Add(nameof(Request.CurrentPassword), L["Validation.Required", L["Password.Current"]]);
        if (string.IsNullOrEmpty(request.NewPassword)) errors.Add(nameof(Request.NewPassword), L["Validation.Required", L["Password.New"]]);
        if (errors.Any) return new Outcome<Result>.Invalid(errors.Items);
        if (await users.FindByIdAsync(actor.UserId) is not { } user || !await users.HasPasswordAsync(user)) return new Outcome<Result>.NotFound();
        if (await users.IsLockedOutAsync(user)) return Outcome<Result>.Fail(nameof(Request.CurrentPassword), L["Login.LockedOut"]);
        if (!await users.CheckPasswordAsync(user, request.CurrentPassword!))
        {
            await users.AccessFailedAsync(user);
            AuditLog.Add(db, clock, actor, "ChangePassword", "User", user.Id, "wrong current password", "Denied");
            await db.SaveChangesAsync(ct);
            return Outcome<Result>.Fail(nameof(Request.CurrentPassword), L["Password.WrongCurrent"]);
        }
        // Identity's own rules (length, digit, capital, small letter), said as the hint under the field says them.
        if (!(await users.ChangePasswordAsync(user, request.CurrentPassword!, request.NewPassword!)).Succeeded)
            return Outcome<Result>.Fail(nameof(Request.NewPassword), L["Confirm.PasswordHint"]);
        var ended = await SignInSessions.EndAsync(db, user.Id, null, keepSession ?? "", clock.GetUtcNow(), ct);
        AuditLog.Add(db, clock, actor, "ChangePassword", "User", user.Id, $"{ended} other sessions ended");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(ended));
    }
}
