namespace BinHub.Tests.Web;

/// <summary>Each side's training objects, for the walk's training routes (an academy, a draft version with a module, a session, a certificate).</summary>
public partial class OpenApiAuthorisationTests
{
    private sealed record TrainingSide(int Academy, int Version, int Module, int Session, int Participant, int Certificate);

    private static readonly Dictionary<string, TrainingSide> TrainingSides = new();

    private static TrainingSide Training(Side s) => TrainingSides[s.Tag];

    private async Task TrainingSideAsync(string tag)
    {
        var academy = await app.AcademyAsync();
        var session = await app.SessionAsync(academy.Id);
        var participant = await app.ParticipantAsync(session.Id, name: $"Walk {tag} participant", result: TrainingResult.Passed);
        var certificate = await app.CertificateAsync(participant.Id);
        await using var db = app.Db();
        var draft = new CurriculumVersion
        {
            Label = $"W{tag}{Guid.NewGuid():N}"[..12], State = CurriculumState.Draft, CreatedAt = app.Clock.Now,
            Modules = [new CurriculumModule { Position = 1, Language = "nl", Title = "Walk", LearningOutcomes = "Walk", Hours = 1 }],
        };
        db.CurriculumVersions.Add(draft);
        await db.SaveChangesAsync();
        lock (TrainingSides) TrainingSides[tag] = new TrainingSide(academy.Id, draft.Id, draft.Modules[0].Id, session.Id, participant.Id, certificate.Id);
    }
}
