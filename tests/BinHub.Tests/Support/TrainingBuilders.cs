using BinHub.Features.Training;

namespace BinHub.Tests.Support;

/// <summary>Builders for the training registry: academies and their users, a current curriculum, sessions and participants.</summary>
public static class TrainingBuilders
{
    public static async Task<Academy> AcademyAsync(this BinHubApp app, string languages = "nl")
    {
        await using var db = app.Db();
        var academy = new Academy { Name = $"Politieschool {Guid.NewGuid():N}", Town = "Gent", RegionCode = "02000", Languages = languages };
        db.Academies.Add(academy);
        await db.SaveChangesAsync();
        return academy;
    }

    /// <summary>A PoliceAcademy user of <paramref name="academyId"/> (second factor enrolled, as the role requires).</summary>
    public static async Task<World.Person> AcademyUserAsync(this World world, BinHubApp app, int academyId, string? lang = null)
    {
        var person = await world.PersonAsync(Roles.PoliceAcademy, lang: lang);
        await using var db = app.Db();
        await db.Users.Where(u => u.Id == person.User.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AcademyId, academyId));
        person.User.AcademyId = academyId;
        return person;
    }

    /// <summary>The current curriculum version, made (with one module) if there is none yet.</summary>
    public static async Task<CurriculumVersion> CurrentVersionAsync(this BinHubApp app)
    {
        await using var db = app.Db();
        if (await db.CurriculumVersions.FirstOrDefaultAsync(v => v.State == CurriculumState.Current) is { } current) return current;
        var version = new CurriculumVersion
        {
            Label = $"T{Guid.NewGuid():N}"[..12], State = CurriculumState.Current, CreatedAt = app.Clock.Now, CurrentSince = app.Clock.Now,
            Modules = [new CurriculumModule { Position = 1, Language = "nl", Title = "Het BIN-concept", LearningOutcomes = "Kent de omzendbrief.", Hours = 3 }],
        };
        db.CurriculumVersions.Add(version);
        await db.SaveChangesAsync();
        return version;
    }

    public static async Task<TrainingSession> SessionAsync(this BinHubApp app, int academyId, DateOnly? startsOn = null, int capacity = 20, string language = "nl")
    {
        var version = await app.CurrentVersionAsync();
        await using var db = app.Db();
        var starts = startsOn ?? TrainingScope.Today(app.Clock);
        var session = new TrainingSession
        {
            AcademyId = academyId, StartsOn = starts, EndsOn = starts.AddDays(1), Place = "Campus", Trainer = "Lesgever", Language = language,
            CurriculumVersionId = version.Id, Capacity = capacity, CreatedAt = app.Clock.Now,
        };
        db.TrainingSessions.Add(session);
        await db.SaveChangesAsync();
        return session;
    }

    public static async Task<TrainingParticipant> ParticipantAsync(this BinHubApp app, int sessionId, string? userId = null, string name = "Aspirant Peeters",
        string? email = null, int? zone = null, ParticipantCategory category = ParticipantCategory.AspiringOfficer, TrainingResult result = TrainingResult.NotAssessed)
    {
        await using var db = app.Db();
        var p = new TrainingParticipant
        {
            SessionId = sessionId, UserId = userId, Name = name, Email = email, PoliceZoneNumber = zone, Category = category, AddedAt = app.Clock.Now,
            Attendance = result == TrainingResult.NotAssessed ? Attendance.Unrecorded : Attendance.Present, Result = result,
        };
        db.TrainingParticipants.Add(p);
        await db.SaveChangesAsync();
        return p;
    }

    /// <summary>A valid certificate for a participant (as issuing would leave it, without the e-mail).</summary>
    public static async Task<TrainingCertificate> CertificateAsync(this BinHubApp app, int participantId)
    {
        await using var db = app.Db();
        var c = new TrainingCertificate { ParticipantId = participantId, Code = Certificates.NewCode(), IssuedAt = app.Clock.Now, IssuedBy = "Test" };
        db.TrainingCertificates.Add(c);
        await db.SaveChangesAsync();
        return c;
    }
}
