using System.Text.RegularExpressions;
using BinHub.Features.Training;

namespace BinHub.Tests.Training;

public partial class TrainingPageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string? handler, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await Forms.TokenAsync(client, pageUrl);
        var url = handler is null ? pageUrl : $"{pageUrl}{(pageUrl.Contains('?') ? '&' : '?')}handler={handler}";
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> TextAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    [Fact]
    public async Task An_academy_schedules_registers_records_and_issues_a_certificate_on_the_pages_in_dutch()
    {
        await app.CurrentVersionAsync();
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var client = app.ClientFor(user.Token, "nl-BE");
        var day = TrainingScope.Today(app.Clock);

        var refused = await PostAsync(client, "/Training/Schedule", null, new() { ["AcademyId"] = academy.Id.ToString(), ["Place"] = "" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Vul in waar de sessie plaatsvindt.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));

        var scheduled = await PostAsync(client, "/Training/Schedule", null, new()
        {
            ["AcademyId"] = academy.Id.ToString(), ["StartsOn"] = day.ToString("yyyy-MM-dd"), ["EndsOn"] = day.AddDays(1).ToString("yyyy-MM-dd"),
            ["Place"] = "Campus Gent", ["Trainer"] = "Hoofdinspecteur Wouters", ["Language"] = "nl", ["Capacity"] = "12",
        });
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        var page = scheduled.Headers.Location!.OriginalString;
        Assert.Matches(@"^/Training/Session/\d+$", page);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, page, "Add", new() { ["category"] = "AspiringOfficer", ["name"] = "Lotte Jacobs" })).StatusCode);
        Assert.Contains("Lotte Jacobs is ingeschreven.", await TextAsync(client, page));
        int participant;
        await using (var db = app.Db()) participant = await db.TrainingParticipants.Where(p => p.Name == "Lotte Jacobs" && p.Session!.AcademyId == academy.Id).Select(p => p.Id).SingleAsync();

        var notPresent = await PostAsync(client, page, "Result", new() { ["participantId"] = $"{participant}", ["attendance"] = "Absent", ["result"] = "Passed" });
        Assert.Contains("Alleen een deelnemer die aanwezig was", WebUtility.HtmlDecode(await notPresent.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, page, "Result", new() { ["participantId"] = $"{participant}", ["attendance"] = "Present", ["result"] = "Passed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, page, "Issue", new() { ["participantId"] = $"{participant}" })).StatusCode);
        var html = await TextAsync(client, page);
        Assert.Matches(@"Getuigschrift [A-Z2-9]{5}-[A-Z2-9]{5} uitgereikt", html);
        Assert.Contains("Geslaagd", html);
    }

    [Fact]
    public async Task An_officer_reaches_the_zones_page_but_not_the_sessions()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token, "nl-BE");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Training")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Training/Schedule")).StatusCode);
        var zones = await TextAsync(client, "/Training/Zones");
        Assert.Contains($"{place.Zone} PZ Test", zones);
        Assert.Contains("Niemand opgeleid", zones);
        var coordinator = await world.PersonAsync(Roles.Coordinator);
        Assert.NotEqual(HttpStatusCode.OK, (await app.ClientFor(coordinator.Token).GetAsync("/Training/Zones")).StatusCode);
    }

    [Fact]
    public async Task An_academy_user_is_offered_training_in_the_header_and_no_registry_of_bins_it_has_none_of()
    {
        var user = await world.AcademyUserAsync(app, (await app.AcademyAsync()).Id);
        var html = await app.ClientFor(user.Token).GetStringAsync("/Training");
        Assert.Contains("href=\"/Training\"", html);
        Assert.DoesNotContain("href=\"/Registry\"", html);
    }

    [Fact]
    public async Task Another_academys_session_and_certificate_pages_are_not_found()
    {
        var user = await world.AcademyUserAsync(app, (await app.AcademyAsync()).Id);
        var session = await app.SessionAsync((await app.AcademyAsync()).Id);
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, result: TrainingResult.Passed)).Id);
        var client = app.ClientFor(user.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Training/Session/{session.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Training/Certificate/{cert.Id}")).StatusCode);
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == user.User.Id && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task Revoking_a_certificate_on_the_session_page_asks_first_and_needs_a_reason()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id);
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Tom Maes", result: TrainingResult.Passed)).Id);
        var client = app.ClientFor(user.Token, "nl-BE");
        var page = $"/Training/Session/{session.Id}";

        var ask = await PostAsync(client, page, "Revoke", new() { ["certificateId"] = $"{cert.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        Assert.Contains($"Getuigschrift {Certificates.Grouped(cert.Code)} van Tom Maes intrekken?", await TextAsync(client, ask.Headers.Location!.OriginalString));
        await using (var db = app.Db()) Assert.Null((await db.TrainingCertificates.SingleAsync(c => c.Id == cert.Id)).RevokedAt);

        var noReason = await PostAsync(client, page, "Revoke", new() { ["certificateId"] = $"{cert.Id}", ["confirmed"] = "true", ["reason"] = "" });
        Assert.Contains("Geef de reden van de intrekking.", WebUtility.HtmlDecode(await noReason.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, page, "Revoke", new() { ["certificateId"] = $"{cert.Id}", ["confirmed"] = "true", ["reason"] = "Fraude bij het examen" })).StatusCode);
        await using (var db = app.Db()) Assert.Equal("Fraude bij het examen", (await db.TrainingCertificates.SingleAsync(c => c.Id == cert.Id)).RevokedReason);
    }

    [Fact]
    public async Task Anyone_checks_a_code_on_the_verification_page_and_sees_the_holder_session_version_and_date_only()
    {
        var academy = await app.AcademyAsync();
        var session = await app.SessionAsync(academy.Id, language: "fr");
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Julie Lambert", email: "julie@example.test", zone: null, result: TrainingResult.Passed)).Id);
        var anonymous = app.ClientFor(null, "fr-BE");

        var html = await TextAsync(anonymous, $"/Certificates/Verify?code={cert.Code.ToLowerInvariant()}");
        Assert.Contains("Ce certificat est valable.", html);
        Assert.Contains("Julie Lambert", html);
        Assert.Contains(academy.Name, html);
        Assert.DoesNotContain("julie@example.test", html);

        var posted = await PostAsync(anonymous, "/Certificates/Verify", null, new() { ["Code"] = "ZZZZZ-ZZZZZ" });
        Assert.Contains("Aucun certificat ne porte ce code.", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()));
        var empty = await PostAsync(anonymous, "/Certificates/Verify", null, new() { ["Code"] = "" });
        Assert.Contains("Saisissez le code de vérification.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task The_printable_certificate_shows_the_holder_the_version_and_the_code_in_the_sessions_language()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var version = await app.CurrentVersionAsync();
        var session = await app.SessionAsync(academy.Id, language: "de");
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Lukas Kever", result: TrainingResult.Passed)).Id);
        var html = await TextAsync(app.ClientFor(user.Token, "nl-BE"), $"/Training/Certificate/{cert.Id}");
        Assert.Contains("Zertifikat der BIN-Ausbildung", html);
        Assert.Contains("Lukas Kever", html);
        Assert.Contains($"Lehrplanversion {version.Label}", html);
        Assert.Contains(Certificates.Grouped(cert.Code), html);
    }

    [Fact]
    public async Task Making_a_draft_current_on_the_curriculum_page_asks_first()
    {
        await app.CurrentVersionAsync(); // the draft copies its modules
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var client = app.ClientFor(centre.Token, "nl-BE");
        var label = $"P{Guid.NewGuid():N}"[..9];
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/Training/Curriculum", "Draft", new() { ["Label"] = label, ["copyCurrent"] = "true" })).StatusCode);
        int id;
        await using (var db = app.Db()) id = await db.CurriculumVersions.Where(v => v.Label == label).Select(v => v.Id).SingleAsync();

        var ask = await PostAsync(client, "/Training/Curriculum", "Current", new() { ["versionId"] = $"{id}" });
        Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        Assert.Contains($"Versie {label} het huidige curriculum maken?", await TextAsync(client, ask.Headers.Location!.OriginalString));
        await using (var db = app.Db()) Assert.Equal(CurriculumState.Draft, (await db.CurriculumVersions.SingleAsync(v => v.Id == id)).State);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, "/Training/Curriculum", "Current", new() { ["versionId"] = $"{id}", ["confirmed"] = "true" })).StatusCode);
        await using (var db = app.Db()) Assert.Equal(CurriculumState.Current, (await db.CurriculumVersions.SingleAsync(v => v.Id == id)).State);
    }

    [Fact]
    public async Task Taking_a_participant_off_on_the_session_page_asks_first()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id);
        var p = await app.ParticipantAsync(session.Id, name: "Sam Peeters");
        var client = app.ClientFor(user.Token, "nl-BE");
        var page = $"/Training/Session/{session.Id}";

        var ask = await PostAsync(client, page, "Remove", new() { ["participantId"] = $"{p.Id}" });
        Assert.Contains("Sam Peeters uit deze sessie verwijderen?", await TextAsync(client, ask.Headers.Location!.OriginalString));
        await using (var db = app.Db()) Assert.True(await db.TrainingParticipants.AnyAsync(x => x.Id == p.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, page, "Remove", new() { ["participantId"] = $"{p.Id}", ["confirmed"] = "true" })).StatusCode);
        await using (var db = app.Db()) Assert.False(await db.TrainingParticipants.AnyAsync(x => x.Id == p.Id));
    }
}
