using BinHub.Features.Training;

namespace BinHub.Tests.Training;

public class TrainingApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private object Schedule(int academyId, int daysAhead = 7, string place = "Campus Gent", int capacity = 20) => new
    {
        academyId, startsOn = TrainingScope.Today(app.Clock).AddDays(daysAhead).ToString("yyyy-MM-dd"),
        endsOn = TrainingScope.Today(app.Clock).AddDays(daysAhead + 1).ToString("yyyy-MM-dd"), place, trainer = "Hoofdinspecteur Wouters",
        language = "nl", capacity,
    };

    private async Task<int> DeniedAsync(string userId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.CountAsync(a => a.UserId == userId && a.Outcome == "Denied");
    }

    [Fact]
    public async Task An_academy_schedules_for_itself_and_another_academys_session_is_not_found_and_audited()
    {
        await app.CurrentVersionAsync();
        var mine = await app.AcademyAsync();
        var other = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, mine.Id);
        var client = app.ClientFor(user.Token);

        var made = await client.PostAsJsonAsync("/api/v1/training/sessions", Schedule(mine.Id));
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var session = await made.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(mine.Id, session.GetProperty("academyId").GetInt32());

        var before = await DeniedAsync(user.User.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/v1/training/sessions", Schedule(other.Id))).StatusCode);
        var foreign = await app.SessionAsync(other.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/training/sessions/{foreign.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/training/sessions/{foreign.Id}/participants",
            new { category = "AspiringOfficer", name = "Iemand" })).StatusCode);
        Assert.Equal(before + 3, await DeniedAsync(user.User.Id));

        // The Kenniscentrum acts for any academy.
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(centre.Token).PostAsJsonAsync("/api/v1/training/sessions", Schedule(other.Id))).StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/training/sessions?pageSize=200");
        Assert.All(list.GetProperty("items").EnumerateArray(), i => Assert.Equal(mine.Id, i.GetProperty("academyId").GetInt32()));
    }

    [Fact]
    public async Task Officers_coordinators_and_members_cannot_run_training()
    {
        var place = await world.PlaceAsync();
        foreach (var who in new[] { await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone), await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis) })
            Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(who.Token).GetAsync("/api/v1/training/sessions")).StatusCode);
    }

    [Fact]
    public async Task A_session_without_place_and_ending_before_it_starts_is_refused_in_the_users_language()
    {
        await app.CurrentVersionAsync();
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var body = new
        {
            academyId = academy.Id, startsOn = TrainingScope.Today(app.Clock).AddDays(5).ToString("yyyy-MM-dd"),
            endsOn = TrainingScope.Today(app.Clock).AddDays(4).ToString("yyyy-MM-dd"), place = " ", trainer = "X", language = "nl", capacity = 0,
        };
        var response = await app.ClientFor(user.Token, "fr").PostAsJsonAsync("/api/v1/training/sessions", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("où la session a lieu", errors.GetProperty("place")[0].GetString());
        Assert.Contains("dernier jour", errors.GetProperty("endsOn")[0].GetString());
        Assert.Contains("Places", errors.GetProperty("capacity")[0].GetString());
    }

    [Fact]
    public async Task A_session_keeps_the_version_current_when_it_was_scheduled_and_only_a_draft_changes()
    {
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var client = app.ClientFor(centre.Token);
        var old = await app.CurrentVersionAsync();
        var academy = await app.AcademyAsync();
        var before = await (await client.PostAsJsonAsync("/api/v1/training/sessions", Schedule(academy.Id))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(old.Label, before.GetProperty("curriculumVersion").GetString());

        var label = $"V{Guid.NewGuid():N}"[..10];
        var draft = await (await client.PostAsJsonAsync("/api/v1/training/curriculum/versions", new { label, copyCurrent = true })).Content.ReadFromJsonAsync<JsonElement>();
        var draftId = draft.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/training/curriculum/versions/{draftId}/modules",
            new { language = "fr", title = "Cybercriminalité", learningOutcomes = "Reconnaît une fraude en ligne.", hours = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/training/curriculum/versions/{draftId}/current", null)).StatusCode);

        // Current now: no longer a draft, so it does not change any more; the old version is retired.
        var late = await client.PostAsJsonAsync($"/api/v1/training/curriculum/versions/{draftId}/modules",
            new { language = "nl", title = "Te laat", learningOutcomes = "x", hours = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        await using (var db = app.Db())
        {
            Assert.Equal(CurriculumState.Retired, (await db.CurriculumVersions.SingleAsync(v => v.Id == old.Id)).State);
            Assert.Equal(draftId, (await db.CurriculumVersions.SingleAsync(v => v.State == CurriculumState.Current)).Id);
            Assert.Equal(old.Id, (await db.TrainingSessions.SingleAsync(s => s.Id == before.GetProperty("id").GetInt32())).CurriculumVersionId);
        }
        var after = await (await client.PostAsJsonAsync("/api/v1/training/sessions", Schedule(academy.Id))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(label, after.GetProperty("curriculumVersion").GetString());
    }

    [Fact]
    public async Task An_academy_reads_the_curriculum_but_cannot_change_it()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var client = app.ClientFor(user.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/training/curriculum")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/training/curriculum/versions", new { label = "X1", copyCurrent = false })).StatusCode);
    }

    [Fact]
    public async Task A_full_session_refuses_another_participant_and_nobody_is_registered_twice()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id, capacity: 1);
        var client = app.ClientFor(user.Token);
        var url = $"/api/v1/training/sessions/{session.Id}/participants";
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(url, new { category = "AspiringOfficer", name = "Lotte Jacobs", email = "lotte@example.test" })).StatusCode);
        var full = await client.PostAsJsonAsync(url, new { category = "AspiringOfficer", name = "Tom Maes" });
        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Contains("full", await full.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_officer_is_registered_by_the_e_mail_of_their_account_and_a_member_is_not()
    {
        var place = await world.PlaceAsync();
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var member = await world.PersonAsync(Roles.Member);
        var client = app.ClientFor(user.Token);
        var url = $"/api/v1/training/sessions/{session.Id}/participants";

        var added = await client.PostAsJsonAsync(url, new { category = "MandatedOfficer", userEmail = officer.User.Email });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.True((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasAccount").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync(url, new { category = "MandatedOfficer", userEmail = officer.User.Email })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync(url, new { category = "Coordinator", userEmail = member.User.Email })).StatusCode);
        await using var db = app.Db();
        Assert.Equal(place.Zone, (await db.TrainingParticipants.SingleAsync(p => p.SessionId == session.Id)).PoliceZoneNumber);
    }

    [Fact]
    public async Task Reading_a_sessions_participants_is_audited()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id);
        await app.ParticipantAsync(session.Id, name: "Sara Wouters");
        var read = await app.ClientFor(user.Token).GetFromJsonAsync<JsonElement>($"/api/v1/training/sessions/{session.Id}");
        Assert.Equal("Sara Wouters", read.GetProperty("participants")[0].GetProperty("name").GetString());
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == user.User.Id && a.Action == "ReadParticipants" && a.EntityId == session.Id.ToString()));
    }

    [Fact]
    public async Task A_participant_who_passed_gets_a_certificate_by_e_mail_in_their_language_that_anyone_can_verify()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var session = await app.SessionAsync(academy.Id, language: "fr");
        var p = await app.ParticipantAsync(session.Id, name: "Julie Lambert", email: $"julie.{Guid.NewGuid():N}@example.test");
        var client = app.ClientFor(user.Token);
        var issue = $"/api/v1/training/sessions/{session.Id}/participants/{p.Id}/certificate";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(issue, null)).StatusCode); // not assessed yet
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync($"/api/v1/training/sessions/{session.Id}/participants/{p.Id}",
            new { attendance = "Absent", result = "Passed" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/training/sessions/{session.Id}/participants/{p.Id}",
            new { attendance = "Present", result = "Passed" })).StatusCode);
        var issued = await client.PostAsync(issue, null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var code = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        Assert.Matches("^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{10}$", code);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync(issue, null)).StatusCode); // one valid certificate at a time

        await using (var db = app.Db())
        {
            var mail = await db.Deliveries.SingleAsync(d => d.Recipient == p.Email);
            Assert.Equal(("TrainingCertificate", Channels.Email, "fr"), (mail.Kind, mail.Channel, mail.Language));
            Assert.Contains("Votre certificat", mail.Subject);
            Assert.Contains(Certificates.Grouped(code), mail.Body);
        }

        // Anyone, typed as people type it: lower case, with the dash.
        var check = await app.ClientFor(null).GetFromJsonAsync<JsonElement>($"/api/v1/training/certificates/verify?code={Certificates.Grouped(code).ToLowerInvariant()}");
        Assert.True(check.GetProperty("found").GetBoolean());
        Assert.False(check.GetProperty("revoked").GetBoolean());
        Assert.Equal("Julie Lambert", check.GetProperty("name").GetString());
        Assert.Equal(academy.Name, check.GetProperty("academy").GetString());
        Assert.DoesNotContain(p.Email!, check.GetRawText());
    }

    [Fact]
    public async Task A_revoked_certificate_verifies_as_revoked_and_needs_a_reason()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var other = await world.AcademyUserAsync(app, (await app.AcademyAsync()).Id);
        var session = await app.SessionAsync(academy.Id);
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, result: TrainingResult.Passed)).Id);
        var url = $"/api/v1/training/certificates/{cert.Id}/revocation";

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(other.Token).PostAsJsonAsync(url, new { reason = "Fraude" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(user.Token).PostAsJsonAsync(url, new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(user.Token).PostAsJsonAsync(url, new { reason = "Examen ongeldig verklaard" })).StatusCode);
        var check = await app.ClientFor(null).GetFromJsonAsync<JsonElement>($"/api/v1/training/certificates/verify?code={cert.Code}");
        Assert.True(check.GetProperty("found").GetBoolean());
        Assert.True(check.GetProperty("revoked").GetBoolean());
        Assert.DoesNotContain("ongeldig", check.GetRawText()); // the reason is the academy's, not the public's
    }

    [Fact]
    public async Task An_unknown_code_verifies_as_nothing_at_all()
    {
        var check = await app.ClientFor(null).GetFromJsonAsync<JsonElement>("/api/v1/training/certificates/verify?code=ABCDE-FGHJK");
        Assert.False(check.GetProperty("found").GetBoolean());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("name").ValueKind);
    }

    [Fact]
    public async Task A_user_sees_their_own_certificates()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var session = await app.SessionAsync((await app.AcademyAsync()).Id);
        var cert = await app.CertificateAsync((await app.ParticipantAsync(session.Id, userId: officer.User.Id, result: TrainingResult.Passed)).Id);
        await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Someone else", result: TrainingResult.Passed)).Id);
        var mine = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>("/api/v1/training/my-certificates");
        Assert.Equal([cert.Code], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task An_academy_user_without_a_second_factor_cannot_use_a_token()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        await using (var db = app.Db()) await db.Users.Where(u => u.Id == user.User.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, false));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientFor(user.Token).GetAsync("/api/v1/training/sessions")).StatusCode);
    }

    [Fact]
    public async Task A_participant_is_taken_off_with_their_data_unless_they_hold_a_certificate()
    {
        var academy = await app.AcademyAsync();
        var user = await world.AcademyUserAsync(app, academy.Id);
        var other = await world.AcademyUserAsync(app, (await app.AcademyAsync()).Id);
        var session = await app.SessionAsync(academy.Id);
        var mistake = await app.ParticipantAsync(session.Id, name: "Verkeerd Ingeschreven", email: "fout@example.test");
        var certified = await app.ParticipantAsync(session.Id, name: "Geslaagd", result: TrainingResult.Passed);
        await app.CertificateAsync(certified.Id);
        string Url(int participant) => $"/api/v1/training/sessions/{session.Id}/participants/{participant}";

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(other.Token).DeleteAsync(Url(mistake.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientFor(user.Token).DeleteAsync(Url(mistake.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(user.Token).DeleteAsync(Url(certified.Id))).StatusCode);
        await using var db = app.Db();
        Assert.Equal(["Geslaagd"], await db.TrainingParticipants.Where(p => p.SessionId == session.Id).Select(p => p.Name).ToListAsync());
    }
}
