using System.Text.RegularExpressions;
using BinHub.Features.Sms;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Web;

/// <summary>
/// Every Razor page, as every role and anonymously, in Dutch, French and German, with data behind it (a report answering an
/// alarm, a sent alarm, BIN history, audit and outbox rows, a member's sign-in): no missing resource key, no English text
/// where the language has its own, no code name ("PoliceOfficer", "SuspiciousVehicle"). The pages come from the app's
/// own route table, so a new page is checked without anyone adding it here; the main forms are also sent empty.
/// </summary>
public partial class EveryPageInEveryLanguageTests(MissingKeysApp app) : IClassFixture<MissingKeysApp>
{
    private sealed record Data(List<(string Who, string? Token)> Clients, Dictionary<string, Dictionary<string, string>> Ids, int BinId, int ReportId,
        Dictionary<string, Func<string, Task<(HttpClient Client, string Url)>>> Flows);

    /// <summary>Pages a GET never renders for anyone: they act on a POST or need a link from an e-mail / a sign-in in progress.</summary>
    private static readonly Dictionary<string, string> NotRenderedByGet = new()
    {
        ["/Language"] = "switches on POST; a GET goes home",
        ["/Account/Logout"] = "signs out on POST",
    };

    [Fact]
    public async Task Every_page_in_nl_fr_and_de_shows_no_missing_key_no_English_text_and_no_code_name()
    {
        var data = await DataAsync();
        var pages = Pages();
        var rendered = new HashSet<string>();
        var offenders = new List<string>();
        foreach (var lang in new[] { "nl", "fr", "de" })
        {
            var forbidden = VisibleText.For(lang, ResourceDirectory());
            foreach (var (page, pattern) in pages)
            {
                var url = "/" + Param().Replace(pattern, m => data.Ids.GetValueOrDefault(page)?.GetValueOrDefault(m.Groups[1].Value)
                    ?? throw new InvalidOperationException($"{page} needs '{m.Groups[1].Value}': add it to the ids in DataAsync"));
                List<(string Who, Func<Task<(HttpClient Client, string Url)>> Go)> visits = data.Flows.TryGetValue(page, out var flow)
                    ? [("anonymous", () => flow(lang))]
                    : [.. data.Clients.Select(c => (c.Who, (Func<Task<(HttpClient, string)>>)(() => Task.FromResult((app.ClientFor(c.Token, lang), url)))))];
                foreach (var (who, go) in visits)
                {
                    var (client, at) = await go();
                    app.Missing.Clear();
                    var response = await client.GetAsync(at);
                    // The error page answers with the status it explains; every other page must answer 200 to count as rendered.
                    var expected = page == "/Error" ? HttpStatusCode.NotFound : HttpStatusCode.OK;
                    if (response.StatusCode != expected || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                    rendered.Add(page);
                    Check($"{lang} {who} GET {at}", await response.Content.ReadAsStringAsync(), forbidden, offenders);
                }
            }
            foreach (var (who, get, post, fields) in EmptyForms(data))
            {
                var client = app.ClientFor(data.Clients.Single(c => c.Who == who).Token, lang);
                app.Missing.Clear();
                var response = await Forms.PostAsync(client, get, post, new(fields ?? []));
                if (response.Headers.Location is { } back && !back.IsAbsoluteUri) response = await client.GetAsync(back);
                Check($"{lang} {who} POST {post} ({(fields is null ? "empty" : "unreadable")})", await response.Content.ReadAsStringAsync(), forbidden, offenders);
            }
        }
        offenders.AddRange(pages.Keys.Except(rendered).Except(NotRenderedByGet.Keys).Select(p => $"{p}: rendered for nobody (give it data, a flow or a reason)"));
        Assert.True(offenders.Count == 0, $"{offenders.Count} offenders:\n" + string.Join("\n", offenders.Distinct()));
    }

    /// <summary>The audit log's count named the wrong thing ("116 BIN's gevonden"): it counts log entries.</summary>
    [Fact]
    public async Task The_audit_log_counts_its_entries_not_BINs()
    {
        var admin = await new World(app).PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await app.ClientFor(admin.Token, "nl").GetStringAsync("/Admin/Audit"));
        Assert.DoesNotContain("BIN's gevonden", html);
        Assert.Matches(@"\d+ regels gevonden", html);
    }

