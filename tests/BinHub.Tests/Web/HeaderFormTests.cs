using System.Text.RegularExpressions;
using BinHub.Tests.Join;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// The forms in every page's header (language, sign-out) and the profile's language, used as a browser does: the page is
/// fetched, its form is posted with exactly what the page rendered (action, hidden fields, antiforgery token), CSRF kept.
/// </summary>
public partial class HeaderFormTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private HttpClient Browser(string lang = "en")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(lang);
        return client;
    }

    /// <summary>The form whose action is <paramref name="action"/>, as rendered on <paramref name="html"/>: its action and its fields.</summary>
    private static (string Action, Dictionary<string, string> Fields) FormOn(string html, string action)
    {
        var form = FormElement().Matches(html).FirstOrDefault(m => WebUtility.HtmlDecode(m.Groups["action"].Value) == action);
        Assert.True(form is not null, $"no form posting to {action}");
        var fields = Input().Matches(form.Groups["body"].Value)
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        return (form.Groups["action"].Value, fields);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, Dictionary<string, string> fields) =>
        await client.PostAsync(action, new FormUrlEncodedContent(fields));

    private async Task<(HttpClient Client, AppUser User)> SignedInOfficerAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using (var db = app.Db()) await BinHub.Features.Users.AddUser.EnsureRolesAsync(db, default);
        var email = $"officer.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Officer", LockoutEnabled = true, Language = "en" };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-42")).Succeeded);
        await users.AddToRoleAsync(user, Roles.PoliceOfficer);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;

        var client = Browser();
        var first = await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new() { ["Email"] = email, ["Password"] = "Correct-Horse-42" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await Forms.PostAsync(client, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = Totp.Code(key, app.Clock.Now) });
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return (client, user);
    }

    private async Task<(HttpClient Client, string UserId)> SignedInMemberAsync()
    {
        var bin = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var mobile = UiBuilders.Number();
        var home = await app.HouseholdAsync(world, bin.Id, phones: [(mobile, true, true)]);
        var client = Browser();
        var sent = await Forms.PostAsync(client, "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = mobile });
        var codeUrl = sent.Headers.Location!.ToString();
        var signedIn = await Forms.PostAsync(client, codeUrl, codeUrl, new() { ["Code"] = await JoinSupport.LastCodeToAsync(app, mobile) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Me")).StatusCode);
        return (client, home.Person.User.Id);
    }

    [Fact]
    public async Task The_header_language_switcher_posts_its_token_and_switches_the_page_to_the_chosen_language()
    {
        var client = Browser();
        var page = await client.GetStringAsync("/Join?Q=Gent");
        var (action, fields) = FormOn(page, "/Language");
        Assert.False(string.IsNullOrEmpty(fields.GetValueOrDefault("__RequestVerificationToken")), "the language form carries no antiforgery token");
        fields["lang"] = "fr";

        var response = await PostAsync(client, action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Join?Q=Gent", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=") && c.Contains("fr-BE"));
        Assert.Contains("<html lang=\"fr\">", await client.GetStringAsync("/Join?Q=Gent"));

        // CSRF protection stays: the same post without the token is refused and changes nothing.
        fields.Remove("__RequestVerificationToken");
        fields["lang"] = "de";
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, action, fields)).StatusCode);
        Assert.Contains("<html lang=\"fr\">", await client.GetStringAsync("/Statistics"));
    }

    [Fact]
    public async Task A_signed_in_officer_switching_language_in_the_header_saves_it_to_the_profile()
    {
        var (client, user) = await SignedInOfficerAsync();
        var (action, fields) = FormOn(await client.GetStringAsync("/Registry"), "/Language");
        fields["lang"] = "nl";

        var response = await PostAsync(client, action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Registry", response.Headers.Location!.OriginalString);
        await using var db = app.Db();
        Assert.Equal("nl", (await db.Users.SingleAsync(u => u.Id == user.Id)).Language);
    }

    [Fact]
    public async Task Staff_set_their_language_on_their_profile_and_it_is_saved_and_shown_selected()
    {
        var (client, user) = await SignedInOfficerAsync();
        var profile = await client.GetStringAsync("/Account/Manage");
        var forms = FormElement().Matches(profile).Where(m => m.Groups["action"].Value == "/Language" && m.Groups["body"].Value.Contains("profile-lang")).ToList();
        Assert.Single(forms);
        var (action, fields) = FormOn(forms[0].Value, "/Language");
        Assert.Equal("/Account/Manage", fields["returnUrl"]);
        fields["lang"] = "de";

        var response = await PostAsync(client, action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Manage", response.Headers.Location!.OriginalString);
        await using (var db = app.Db()) Assert.Equal("de", (await db.Users.SingleAsync(u => u.Id == user.Id)).Language);
        var after = await client.GetStringAsync("/Account/Manage");
        Assert.Contains("<html lang=\"de\">", after);
        Assert.Matches("id=\"profile-lang\"[^<]*(<option[^>]*>[^<]*</option>\\s*)*<option value=\"de\" selected", after);
    }

    [Fact]
    public async Task The_header_sign_out_posts_its_token_and_signs_the_officer_out()
    {
        var (client, _) = await SignedInOfficerAsync();
        var (action, fields) = FormOn(await client.GetStringAsync("/Registry"), "/Account/Logout");
        Assert.False(string.IsNullOrEmpty(fields.GetValueOrDefault("__RequestVerificationToken")), "the sign-out form carries no antiforgery token");

        var response = await PostAsync(client, action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("binhub.auth=;")); // the sign-in cookie is cleared
        var registry = await client.GetAsync("/Registry");
        Assert.Equal(HttpStatusCode.Redirect, registry.StatusCode);
        Assert.Contains("/Account/Login", registry.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_header_sign_out_signs_a_member_out_and_ends_the_session_on_record()
    {
        var (client, userId) = await SignedInMemberAsync();
        var (action, fields) = FormOn(await client.GetStringAsync("/Me"), "/Account/Logout");

        var response = await PostAsync(client, action, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/Me")).StatusCode);
        await using var db = app.Db();
        Assert.All(await db.MemberSessions.Where(s => s.UserId == userId).ToListAsync(), s => Assert.NotNull(s.EndedAt));
    }

    [GeneratedRegex(@"<form\b[^>]*\baction=""(?<action>[^""]*)""[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormElement();

    // Inputs as Razor renders them: name before value (the hidden fields and the token), selects are set by the test.
    [GeneratedRegex(@"<input\b[^>]*\bname=""(?<name>[^""]+)""[^>]*\bvalue=""(?<value>[^""]*)""")]
    private static partial Regex Input();
}
