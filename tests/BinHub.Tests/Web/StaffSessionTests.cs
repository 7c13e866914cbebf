using BinHub.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// A staff sign-in is a session on record (issue 14, item 4): a copy of the cookie taken before sign-out, or of a
/// session ended from the profile or by a new second-factor key, is refused at once, not at the cookie's expiry.
/// </summary>
public class StaffSessionTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private const string Password = "Correct-Horse-42";
    private readonly World world = new(app);

    private sealed record Staff(AppUser User, string Token, string Key);

    /// <summary>One browser: it keeps its cookies, and <see cref="Cookie"/> is what a thief would copy.</summary>
    private sealed record Signed(HttpClient Browser, string Cookie);

    private async Task<Staff> OfficerAsync()
    {
        var place = await world.PlaceAsync();
        var person = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByIdAsync(person.User.Id))!;
        Assert.True((await users.AddPasswordAsync(user, Password)).Succeeded);
        await users.ResetAuthenticatorKeyAsync(user);
        return new Staff(user, person.Token, (await users.GetAuthenticatorKeyAsync(user))!);
    }

    private async Task<Signed> SignInAsync(Staff staff)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // a fresh authenticator code: each one signs in once
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var login = await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new() { ["Email"] = staff.User.Email!, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var second = await Forms.PostAsync(client, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = Totp.Code(staff.Key, app.Clock.Now) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return new Signed(client, AuthCookie(second)!);
    }

    private static string? AuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var all) && all.Where(c => c.StartsWith("binhub.auth")).ToList() is { Count: > 0 } auth
            ? string.Join("; ", auth.Select(c => c.Split(';')[0])) : null;

    /// <summary>Another machine replaying the cookie, without the browser's antiforgery or anything else.</summary>
    private HttpClient Replaying(string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task AssertSignedInAsync(HttpClient client)
    {
        var profile = await client.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpClient client)
    {
        var profile = await client.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.Contains("/Account/Login", profile.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/bins")).StatusCode);
    }

    private async Task<string> NewestSessionAsync(Staff staff)
    {
        await using var db = app.Db();
        return (await db.MemberSessions.Where(s => s.UserId == staff.User.Id).ToListAsync()).OrderBy(s => s.CreatedAt).Last().Id;
    }

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it_while_the_api_token_keeps_working()
    {
        var officer = await OfficerAsync();
        var browser = await SignInAsync(officer);
        var copy = Replaying(browser.Cookie);
        await AssertSignedInAsync(copy);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/v1/bins")).StatusCode);

        var signOut = await Forms.PostAsync(browser.Browser, "/Account/Manage", "/Account/Logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        await AssertRefusedAsync(copy);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(officer.Token).GetAsync("/api/v1/bins")).StatusCode);
    }

    [Fact]
    public async Task Ending_a_session_from_the_profile_refuses_its_cookie_and_keeps_this_one()
    {
        var officer = await OfficerAsync();
        var here = await SignInAsync(officer);
        var lost = await SignInAsync(officer);
        var lostId = await NewestSessionAsync(officer);
        var shared = await SignInAsync(officer);

        var profile = await here.Browser.GetStringAsync("/Account/Manage");
        Assert.Contains(lostId, profile);
        var end = await Forms.PostAsync(here.Browser, "/Account/Manage", "/Account/Manage?handler=EndSession", new() { ["id"] = lostId });
        Assert.Equal(HttpStatusCode.Redirect, end.StatusCode);

        await AssertRefusedAsync(Replaying(lost.Cookie));
        await AssertSignedInAsync(here.Browser);
        await AssertSignedInAsync(shared.Browser);
        Assert.DoesNotContain(lostId, await here.Browser.GetStringAsync("/Account/Manage"));

        await Forms.PostAsync(here.Browser, "/Account/Manage", "/Account/Manage?handler=EndSession", new() { ["others"] = "true" });
        await AssertRefusedAsync(Replaying(shared.Cookie));
        await AssertSignedInAsync(here.Browser);

        await using var db = app.Db();
        var audit = await db.AuditEntries.Where(a => a.UserId == officer.User.Id && a.Action == "EndSessions").ToListAsync();
        Assert.Contains(audit, a => a.EntityId == lostId && a.Details == "1 ended");
        Assert.Contains(audit, a => a.EntityId == "others" && a.Details == "1 ended");
    }

    [Fact]
    public async Task A_new_second_factor_key_ends_the_other_sessions_at_once()
    {
        var officer = await OfficerAsync();
        var here = await SignInAsync(officer);
        var other = await SignInAsync(officer);

        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the current code, not the one the last sign-in used
        var proof = await Forms.PostAsync(here.Browser, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup?handler=Replace",
            new() { ["Current"] = Totp.Code(officer.Key, app.Clock.Now) });
        Assert.Equal(HttpStatusCode.OK, proof.StatusCode);
        string newKey;
        await using (var scope = app.Services.CreateAsyncScope())
            newKey = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>()
                .GetAuthenticationTokenAsync(officer.User, "[BinHub]", "PendingAuthenticatorKey"))!;
        var confirmed = await Forms.PostAsync(here.Browser, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup?handler=ConfirmReplace",
            new() { ["Code"] = Totp.Code(newKey, app.Clock.Now) });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);

        await AssertRefusedAsync(Replaying(other.Cookie));
        await AssertSignedInAsync(here.Browser);
    }

    [Fact]
    public async Task A_session_keeps_working_past_the_security_stamp_check_and_can_still_be_ended()
    {
        var officer = await OfficerAsync();
        var browser = await SignInAsync(officer);

        // Past the 30-minute stamp check, which re-issues the cookie from the user record.
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var renewed = await browser.Browser.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        var copy = AuthCookie(renewed);
        Assert.NotNull(copy);
        await AssertSignedInAsync(browser.Browser);

        await Forms.PostAsync(browser.Browser, "/Account/Manage", "/Account/Logout", []);
        await AssertRefusedAsync(Replaying(copy));
    }

    [Fact]
    public async Task A_session_ended_outside_this_process_is_refused_once_the_check_is_due_again()
    {
        var officer = await OfficerAsync();
        var browser = await SignInAsync(officer);
        await AssertSignedInAsync(browser.Browser);

        // Another instance behind the same database ends it (this process's short-lived check cache does not know).
        await using (var db = app.Db())
            await db.MemberSessions.Where(s => s.UserId == officer.User.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, app.Clock.Now));
        app.Clock.Advance(SignInSessions.RecheckAfter);

        await AssertRefusedAsync(Replaying(browser.Cookie));
    }

    [Fact]
    public async Task Changing_the_password_signs_out_the_other_sessions_and_keeps_this_one_past_the_stamp_check()
    {
        var officer = await OfficerAsync();
        var here = await SignInAsync(officer);
        var other = await SignInAsync(officer);
        const string page = "/Account/Manage", post = "/Account/Manage?handler=Password";

        // Sent empty: each message links to its field, marked invalid.
        var empty = await (await Forms.PostAsync(here.Browser, page, post, [])).Content.ReadAsStringAsync();
        Assert.Contains("href=\"#current-password\"", empty);
        Assert.Contains("href=\"#new-password\"", empty);
        Assert.Matches("<input id=\"current-password\"[^>]*aria-invalid=\"true\"", empty);

        var wrong = await Forms.PostAsync(here.Browser, page, post, new() { ["CurrentPassword"] = "Not-The-One-99", ["NewPassword"] = "Another-Horse-43" });
        Assert.Matches("<input id=\"current-password\"[^>]*aria-invalid=\"true\"", await wrong.Content.ReadAsStringAsync());
        await AssertSignedInAsync(Replaying(other.Cookie)); // nothing changed

        var changed = await Forms.PostAsync(here.Browser, page, post, new() { ["CurrentPassword"] = Password, ["NewPassword"] = "Another-Horse-43" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("role=\"status\"", await changed.Content.ReadAsStringAsync());
        await AssertRefusedAsync(Replaying(other.Cookie));
        await AssertSignedInAsync(here.Browser);
        // This browser's cookie was re-issued with the new security stamp: the stamp check does not sign it out.
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await AssertSignedInAsync(here.Browser);
        await AssertSignedInAsync(here.Browser);

        await using var db = app.Db();
        var audit = await db.AuditEntries.Where(a => a.UserId == officer.User.Id && a.Action == "ChangePassword").ToListAsync();
        Assert.Contains(audit, a => a.Outcome == "Denied" && a.Details == "wrong current password");
        Assert.Contains(audit, a => a.Outcome == "Ok" && a.Details == "1 other sessions ended");
    }
}
