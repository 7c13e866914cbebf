using BinHub.Tests.Join;

namespace BinHub.Tests.Web;

/// <summary>
/// Every public form and upload, attacked the same ways with a valid antiforgery token: 100,000-character fields,
/// invalid UTF-8, empty fields, a multipart body cut off before its closing boundary and one without a boundary
/// parameter, corrupt images and a decompression bomb. None may answer 5xx and none may store anything. Each test
/// counts the rows the form could write, scoped to the test's own BIN, member or address, before and after.
/// </summary>
public class HostileFormTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    public static TheoryData<string> Attacks => new() { "long", "invalid-utf8", "empty", "truncated-multipart", "no-boundary" };

    /// <summary>
    /// Posts <paramref name="fields"/> to <paramref name="postUrl"/> with the token of <paramref name="pageUrl"/>, each field named in
    /// <paramref name="attacked"/> replaced as the attack says. Returns the response after asserting it is not a 5xx.
    /// </summary>
    private static async Task<HttpResponseMessage> AttackAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields,
        string[] attacked, string attack)
    {
        var token = await Forms.TokenAsync(client, pageUrl);
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token on {pageUrl}");
        var kept = fields.Where(f => !attacked.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value);
        kept["__RequestVerificationToken"] = token;
        HttpContent content = attack switch
        {
            "long" => new FormUrlEncodedContent(kept.Concat(attacked.Select(a => KeyValuePair.Create(a, HostileInput.Long)))),
            "empty" => new FormUrlEncodedContent(kept.Concat(attacked.Select(a => KeyValuePair.Create(a, "")))),
            "invalid-utf8" => HostileInput.InvalidUtf8Form(attacked, kept),
            "truncated-multipart" => HostileInput.BrokenMultipart(new Dictionary<string, string>(kept.Concat(fields.Where(f => attacked.Contains(f.Key)))), true),
            "no-boundary" => HostileInput.BrokenMultipart(new Dictionary<string, string>(kept.Concat(fields.Where(f => attacked.Contains(f.Key)))), false),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
        var response = await client.PostAsync(postUrl, content);
        Assert.True((int)response.StatusCode < 500, $"{attack} on {postUrl}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<int> CountAsync(Func<BinHub.Data.BinHubDb, Task<int>> count)
    {
        await using var db = app.Db();
        return await count(db);
    }

    private static string UniqueMobile() => $"+32470{Random.Shared.Next(100000, 999999)}";

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_sign_up_screens_refuse_hostile_input_without_a_5xx_and_store_nothing(string attack)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = UniqueMobile();
        var fields = JoinSupport.Form(mobile: mobile, email: "anna@example.test");
        string[] attacked = ["Form.Name", "Form.CompanyName", "Form.EnterpriseNumber", "Form.Street", "Form.HouseNumber", "Form.Language", "Form.Mobile",
            "Form.Landline", "Form.Email", "Form.ConsentVersion"];
        Task<int> Stored() => CountAsync(async db => await db.Members.CountAsync(m => m.BinId == bin.Id)
            + await db.VerificationCodes.CountAsync(c => c.Target == mobile || c.Target == "anna@example.test")
            + await db.AuditEntries.CountAsync(a => a.Action == "SignUp" && a.Details!.Contains($"bin={bin.Id}")));

        foreach (var handler in new[] { "Next", "Back", "Submit" })
            await AttackAsync(app.ClientFor(null), $"/Join/{bin.Id}", $"/Join/{bin.Id}?handler={handler}", new(fields), attacked, attack);
        Assert.Equal(0, await Stored());
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_sign_up_code_screen_refuses_hostile_input_without_a_5xx_and_verifies_nothing(string attack)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = UniqueMobile();
        var client = app.ClientFor(null);
        var verifyUrl = (await JoinSupport.SubmitAsync(client, bin.Id, JoinSupport.Form(mobile: mobile))).Headers.Location!.ToString();

        await AttackAsync(client, verifyUrl, verifyUrl, new() { ["Code"] = "123456" }, ["Code"], attack);
        await using var db = app.Db();
        Assert.False((await db.MemberPhones.SingleAsync(p => p.Number == mobile)).Verified);
        var member = await db.Members.SingleAsync(m => m.BinId == bin.Id);
        Assert.False(await db.MemberEvents.AnyAsync(e => e.MemberId == member.Id && e.Kind == "Verified"));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_request_for_a_new_bin_refuses_hostile_input_without_a_5xx_and_mails_nobody(string attack)
    {
        var place = await world.PlaceAsync();
        await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone); // someone the request would be mailed to
        Task<int> Stored() => CountAsync(async db => await db.Deliveries.CountAsync(m => m.Kind == "BinRequest" && m.Body!.Contains(place.Nis))
            + await db.AuditEntries.CountAsync(a => a.Action == "RequestBin" && a.EntityId == place.Nis));
        var fields = new Dictionary<string, string>
        {
            ["Nis"] = place.Nis, ["Name"] = "Anna", ["Email"] = "anna@example.test", ["Phone"] = "0470 12 34 56", ["Street"] = "Kerkstraat", ["Message"] = "Please",
        };
        var before = await Stored();
        await AttackAsync(app.ClientFor(null), "/Join/Request", "/Join/Request", fields, ["Name", "Email", "Phone", "Street", "Message"], attack);
        Assert.Equal(before, await Stored());
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_staff_login_refuses_hostile_input_without_a_5xx_and_signs_nobody_in(string attack)
    {
        var officer = await world.PersonAsync(Roles.PoliceOfficer);
        Task<int> Stored() => CountAsync(db => db.AuditEntries.CountAsync(a => a.Action == "SignIn" && a.EntityId == officer.User.Id));
        var client = app.ClientFor(null);
        var response = await AttackAsync(client, "/Account/Login", "/Account/Login",
            new() { ["Email"] = officer.User.Email!, ["Password"] = "wrong password!", ["ReturnUrl"] = "/Registry" }, ["Email", "Password", "ReturnUrl"], attack);
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, await Stored());
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_member_sign_in_refuses_hostile_input_without_a_5xx_and_sends_no_code(string attack)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = UniqueMobile();
        await app.HouseholdAsync(world, bin.Id, phones: [(mobile, true, true)]);
        Task<int> Stored() => CountAsync(async db => await db.VerificationCodes.CountAsync(c => c.Target == mobile)
            + await db.Deliveries.CountAsync(m => m.Recipient == mobile));

        await AttackAsync(app.ClientFor(null), "/Account/MemberSignIn", "/Account/MemberSignIn",
            new() { ["Address"] = mobile, ["ReturnUrl"] = "/Me" }, ["Address", "ReturnUrl"], attack);
        Assert.Equal(0, await Stored());
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_member_sign_in_code_refuses_hostile_input_without_a_5xx_and_opens_no_session(string attack)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var mobile = UniqueMobile();
        var home = await app.HouseholdAsync(world, bin.Id, phones: [(mobile, true, true)]);
        var client = app.ClientFor(null);
        var sent = await Forms.PostAsync(client, "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = mobile });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var codeUrl = sent.Headers.Location!.ToString();

        await AttackAsync(client, codeUrl, codeUrl, new() { ["Code"] = "000000", ["ReturnUrl"] = "/Me" }, ["Code", "ReturnUrl"], attack);
        Assert.Equal(0, await CountAsync(db => db.MemberSessions.CountAsync(s => s.UserId == home.Person.User.Id)));
    }

    [Theory]
    [InlineData("long")]
    [InlineData("invalid-utf8")]
    public async Task The_bin_finder_answers_hostile_queries_without_a_5xx(string attack)
    {
        var value = attack == "long" ? HostileInput.Long : HostileInput.InvalidUtf8Escaped;
        foreach (var query in new[] { $"Q={value}", $"Street={value}", $"Lat={value}&Lon={value}", $"map.x={value}&map.y=1" })
        {
            var response = await app.ClientFor(null).GetAsync($"/Join?{query}");
            Assert.True((int)response.StatusCode < 500, $"{attack} {query[..Math.Min(query.Length, 20)]}: {(int)response.StatusCode}");
        }
    }

    private static readonly Dictionary<string, string> ReportFields = new()
    {
        ["Category"] = "Theft", ["OccurredAt"] = "2026-03-02T09:30", ["Street"] = "Kerkstraat", ["HouseNumber"] = "5", ["Text"] = "Bike stolen",
        ["Suspect.Clothing"] = "black hoodie", ["Suspect.LicencePlate"] = "1-abc-123",
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_report_page_refuses_hostile_input_without_a_5xx_and_stores_no_report(string attack)
    {
        var s = await app.ReportSetupAsync(world);
        // A member's report with all valid values would be stored: only the attacked fields make it fail.
        await AttackAsync(app.ClientFor(s.Home.Person.Token), "/Reports/New", "/Reports/New", new(ReportFields),
            ["OccurredAt", "Street", "HouseNumber", "Text", "Suspect.Clothing", "Suspect.LicencePlate"], attack);
        Assert.Equal(0, await CountAsync(db => db.Reports.CountAsync(r => r.MemberId == s.Home.MemberId)));
    }

    [Theory]
    [MemberData(nameof(HostileInput.CorruptImages), MemberType = typeof(HostileInput))]
    public async Task The_report_page_refuses_corrupt_images_and_bombs_with_a_message_and_stores_no_report(string what)
    {
        var s = await app.ReportSetupAsync(world);
        var client = app.ClientFor(s.Home.Person.Token, "nl-BE");
        var form = new MultipartFormDataContent { { new StringContent(await Forms.TokenAsync(client, "/Reports/New")), "__RequestVerificationToken" } };
        foreach (var (name, value) in ReportFields) form.Add(new StringContent(value), name);
        var photo = new ByteArrayContent(HostileInput.Image(what));
        photo.Headers.ContentType = new(HostileInput.ContentTypeOf(what));
        form.Add(photo, "Photos", $"{what}.img");

        var response = await client.PostAsync("/Reports/New", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with the reason
        Assert.Contains($"{what}.img", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, await CountAsync(db => db.Reports.CountAsync(r => r.MemberId == s.Home.MemberId)));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task The_on_behalf_report_page_refuses_hostile_input_without_a_5xx_and_stores_no_report(string attack)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var fields = new Dictionary<string, string>
        {
            ["BinId"] = bin.Id.ToString(), ["Category"] = "Theft", ["OccurredAt"] = "2026-03-02T09:30", ["Street"] = "Kerkstraat", ["HouseNumber"] = "5",
            ["Text"] = "Caller saw a bike being stolen",
        };
        await AttackAsync(app.ClientFor(coordinator.Token), $"/Reports/OnBehalf?BinId={bin.Id}", $"/Reports/OnBehalf?BinId={bin.Id}", fields,
            ["MemberId", "OccurredAt", "Street", "HouseNumber", "Text"], attack);
        Assert.Equal(0, await CountAsync(db => db.Reports.CountAsync(r => r.BinId == bin.Id)));
    }
}
