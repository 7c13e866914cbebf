using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Registry;

/// <summary>Officers and the Kenniscentrum invite coordinators and municipality officials from the UI and the API (before: the CLI only).</summary>
public partial class InvitationTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private const string Password = "Correct-Horse-Battery-42";

    private static string NewEmail() => $"invitee.{Guid.NewGuid():N}@test.invalid";

    private async Task<HttpResponseMessage> InviteAsync(World.Person inviter, string email, int? binId = null, string? nis = null, string? language = null) =>
        await app.ClientFor(inviter.Token).PostAsJsonAsync("/api/v1/invitations",
            new { email, role = binId is null ? Roles.MunicipalityOfficial : Roles.Coordinator, binId, municipalityNis = nis, language });

    /// <summary>The e-mail queued for <paramref name="email"/> (the newest) and the link's token in it.</summary>
    private async Task<(Delivery Mail, string Token)> MailAsync(string email)
    {
        await using var db = app.Db();
        var mail = await db.Deliveries.Where(d => d.Recipient == email && d.Kind == "Invitation").OrderByDescending(d => d.Id).FirstAsync();
        return (mail, Link().Match(mail.Body ?? "").Groups[1].Value);
    }

    private async Task<string> AcceptAsync(string token, string? password = Password, string lang = "en")
    {
        var client = app.ClientFor(null, lang);
        // The antiforgery pair from a page that always has a form: a refused link's page has none.
        var response = await client.PostAsync("/Account/Invitation", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await Forms.TokenAsync(client, "/Account/Login"),
            ["t"] = token, ["DisplayName"] = "Ann Invitee", ["Password"] = password ?? "",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_officer_invites_a_coordinator_for_a_bin_of_their_zone_who_accepts_enrols_a_second_factor_and_then_works_in_that_bin()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var email = NewEmail();

        var invited = await InviteAsync(officer, email, bin.Id);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var (mail, token) = await MailAsync(email);
        Assert.Equal("nl", mail.Language); // the BIN's language
        Assert.Contains("nodigt u uit op BinHub als coördinator van het BIN", mail.Body);
        await using (var db = app.Db())
            Assert.NotEqual(token, (await db.Invitations.SingleAsync(i => i.Email == email)).TokenHash); // only the hash is kept

        Assert.Contains("Welcome. Sign in", await AcceptAsync(token));

        // First sign-in: the password works, and every page sends the new coordinator to enrol a second factor.
        var browser = app.ClientFor(null);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.PostAsync(browser, "/Account/Login", "/Account/Login",
            new() { ["Email"] = email, ["Password"] = Password })).StatusCode);
        var gated = await browser.GetAsync($"/Registry/Members/{bin.Id}");
        Assert.Equal("/Account/TwoFactorSetup", gated.Headers.Location?.OriginalString);
        await browser.GetStringAsync("/Account/TwoFactorSetup");
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            key = (await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!))!;
        }
        await Forms.PostAsync(browser, "/Account/TwoFactorSetup", "/Account/TwoFactorSetup", new() { ["Code"] = Totp.Code(key, app.Clock.Now) });

        // The scope works: the BIN's members page, and another BIN of the same zone stays out of reach.
        var other = await world.BinAsync(place, BinStatus.Active);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/Registry/Members/{bin.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/Registry/Members/{other.Id}")).StatusCode);

        await using var check = app.Db();
        var user = await check.Users.SingleAsync(u => u.Email == email);
        Assert.True(await check.BinCoordinators.AnyAsync(c => c.BinId == bin.Id && c.UserId == user.Id && c.IsPrimary));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "Invite" && a.UserId == officer.User.Id && a.Details!.Contains(email)));
        Assert.True(await check.AuditEntries.AnyAsync(a => a.Action == "AcceptInvitation" && a.UserId == user.Id));
        // And the officer now finds them among the BIN's coordinator choices.
        Assert.Contains($"value=\"{user.Id}\"", await app.ClientFor(officer.Token).GetStringAsync($"/Registry/Edit/{bin.Id}"));
    }

    [Fact]
    public async Task An_officer_cannot_invite_for_a_bin_or_a_municipality_of_another_zone()
    {
        var home = await world.PlaceAsync();
        var foreign = await world.PlaceAsync();
        var bin = await world.BinAsync(foreign, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: home.Zone);
        var email = NewEmail();

        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(officer, email, bin.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await InviteAsync(officer, email, nis: foreign.Nis)).StatusCode);
        var page = await Forms.PostAsync(app.ClientFor(officer.Token), "/Registry/Invite", "/Registry/Invite",
            new() { ["Role"] = Roles.Coordinator, ["BinId"] = bin.Id.ToString(), ["Email"] = email });
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);

        await using var db = app.Db();
        Assert.False(await db.Invitations.AnyAsync(i => i.Email == email));
        Assert.False(await db.Deliveries.AnyAsync(d => d.Recipient == email));
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "Invite" && a.UserId == officer.User.Id && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task A_used_link_and_an_expired_link_are_refused_with_a_message_saying_so()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var used = NewEmail();
        var late = NewEmail();
        await InviteAsync(officer, used, bin.Id);
        await InviteAsync(officer, late, bin.Id);
        var (_, usedToken) = await MailAsync(used);
        var (_, lateToken) = await MailAsync(late);

        Assert.Contains("Welcome. Sign in", await AcceptAsync(usedToken));
        Assert.Contains("This invitation has already been accepted.", await AcceptAsync(usedToken, "Another-Password-99"));
        Assert.Contains("This invitation has already been accepted.",
            WebUtility.HtmlDecode(await app.ClientFor(null).GetStringAsync($"/Account/Invitation?t={Uri.EscapeDataString(usedToken)}")));

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        try
        {
            var refused = await app.ClientFor(null, "fr-BE").GetStringAsync($"/Account/Invitation?t={Uri.EscapeDataString(lateToken)}");
            Assert.Contains("Cette invitation a expiré.", WebUtility.HtmlDecode(refused));
            Assert.Contains("This invitation has expired.", await AcceptAsync(lateToken));
        }
        finally { app.Clock.Advance(-(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1))); }
        await using var db = app.Db();
        Assert.False(await db.Users.AnyAsync(u => u.Email == late));
    }

    [Fact]
    public async Task A_refused_password_creates_nothing_and_leaves_the_link_usable()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var email = NewEmail();
        await InviteAsync(officer, email, bin.Id);
        var (_, token) = await MailAsync(email);

        var refused = await AcceptAsync(token, "short");
        Assert.DoesNotContain("Welcome. Sign in", refused);
        Assert.Contains("name=\"Password\"", refused); // the form again, to try a better password
        await using (var db = app.Db())
        {
            Assert.False(await db.Users.AnyAsync(u => u.Email == email));
            Assert.Null((await db.Invitations.SingleAsync(i => i.Email == email)).AcceptedAt);
        }
        Assert.Contains("Welcome. Sign in", await AcceptAsync(token));
    }

    [Theory]
    [InlineData("fr", "Le mot de passe doit compter au moins 12 caractères.")]
    [InlineData("nl", "Het wachtwoord moet minstens 12 tekens hebben.")]
    [InlineData("de", "Das Passwort braucht mindestens 12 Zeichen.")]
    public async Task A_refused_password_is_explained_in_the_invitees_language_not_in_identitys_english(string lang, string expected)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var email = NewEmail();
        await InviteAsync(officer, email, bin.Id, language: lang);
        var (_, token) = await MailAsync(email);

        var refused = await AcceptAsync(token, "short1A", lang);
        Assert.Contains(expected, refused);
        Assert.DoesNotContain("Passwords must", refused);
    }

    [Fact]
    public async Task An_officer_invites_a_municipality_official_of_their_zone_who_gets_that_municipality_as_scope()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var email = NewEmail();

        var client = app.ClientFor(officer.Token);
        var page = await Forms.PostAsync(client, "/Registry/Invite", "/Registry/Invite",
            new() { ["Role"] = Roles.MunicipalityOfficial, ["MunicipalityNis"] = place.Nis, ["Email"] = email, ["Language"] = "fr" });
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var shown = WebUtility.HtmlDecode(await client.GetStringAsync("/Registry/Invite")); // the confirmation, after the redirect
        Assert.Contains($"The invitation was sent to {email}.", shown);
        Assert.Contains(email, shown[shown.IndexOf("id=\"pending\"")..]);
        var (mail, token) = await MailAsync(email);
        Assert.Contains("vous invite sur BinHub en tant que fonctionnaire communal", mail.Body);

        await AcceptAsync(token);
        await using var db = app.Db();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.Equal(place.Nis, user.MunicipalityNis);
        Assert.True(await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == Roles.MunicipalityOfficial));
        Assert.False(user.TwoFactorEnabled); // enrolled at the first sign-in, through the gate
    }

    [Fact]
    public async Task Inviting_an_existing_account_adds_the_bin_to_it_instead_of_a_second_account()
    {
        var place = await world.PlaceAsync();
        var first = await world.BinAsync(place, BinStatus.Active);
        var second = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: first.Id);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.AddPasswordAsync((await users.FindByIdAsync(coordinator.User.Id))!, Password)).Succeeded);
        }
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);

        await InviteAsync(officer, coordinator.User.Email!.ToUpperInvariant(), second.Id);
        var (_, token) = await MailAsync(coordinator.User.Email!.ToLowerInvariant());
        var preview = WebUtility.HtmlDecode(await app.ClientFor(null).GetStringAsync($"/Account/Invitation?t={Uri.EscapeDataString(token)}"));
        Assert.Contains("You already have an account with this address", preview);
        Assert.DoesNotContain("name=\"Password\"", preview);
        Assert.Contains("Welcome. Sign in", await AcceptAsync(token, password: null));

        await using var db = app.Db();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == coordinator.User.Email!.ToUpperInvariant()));
        Assert.Equal(new[] { first.Id, second.Id }, await db.BinCoordinators.Where(c => c.UserId == coordinator.User.Id).OrderBy(c => c.BinId).Select(c => c.BinId).ToListAsync());
    }

    [Fact]
    public async Task A_withdrawn_invitation_leaves_the_pending_list_and_its_link_stops_working()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var email = NewEmail();
        var id = (await (await InviteAsync(officer, email, bin.Id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var (_, token) = await MailAsync(email);

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).DeleteAsync($"/api/v1/invitations/{id}")).StatusCode);
        var listed = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>("/api/v1/invitations");
        Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("email").GetString() == email);

        var revoked = await Forms.PostAsync(app.ClientFor(officer.Token), "/Registry/Invite", "/Registry/Invite?handler=Revoke", new() { ["id"] = id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        listed = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>("/api/v1/invitations");
        Assert.DoesNotContain(listed.EnumerateArray(), i => i.GetProperty("email").GetString() == email);
        Assert.Contains("This invitation was withdrawn.", await AcceptAsync(token));
    }

    [Fact]
    public async Task The_invitation_endpoints_are_in_the_openapi_document_with_their_refusals()
    {
        var doc = JsonDocument.Parse(await app.ClientFor(null).GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        var post = doc.GetProperty("/api/v1/invitations").GetProperty("post").GetProperty("responses");
        foreach (var status in new[] { "201", "400", "401", "403", "404" }) Assert.True(post.TryGetProperty(status, out _), status);
        Assert.True(doc.GetProperty("/api/v1/invitations/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("404", out _));
    }

    [GeneratedRegex(@"/Account/Invitation\?t=(\S+)")]
    private static partial Regex Link();
}
