using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// WCAG 2.1 3.3.1 after a server-side refusal (not an empty form: a value the slice or the page refuses): the refusal is in the
/// focused error summary, its message links to the field it is about, and that field is marked invalid and points back.
/// </summary>
public partial class RefusalSummaryTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>The refused form again, decoded.</summary>
    private static async Task<string> FormAgainAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The focused summary holds <paramref name="text"/> as a link to #<paramref name="fieldId"/>, which is marked invalid and described by it.</summary>
    private static void Linked(string html, string text, string fieldId)
    {
        var summary = Summary().Match(html);
        Assert.True(summary.Success, "no error summary");
        Assert.Contains("autofocus", summary.Groups[1].Value);
        var entry = Regex.Match(summary.Groups[2].Value, $"<li id=\"([^\"]+)\"><a href=\"#{Regex.Escape(fieldId)}\">([^<]*)</a></li>");
        Assert.True(entry.Success, $"no summary entry links to #{fieldId}: {summary.Groups[2].Value}");
        Assert.Contains(text, entry.Groups[2].Value);
        var tag = Regex.Match(html, $"<(?:input|select|textarea)\\b[^>]*\\bid=\"{Regex.Escape(fieldId)}\"[^>]*>").Value;
        Assert.Contains("aria-invalid=\"true\"", tag);
        Assert.Contains(entry.Groups[1].Value, Regex.Match(tag, "aria-describedby=\"([^\"]*)\"").Groups[1].Value.Split(' '));
    }

    /// <summary>A refusal about no field: still in the focused summary (unlinked), and no field is marked.</summary>
    private static void InSummaryUnlinked(string html, string text)
    {
        var summary = Summary().Match(html);
        Assert.True(summary.Success, "no error summary");
        Assert.Contains("autofocus", summary.Groups[1].Value);
        Assert.Matches($"<li[^>]*>{Regex.Escape(text)}</li>", summary.Groups[2].Value);
    }

    [GeneratedRegex(@"<div ([^>]*id=""error-summary""[^>]*)>(.*?)</ul>", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [Fact]
    public async Task An_invitation_to_an_unreadable_address_links_the_refusal_to_the_email_field()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(officer.Token), "/Registry/Invite", "/Registry/Invite",
            new() { ["Role"] = Roles.Coordinator, ["BinId"] = bin.Id.ToString(), ["Email"] = "not an address" }));
        Linked(html, "valid e-mail address", "email");
    }

    [Fact]
    public async Task Accepting_an_invitation_with_a_refused_password_links_the_refusal_to_the_password_field()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var email = $"invitee.{Guid.NewGuid():N}@test.invalid";
        Assert.Equal(HttpStatusCode.Created, (await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/invitations",
            new { email, role = Roles.Coordinator, binId = bin.Id })).StatusCode);
        string body;
        await using (var db = app.Db()) body = (await db.Deliveries.SingleAsync(d => d.Recipient == email && d.Kind == "Invitation")).Body!;
        var token = Regex.Match(body, @"Invitation\?t=(\S+)").Groups[1].Value;

        var page = $"/Account/Invitation?t={token}";
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(null), page, page,
            new() { ["t"] = token, ["DisplayName"] = "Ann Invitee", ["Password"] = "short" }));
        Linked(html, "", "password");
        Assert.Contains("password-hint", Regex.Match(html, "<input[^>]*id=\"password\"[^>]*>").Value); // its hint stays, the message is added
    }

    [Fact]
    public async Task An_update_of_a_message_without_text_links_the_refusal_to_the_texts()
    {
        var s = await app.MessagingSetupAsync(world);
        var sent = await app.SendAsync(s.Officer.Token, new { kind = "Prevention", binIds = new[] { s.Bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Sluit uw ramen." } });
        var page = $"/Messages/Details/{sent}";
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(s.Officer.Token), page, page + "?handler=Update", new() { ["texts[nl]"] = "" }));
        Linked(html, "at least one language", "amend-nl");
    }

    [Fact]
    public async Task A_withdrawal_without_its_confirmation_links_the_request_to_the_box()
    {
        var s = await app.MessagingSetupAsync(world);
        var sent = await app.SendAsync(s.Officer.Token, new { kind = "Prevention", binIds = new[] { s.Bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Sluit uw ramen." } });
        var page = $"/Messages/Details/{sent}";
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(s.Officer.Token), page, page + "?handler=Withdraw",
            new() { ["texts[nl]"] = "Vals alarm." }));
        Linked(html, "tick the box", "confirm-withdrawal");
    }

    /// <summary>A staff account with a password and no second factor yet, signed in with a cookie as a browser is.</summary>
    private async Task<(HttpClient Client, AppUser User)> NewStaffSignedInAsync(bool twoFactor = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        await using (var db = app.Db()) await BinHub.Features.Users.AddUser.EnsureRolesAsync(db, default);
        var email = $"coordinator.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "An Claes", LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-42")).Succeeded);
        await users.AddToRoleAsync(user, Roles.Coordinator);
        if (twoFactor)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        await Forms.PostAsync(client, "/Account/Login", "/Account/Login", new() { ["Email"] = email, ["Password"] = "Correct-Horse-42" });
        return (client, user);
    }

    [Fact]
    public async Task A_wrong_code_when_enrolling_the_authenticator_links_the_refusal_to_the_code_field()
    {
        var (client, user) = await NewStaffSignedInAsync();
        await client.GetStringAsync("/Account/TwoFactorSetup"); // the key is made when the page is first shown
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetAuthenticatorKeyAsync(user))!;
        var right = Totp.Code(key, app.Clock.Now);
        var wrong = right[..5] + (char)('0' + (right[5] - '0' + 5) % 10);

        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup", new() { ["Code"] = wrong }));
        Linked(html, "That code is not correct", "code");
    }

    [Fact]
    public async Task A_wrong_proof_when_replacing_the_authenticator_links_the_refusal_to_the_proof_field()
    {
        var officer = await world.PersonAsync(Roles.PoliceOfficer);
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(officer.Token), "/Account/TwoFactorSetup", "/Account/TwoFactorSetup?handler=Replace",
            new() { ["Current"] = "not my password" }));
        Linked(html, "That code is not correct", "current");
    }

    [Fact]
    public async Task A_wrong_code_at_the_second_sign_in_step_links_the_refusal_to_the_code_field()
    {
        var (client, _) = await NewStaffSignedInAsync(twoFactor: true); // the password is taken; the code is asked next
        var html = await FormAgainAsync(await Forms.PostAsync(client, "/Account/LoginWith2fa", "/Account/LoginWith2fa", new() { ["Code"] = "12345678" }));
        Linked(html, "That code is not correct", "code");
    }

    [Fact]
    public async Task A_refused_token_name_is_explained_in_the_users_language_and_linked_to_the_name_field()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var html = await FormAgainAsync(await Forms.PostAsync(app.ClientFor(officer.Token, "fr"), "/Account/Manage", "/Account/Manage?handler=Create",
            new() { ["TokenName"] = new string('x', 81) }));
        Linked(html, "Un jeton a besoin d'un nom de 1 à 80 caractères.", "token-name");
    }
}
