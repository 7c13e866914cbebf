using BinHub.Tests.Join;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// Forms sent empty (the browser's own check bypassed, as an assistive tool or a script may): the form comes back as HTML,
/// with a message naming the missing field in the user's language, the field marked invalid as ARIA spells it ("true"),
/// and nothing counted as a failed sign-in.
/// </summary>
public class EmptyFormTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private HttpClient Browser(string lang)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(lang);
        return client;
    }

    private async Task<(AppUser User, string Password)> StaffAsync(string role, bool twoFactor)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using (var db = app.Db()) await BinHub.Features.Users.AddUser.EnsureRolesAsync(db, default);
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role, LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-42")).Succeeded);
        await users.AddToRoleAsync(user, role);
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return (user, "Correct-Horse-42");
    }

    private async Task<int> FailedAttemptsAsync(string userId)
    {
        await using var db = app.Db();
        return (await db.Users.SingleAsync(u => u.Id == userId)).AccessFailedCount;
    }

    private static async Task<string> FormAgainAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {html[..Math.Min(html.Length, 300)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return WebUtility.HtmlDecode(html);
    }

    [Fact]
    public async Task The_staff_login_sent_empty_names_each_missing_field_in_the_users_language()
    {
        var html = await FormAgainAsync(await Forms.PostAsync(Browser("nl-BE"), "/Account/Login", "/Account/Login",
            new() { ["Email"] = "", ["Password"] = "", ["ReturnUrl"] = "" }));

        Assert.Contains("E-mailadres is verplicht.", html);
        Assert.Contains("Wachtwoord is verplicht.", html);
        Assert.DoesNotContain("E-mailadres of wachtwoord is niet juist.", html); // nothing was wrong, something was missing
        Assert.Matches("id=\"email\"[^>]*aria-invalid=\"true\"", html);
        Assert.Matches("id=\"password\"[^>]*aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task The_second_sign_in_step_sent_empty_asks_for_the_code_and_counts_no_failed_attempt()
    {
        var (user, password) = await StaffAsync(Roles.PoliceOfficer, twoFactor: true);
        var client = Browser("fr-BE");
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/Account/Login", "/Account/Login",
            new() { ["Email"] = user.Email!, ["Password"] = password })).StatusCode);

        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = "", ["ReturnUrl"] = "" }));
        Assert.Contains("Saisissez le code à 6 chiffres affiché par votre application d'authentification.", html);
        Assert.Matches("id=\"code\"[^>]*aria-invalid=\"true\"", html);
        Assert.Equal(0, await FailedAttemptsAsync(user.Id));
    }

    [Fact]
    public async Task Enrolling_the_authenticator_sent_empty_asks_for_the_code()
    {
        var (user, password) = await StaffAsync(Roles.Coordinator, twoFactor: false);
        var client = Browser("de-BE");
        await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = password });

        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup", new() { ["Code"] = "" }));
        Assert.Contains("Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App anzeigt.", html);
        Assert.Matches("id=\"code\"[^>]*aria-invalid=\"true\"", html);
        Assert.Contains("id=\"shared-key\"", html); // the key to enrol is still shown
        await using var db = app.Db();
        Assert.False((await db.Users.SingleAsync(u => u.Id == user.Id)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Replacing_the_authenticator_sent_empty_asks_for_the_proof_and_counts_no_failed_attempt()
    {
        var (user, password) = await StaffAsync(Roles.PoliceOfficer, twoFactor: true);
        var client = Browser("en");
        await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = password });
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetAuthenticatorKeyAsync(user))!;
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(client, "/Account/LoginWith2fa", "/Account/LoginWith2fa",
            new() { ["Code"] = Totp.Code(key, app.Clock.Now) })).StatusCode);

        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup?handler=Replace", new() { ["Current"] = "" }));
        Assert.Contains("Type a current code from your app, or your password.", html);
        Assert.Matches("id=\"current\"[^>]*aria-invalid=\"true\"", html);
        Assert.Equal(0, await FailedAttemptsAsync(user.Id));
    }

    [Fact]
    public async Task Sign_up_screens_sent_empty_mark_invalid_fields_with_aria_invalid_true()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var client = Browser("nl-BE");

        var first = await FormAgainAsync(await Forms.PostAsync(client, $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler=Next",
            new() { ["Form.Name"] = "", ["Form.Street"] = "", ["Form.HouseNumber"] = "", ["Form.Language"] = "nl" }));
        Assert.DoesNotContain("aria-invalid=\"aria-invalid\"", first);
        Assert.Matches("id=\"name\"[^>]*aria-invalid=\"true\"", first);
        Assert.Matches("id=\"house\"[^>]*aria-invalid=\"true\"", first);

        var second = await FormAgainAsync(await Forms.PostAsync(client, $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler=Submit",
            JoinSupport.Form(mobile: "", email: "not-an-address")));
        Assert.DoesNotContain("aria-invalid=\"aria-invalid\"", second);
        Assert.Matches("id=\"email\"[^>]*aria-invalid=\"true\"", second);
        Assert.DoesNotMatch("id=\"landline\"[^>]*aria-invalid", second); // a field without error is not marked
    }
}
