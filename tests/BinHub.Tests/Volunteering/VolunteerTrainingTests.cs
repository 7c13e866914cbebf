using System.Globalization;
using BinHub.Features.Training;
using BinHub.Features.Volunteering;

namespace BinHub.Tests.Volunteering;

/// <summary>A volunteer's training comes from the training registry: the call's session, registration at acceptance, the state read back, erasure.</summary>
public class VolunteerTrainingTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>A municipality of a region of its own, its official, and an upcoming session of an academy of that region.</summary>
    private async Task<(int BinId, World.Person Official, TrainingSession Session)> SetupAsync(int capacity = 10, string language = "fr")
    {
        var place = await world.PlaceAsync($"T{Random.Shared.Next(1000, 9999)}");
        var bin = await world.BinAsync(place, BinStatus.Active);
        var official = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);
        int academyId;
        await using (var db = app.Db())
        {
            var academy = new Academy { Name = $"Académie {Guid.NewGuid():N}", RegionCode = place.RegionCode, Town = "Namur", Languages = "fr,nl,de" };
            db.Academies.Add(academy);
            await db.SaveChangesAsync();
            academyId = academy.Id;
        }
        return (bin.Id, official, await app.SessionAsync(academyId, TrainingScope.Today(app.Clock).AddDays(20), capacity, language));
    }

    private async Task<(MeBuilders.Household Member, JsonElement Result)> AcceptedAsync(World.Person official, int binId, int callId, string language = "fr")
    {
        var member = await app.VolunteerCandidateAsync(world, binId, language);
        var applicationId = await app.ApplyAsync(member.Person, callId);
        var response = await app.ClientFor(official.Token).PostAsJsonAsync($"/api/v1/volunteering/applications/{applicationId}/accept", new { message = "Welkom" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (member, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<Dictionary<int, JsonElement>> TrainingStatesAsync(World.Person official) =>
        (await app.ClientFor(official.Token).GetFromJsonAsync<JsonElement>("/api/v1/volunteering/volunteers")).GetProperty("items").EnumerateArray()
        .ToDictionary(i => i.GetProperty("memberId").GetInt32(), i => i.GetProperty("trainingState"));

    [Fact]
    public async Task A_call_names_an_upcoming_session_with_room_of_its_regions_academies_and_another_regions_session_is_not_found()
    {
        var (_, official, own) = await SetupAsync();
        var today = TrainingScope.Today(app.Clock);
        var foreign = await app.SessionAsync((await app.AcademyAsync()).Id, today.AddDays(20));
        var begun = await app.SessionAsync(own.AcademyId, today.AddDays(-1));
        var full = await app.SessionAsync(own.AcademyId, today.AddDays(30), capacity: 1);
        await app.ParticipantAsync(full.Id);
        var client = app.ClientFor(official.Token, "nl-BE");

        var outside = await client.PostAsJsonAsync("/api/v1/volunteering/calls", VolunteeringBuilders.CallRequest(session: foreign.Id));
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        var tooLate = await client.PostAsJsonAsync("/api/v1/volunteering/calls", VolunteeringBuilders.CallRequest(session: begun.Id));
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
        Assert.Contains("is al begonnen", await tooLate.Content.ReadAsStringAsync());
        var noRoom = await client.PostAsJsonAsync("/api/v1/volunteering/calls", VolunteeringBuilders.CallRequest(session: full.Id));
        Assert.Contains("volzet", await noRoom.Content.ReadAsStringAsync());

        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: own.Id));
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/volunteering/calls/{callId}");
        Assert.Equal(("Campus", own.StartsOn.ToString("yyyy-MM-dd")),
            (detail.GetProperty("trainingSession").GetProperty("place").GetString(), detail.GetProperty("trainingSession").GetProperty("startsOn").GetString()));
        // The Kenniscentrum may name any academy's session.
        await app.PublishAsync(await world.PersonAsync(Roles.KenniscentrumAdmin), VolunteeringBuilders.CallRequest(session: foreign.Id));

        await using var db = app.Db();
        Assert.Equal(own.Id, (await db.VolunteerCalls.SingleAsync(c => c.Id == callId)).TrainingSessionId);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "PublishVolunteerCall" && e.EntityType == "TrainingSession"
            && e.EntityId == foreign.Id.ToString()));
    }

    [Fact]
    public async Task Accepting_registers_the_volunteer_in_the_calls_session_and_the_mail_names_its_dates_and_place_in_their_language()
    {
        var (binId, official, session) = await SetupAsync();
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: session.Id));
        var (member, result) = await AcceptedAsync(official, binId, callId, "de");

        Assert.False(result.GetProperty("trainingToBePlanned").GetBoolean());
        await using var db = app.Db();
        var m = await db.Members.SingleAsync(x => x.Id == member.MemberId);
        var status = await db.VolunteerStatuses.SingleAsync(s => s.MemberId == m.Id);
        var p = await db.TrainingParticipants.SingleAsync(x => x.SessionId == session.Id);
        Assert.Equal((ParticipantCategory.Volunteer, m.Name, m.Email, (int?)p.Id, true),
            (p.Category, p.Name, p.Email, status.TrainingParticipantId, status.TrainingRequired));
        Assert.Equal(p.Id, result.GetProperty("trainingParticipantId").GetInt32());
        Assert.True(await db.AuditEntries.AnyAsync(e => e.UserId == official.User.Id && e.Action == "AddParticipant" && e.EntityId == p.Id.ToString()));

        var mail = (await app.DeliveriesAsync(m.Id, VolunteerNotices.AnswerKind)).Single(d => d.Channel == Channels.Email);
        var de = new CultureInfo("de-BE");
        Assert.Contains($"{session.StartsOn.ToString("d", de)} bis {session.EndsOn.ToString("d", de)}, Campus", mail.Body);

        var state = (await TrainingStatesAsync(official))[m.Id];
        Assert.Equal(("Registered", session.StartsOn.ToString("yyyy-MM-dd")), (state.GetProperty("kind").GetString(), state.GetProperty("sessionStartsOn").GetString()));
    }

    [Fact]
    public async Task A_session_full_at_acceptance_does_not_hold_the_status_back_and_its_training_is_to_be_planned()
    {
        var (binId, official, session) = await SetupAsync(capacity: 1);
        var callId = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: session.Id));
        await app.ParticipantAsync(session.Id, email: "aspirant@test.invalid"); // the last place went to someone else after publishing
        var (member, result) = await AcceptedAsync(official, binId, callId, "nl");

        Assert.True(result.GetProperty("trainingToBePlanned").GetBoolean());
        Assert.Equal(JsonValueKind.Number, result.GetProperty("volunteerStatusId").ValueKind);
        await using var db = app.Db();
        var status = await db.VolunteerStatuses.SingleAsync(s => s.MemberId == member.MemberId);
        Assert.Equal((true, (int?)null), (status.TrainingRequired, status.TrainingParticipantId));
        Assert.Equal(1, await db.TrainingParticipants.CountAsync(p => p.SessionId == session.Id));
        Assert.Contains("Opleiding nog in te plannen", (await app.DeliveriesAsync(member.MemberId, VolunteerNotices.AnswerKind)).First().Body);

        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/volunteering");
        Assert.Equal("ToBePlanned", mine.GetProperty("statuses").EnumerateArray().Single().GetProperty("trainingState").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_training_state_is_read_from_the_registry_passed_with_its_certificate_failed_taken_off_again_or_not_required()
    {
        var (binId, official, session) = await SetupAsync();
        var withTraining = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: session.Id));
        var withoutTraining = await app.PublishAsync(official, VolunteeringBuilders.CallRequest(role: "Translator"));
        var passed = (await AcceptedAsync(official, binId, withTraining)).Member.MemberId;
        var failed = (await AcceptedAsync(official, binId, withTraining)).Member.MemberId;
        var removed = (await AcceptedAsync(official, binId, withTraining)).Member.MemberId;
        var notRequired = (await AcceptedAsync(official, binId, withoutTraining)).Member.MemberId;

        int Participant(BinHub.Data.BinHubDb db, int memberId) => db.VolunteerStatuses.Single(s => s.MemberId == memberId).TrainingParticipantId!.Value;
        string code;
        await using (var db = app.Db())
        {
            // What the academy records: attendance and results, a certificate, someone taken off the session.
            var (p, f, r) = (Participant(db, passed), Participant(db, failed), Participant(db, removed));
            await db.TrainingParticipants.Where(x => x.Id == p).ExecuteUpdateAsync(s => s.SetProperty(x => x.Attendance, Attendance.Present).SetProperty(x => x.Result, TrainingResult.Passed));
            await db.TrainingParticipants.Where(x => x.Id == f).ExecuteUpdateAsync(s => s.SetProperty(x => x.Attendance, Attendance.Present).SetProperty(x => x.Result, TrainingResult.Failed));
            await db.TrainingParticipants.Where(x => x.Id == r).ExecuteDeleteAsync();
            code = (await app.CertificateAsync(p)).Code;
        }

        var states = await TrainingStatesAsync(official);
        Assert.Equal(("Passed", code), (states[passed].GetProperty("kind").GetString(), states[passed].GetProperty("certificateCode").GetString()));
        Assert.Equal("Failed", states[failed].GetProperty("kind").GetString());
        Assert.Equal("ToBePlanned", states[removed].GetProperty("kind").GetString());
        Assert.Equal("NotRequired", states[notRequired].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_export_holds_the_participant_row_and_erasure_frees_a_place_still_to_come_and_anonymises_one_already_taught()
    {
        var (binId, official, session) = await SetupAsync();
        var taught = await app.SessionAsync(session.AcademyId, session.StartsOn.AddDays(3));
        var upcoming = (await AcceptedAsync(official, binId, await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: session.Id)))).Member;
        var trained = (await AcceptedAsync(official, binId, await app.PublishAsync(official, VolunteeringBuilders.CallRequest(session: taught.Id)))).Member;
        var today = TrainingScope.Today(app.Clock);
        await using (var db = app.Db())
            await db.TrainingSessions.Where(s => s.Id == taught.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartsOn, today.AddDays(-9)).SetProperty(x => x.EndsOn, today.AddDays(-8)));

        var export = await app.ClientFor(upcoming.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/export");
        var row = export.GetProperty("volunteering").GetProperty("statuses").EnumerateArray().Single().GetProperty("trainingParticipant");
        Assert.Equal(("Campus", session.StartsOn.ToString("yyyy-MM-dd")), (row.GetProperty("place").GetString(), row.GetProperty("startsOn").GetString()));
        Assert.StartsWith("cand.", row.GetProperty("email").GetString());

        foreach (var who in new[] { upcoming, trained })
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(who.Person.Token).DeleteAsync("/api/v1/me")).StatusCode);
        await using var check = app.Db();
        Assert.False(await check.TrainingParticipants.AnyAsync(p => p.SessionId == session.Id));
        var kept = await check.TrainingParticipants.SingleAsync(p => p.SessionId == taught.Id);
        Assert.Equal((BinHub.Features.Me.EraseMe.ErasedName, (string?)null), (kept.Name, kept.Email));
    }

    [Fact]
    public async Task The_publish_page_offers_only_the_regions_sessions_and_the_call_page_tells_the_publisher_when_the_training_is_to_be_planned()
    {
        var (binId, official, session) = await SetupAsync(capacity: 1);
        var foreign = await app.SessionAsync((await app.AcademyAsync()).Id, TrainingScope.Today(app.Clock).AddDays(20));
        var client = app.ClientFor(official.Token, "nl-BE");
        var form = await client.GetStringAsync("/Volunteering/Publish");
        Assert.Contains($"<option value=\"{session.Id}\"", form);
        Assert.DoesNotContain($"<option value=\"{foreign.Id}\"", form);

        var published = await Forms.PostAsync(client, "/Volunteering/Publish", "/Volunteering/Publish", new()
        {
            ["Form.Role"] = "Cpa", ["Form.Title"] = "CPA gezocht", ["Form.Description"] = "Help met phishing.", ["Form.HoursPerMonth"] = "4",
            ["Form.OpenUntil"] = TrainingScope.Today(app.Clock).AddDays(10).ToString("yyyy-MM-dd"), ["Form.TrainingSessionId"] = session.Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        int callId;
        await using (var db = app.Db())
            callId = (await db.VolunteerCalls.SingleAsync(c => c.TrainingSessionId == session.Id)).Id;

        await app.ParticipantAsync(session.Id, email: "aspirant@test.invalid"); // the last place is taken before the acceptance
        var member = await app.VolunteerCandidateAsync(world, binId, "nl");
        var applicationId = await app.ApplyAsync(member.Person, callId);
        var page = $"/Volunteering/Call/{callId}";
        var accepted = await Forms.PostAsync(client, page, $"{page}?handler=Accept",
            new() { ["ApplicationId"] = applicationId.ToString(), ["Answer"] = "Welkom", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Contains("begint met de opleiding nog in te plannen", WebUtility.HtmlDecode(await client.GetStringAsync(page)));
    }
}