    private void Check(string where, string html, VisibleText.Forbidden forbidden, List<string> offenders)
    {
        offenders.AddRange(app.Missing.Keys.Select(k => $"{where}: missing key {k}"));
        foreach (var line in VisibleText.Lines(html))
        foreach (var bad in VisibleText.Offenders(line, forbidden))
            offenders.Add($"{where}: \"{bad}\" in \"{(line.Length > 120 ? line[..120] + "…" : line)}\"");
    }

    /// <summary>Each page once (an Index page has two routes, "/X" and "/X/Index"), by its shortest route.</summary>
    private Dictionary<string, string> Pages() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Page: e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath, Pattern: e.RoutePattern.RawText ?? ""))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Pattern).OrderBy(p => p.Length).First());

    /// <summary>
    /// The main forms, sent with nothing filled in (or, where fields are given, with values the model binder cannot read):
    /// who sends, the page with the form, where it posts.
    /// </summary>
    private static (string Who, string Get, string Post, Dictionary<string, string>? Fields)[] EmptyForms(Data d) =>
    [
        ("anonymous", "/Account/Login", "/Account/Login", null),
        ("anonymous", "/Account/MemberSignIn", "/Account/MemberSignIn", null),
        ("anonymous", "/Join/Request", "/Join/Request", null),
        ("anonymous", $"/Join/{d.BinId}", $"/Join/{d.BinId}?handler=Next", null),
        ("officer", "/Registry/Edit", "/Registry/Edit", null),
        ("officer", $"/Registry/Edit/{d.BinId}", $"/Registry/Edit/{d.BinId}", null),
        ("officer", "/Messages/Compose", "/Messages/Compose?handler=Preview", null),
        ("officer", $"/Police/Report/{d.ReportId}", $"/Police/Report/{d.ReportId}?handler=Decide", null),
        ("coordinator", $"/Registry/Members/{d.BinId}", $"/Registry/Members/{d.BinId}?handler=Add", null),
        ("coordinator", "/Reports/OnBehalf", "/Reports/OnBehalf", null),
        ("member", "/Reports/New", "/Reports/New", null),
        ("member", "/Me/Phones", "/Me/Phones?handler=Add", null),
        ("member", "/Me", "/Me", null),
        ("kenniscentrum", "/Training/Schedule", "/Training/Schedule", null),
        ("anonymous", "/Certificates/Verify", "/Certificates/Verify", null),
        ("coordinator", "/Practices/Propose", "/Practices/Propose", null),
        ("municipality", "/Volunteering/Publish", "/Volunteering/Publish", null),
        ("member", "/Me/Volunteering", "/Me/Volunteering?handler=Apply", null),
        ("coordinator", "/Events/Edit", "/Events/Edit", null),
        ("coordinator", $"/Events/Cancel/{d.Ids["/Events/Cancel"]["id"]}", $"/Events/Cancel/{d.Ids["/Events/Cancel"]["id"]}", null),
        ("kenniscentrum", "/SteeringCommittee/Meeting", "/SteeringCommittee/Meeting", null),
        ("officer", "/Registry/Edit", "/Registry/Edit",
            new() { ["Input.Type"] = "x", ["Input.EnteredHouseholds"] = "x", ["Input.StartDate"] = "x", ["Input.QuietFrom"] = "x", ["Input.MunicipalityNis"] = "" }),
    ];

    private async Task<Data> DataAsync()
    {
        var world = new World(app);
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var bin = await world.BinAsync(place, BinStatus.Active, name: "Buurt Kerkstraat", officerId: officer.User.Id);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var admin = await world.PersonAsync(Roles.Admin);
        var phone = UiBuilders.Number();
        var home = await app.HouseholdAsync(world, bin.Id, name: "Jan Peeters", language: "nl", email: "jan@example.test", emailVerified: true,
            phones: [(phone, true, true)]);
        await using (var db = app.Db()) // World names people after their role ("PoliceOfficer 1234"): that would be a code name on screen
            await db.Users.Where(u => u.DisplayName!.Contains("Officer") || u.DisplayName!.Contains("Official") || u.DisplayName!.Contains("Admin")
                || u.DisplayName!.StartsWith("Coordinator") || u.DisplayName!.StartsWith("Member")).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "Els Maes"));

        var alarm = await app.SendAsync(officer.Token, UiBuilders.Alarm(bin.Id));
        await app.DispatchRoundAsync();
        await app.ReportAsync(home.Person.Token); // from the web, "SuspiciousVehicle"
        var reply = await app.ReportAsync(home.Person.Token, text: "Ik zie de wagen nu in de Dorpsstraat");
        await using (var db = app.Db()) // as InboundSms files a member's SMS answering the alarm
            await db.Reports.Where(r => r.Id == reply).ExecuteUpdateAsync(s => s.SetProperty(r => r.Text, r => InboundSms.ReplyPrefix(alarm) + " " + r.Text));
        var web = await app.ReceivedAsync(home.MemberId, MessageKind.Prevention, "Sluit uw ramen", "nl", HistoryBuilders.WebTo(home.Person.User.Id));
        long webDelivery;
        await using (var db = app.Db()) webDelivery = await db.Deliveries.Where(d => d.MessageId == web).Select(d => d.Id).SingleAsync();
        // Someone who signed up and has not yet typed the code sent to their mobile.
        var newcomer = await app.HouseholdAsync(world, bin.Id, name: "Marie Lambert", language: "fr", phones: [(UiBuilders.Number(), true, false)]);
        var ticket = BinHub.Pages.Join.VerifyModel.Protector(app.Services.GetRequiredService<IDataProtectionProvider>())
            .Protect(newcomer.MemberId.ToString(), TimeSpan.FromHours(2));
        var (staff, password) = await StaffWithPasswordAsync();
        // A sign-in code by SMS and a phone to verify: "SignIn · Sms" in the export, "CodeVerifyPhone" in the outbox.
        await Forms.PostAsync(app.ClientFor(null), "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = phone });
        await Forms.PostAsync(app.ClientFor(home.Person.Token), "/Me/Phones", "/Me/Phones?handler=Add", new() { ["number"] = UiBuilders.Number() });
        await app.ClientFor(officer.Token).GetAsync($"/Police/Report/{reply}"); // a read of personal data in the audit log

        var practices = await app.PracticePagesAsync(world, coordinator.Token, centre.Token, bin.Id); // after the renaming: the author's name is shown
        // An event of the BIN with the household registered: the publisher's pages and the member's list have something to show.
        var eventId = (await app.PublishAsync(coordinator.Token, place, bin.Id, app.BrusselsAt(10, 19), capacity: 20, title: "Infoavond")).ToString();
        await app.RegisterAsync(home.Person.Token, int.Parse(eventId), 2);
        var binId = bin.Id.ToString();
        var ids = new Dictionary<string, Dictionary<string, string>>
        {
            // A BIN's pages and the sign-up for it: the active BIN above.
            ["/Registry/Charter"] = new() { ["id"] = binId },
            ["/Registry/Details"] = new() { ["id"] = binId },
            ["/Registry/Succession"] = new() { ["id"] = binId },
            ["/Registry/Members"] = new() { ["id"] = binId },
            ["/Registry/Edit"] = new() { ["id"] = binId },
            ["/Join/SignUp"] = new() { ["id"] = binId },
            // One household's history in that BIN.
            ["/Registry/MemberHistory"] = new() { ["id"] = binId, ["memberId"] = home.MemberId.ToString() },
            // The officer's alarm, the member's web message, the report that answers the alarm.
            ["/Messages/Details"] = new() { ["id"] = alarm.ToString() },
            ["/Me/Inbox"] = new() { ["id"] = webDelivery.ToString() },
            ["/Police/Report"] = new() { ["id"] = reply.ToString() },
            ["/Practices/Details"] = new() { ["id"] = practices.Published.ToString() },
            ["/Practices/Edit"] = new() { ["id"] = practices.Draft.ToString() },
            ["/Events/Edit"] = new() { ["id"] = eventId },
            ["/Events/Cancel"] = new() { ["id"] = eventId },
            ["/Events/Registrations"] = new() { ["id"] = eventId },
            // report: a steering committee meeting with an attendee, a decision and a document.
            ["/SteeringCommittee/Meeting"] = new() { ["id"] = (await SteeringCrawl.MeetingAsync(app.ClientFor(centre.Token))).ToString() },
        };
        var training = await TrainingDataAsync(officer);
        foreach (var (page, values) in training.Ids) ids[page] = values;
        await VolunteeringDataAsync(world, bin.Id, municipality, home, ids);
        List<(string, string?)> clients =
        [
            ("anonymous", null), ("member", home.Person.Token), ("coordinator", coordinator.Token), ("officer", officer.Token),
            ("municipality", municipality.Token), ("kenniscentrum", centre.Token), ("admin", admin.Token),
        ];
        // Pages that only render in the middle of a flow: a fresh browser brought to that step in the language under test.
        var flows = new Dictionary<string, Func<string, Task<(HttpClient, string)>>>
        {
            ["/Account/MemberCode"] = async lang =>
            {
                var c = app.ClientFor(null, lang);
                var sent = await Forms.PostAsync(c, "/Account/MemberSignIn", "/Account/MemberSignIn", new() { ["Address"] = phone });
                return (c, sent.Headers.Location?.OriginalString ?? "/Account/MemberCode"); // carries the protected target

            },
            ["/Account/LoginWith2fa"] = async lang =>
            {
                var c = app.ClientFor(null, lang);
                await Forms.PostAsync(c, "/Account/Login", "/Account/Login", new() { ["Email"] = staff, ["Password"] = password });
                return (c, "/Account/LoginWith2fa");
            },
            // The HTML page a browser gets for an address that does not exist.
            ["/Error"] = lang => Task.FromResult((app.ClientFor(null, lang), "/Registry/NoSuchPage")),
            ["/Join/Verify"] = lang => Task.FromResult((app.ClientFor(null, lang), "/Join/Verify?t=" + Uri.EscapeDataString(ticket))),
            ["/Certificates/Verify"] = lang => Task.FromResult((app.ClientFor(null, lang), training.VerifyUrl)),
        };
        return new Data(clients, ids, bin.Id, reply, flows);
    }

    /// <summary>A police officer who signs in with a password and an authenticator, for the second sign-in step.</summary>
    private async Task<(string Email, string Password)> StaffWithPasswordAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"officer.{Guid.NewGuid():N}@test.invalid";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "An Claes", LockoutEnabled = true };
        Assert.True((await users.CreateAsync(user, "Correct-Horse-42")).Succeeded);
        await users.AddToRoleAsync(user, Roles.PoliceOfficer);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (email, "Correct-Horse-42");
    }

    private static string ResourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "src", "BinHub", "Resources"))) return Path.Combine(dir.FullName, "src", "BinHub", "Resources");
        throw new InvalidOperationException("src/BinHub/Resources not found above the test binaries.");
    }

    [GeneratedRegex(@"\{(\w+)(?::[^}?]*)?\??\}")]
    private static partial Regex Param();
}
