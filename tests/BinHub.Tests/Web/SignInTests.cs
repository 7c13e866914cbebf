using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>The real cookie sign-in, through the pages, with the second factor that staff roles must use.</summary>
public partial class SignInTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private async Task<AppUser> UserAsync(string role, string password, bool twoFactor, string? key = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using (var db = app.Db()) await BinHub.Features.Users.AddUser.EnsureRolesAsync(db, default);
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role, PoliceZoneNumber = null, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = Antiforgery().Match(page).Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> KeyAsync(BinHubApp app, AppUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id))!))!;
    }

    [Fact]
    public async Task Officer_with_two_factor_signs_in_with_password_then_code()
    {
        var user = await UserAsync(Roles.PoliceOfficer, "Correct-Horse-42", twoFactor: true);
        var client = Browser();
        var first = await PostFormAsync(client, "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "Correct-Horse-42" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/Account/LoginWith2fa", first.Headers.Location!.OriginalString);

        var wrong = await PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var code = Totp.Code(await KeyAsync(app, user), app.Clock.Now);
        var second = await PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Registry")).StatusCode);
    }

    [Fact]
    public async Task Staff_without_a_second_factor_is_sent_to_enrol_and_let_in_after()
    {
        var user = await UserAsync(Roles.Coordinator, "Correct-Horse-42", twoFactor: false);
        var client = Browser();
        await PostFormAsync(client, "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "Correct-Horse-42" });

        var registry = await client.GetAsync("/Registry");
        Assert.Equal(HttpStatusCode.Redirect, registry.StatusCode);
        Assert.Equal("/Account/TwoFactorSetup", registry.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/bins")).StatusCode);

        var setup = await client.GetStringAsync("/Account/TwoFactorSetup");
        var key = SharedKey().Match(setup).Groups[1].Value.Replace(" ", "");
        var enrol = await PostFormAsync(client, "/Account/TwoFactorSetup", new() { ["Code"] = Totp.Code(key, app.Clock.Now) });
        Assert.Contains("<ul class=\"code\">", await enrol.Content.ReadAsStringAsync()); // the recovery codes
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Registry")).StatusCode);
    }

    [Fact]
    public async Task A_member_lands_on_their_profile_creates_an_api_token_there_and_revokes_it()
    {
        var user = await UserAsync(Roles.Member, "Correct-Horse-42", twoFactor: false);
        var client = Browser();
        var signedIn = await PostFormAsync(client, "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "Correct-Horse-42" });
        Assert.Equal("/Account/Manage", signedIn.Headers.Location!.OriginalString);

        var created = await PostFormAsync(client, "/Account/Manage?handler=Create", new() { ["TokenName"] = "my script" });
        var secret = NewToken().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("binhub_", secret);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(secret).GetAsync("/api/v1/bins")).StatusCode);
        await using (var db = app.Db())
            Assert.True(db.ApiTokens.Any(t => t.UserId == user.Id && t.Hash != secret && t.Prefix == secret.Substring(0, 12))); // only a hash is stored

        var id = TokenId().Match(await client.GetStringAsync("/Account/Manage")).Groups[1].Value;
        await PostFormAsync(client, "/Account/Manage?handler=Revoke", new() { ["id"] = id });
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(secret).GetAsync("/api/v1/bins")).StatusCode);
    }

    [GeneratedRegex(@"id=""new-token"">(binhub_[A-Za-z0-9_-]+)<")]
    private static partial Regex NewToken();

    [GeneratedRegex(@"name=""id"" value=""(\d+)""")]
    private static partial Regex TokenId();

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var user = await UserAsync(Roles.Member, "Correct-Horse-42", twoFactor: false);
        var client = Browser();
        for (var n = 0; n < 5; n++)
            await PostFormAsync(client, "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "wrong-" + n });
        var response = await PostFormAsync(client, "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "Correct-Horse-42" });
        Assert.Contains("15", await response.Content.ReadAsStringAsync()); // "locked for 15 minutes"
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = app.Db();
        Assert.Equal(4, db.AuditEntries.Count(a => a.Action == "SignIn" && a.UserId == user.Id && a.Outcome == "Denied" && a.Details == "wrong password")); // the 5th locks
        Assert.True(db.AuditEntries.Any(a => a.Action == "SignIn" && a.UserId == user.Id && a.Details == "locked out"));
    }

    [Fact]
    public async Task An_unconfirmed_e_mail_cannot_sign_in()
    {
        var user = await UserAsync(Roles.Member, "Correct-Horse-42", twoFactor: false);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(user.Id))!;
            u.EmailConfirmed = false;
            await users.UpdateAsync(u);
        }
        var response = await PostFormAsync(Browser(), "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = "Correct-Horse-42" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bevestig eerst", await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    private static partial Regex Antiforgery();

    [GeneratedRegex(@"id=""shared-key"">([a-z0-9 ]+)<")]
    private static partial Regex SharedKey();
}
