using BinHub.Features.Training;

namespace BinHub.Tests.Web;

/// <summary>The training registry's data for the language crawl: a session with every state of participant and certificate.</summary>
public partial class EveryPageInEveryLanguageTests
{
    private async Task<(Dictionary<string, Dictionary<string, string>> Ids, string VerifyUrl)> TrainingDataAsync(World.Person officer)
    {
        await app.CurrentVersionAsync();
        await using (var db = app.Db()) // a draft, so the Kenniscentrum's editing forms show
            if (!await db.CurriculumVersions.AnyAsync(v => v.State == CurriculumState.Draft))
            {
                db.CurriculumVersions.Add(new CurriculumVersion { Label = "2027.1", State = CurriculumState.Draft, CreatedAt = app.Clock.Now,
                    Modules = [new CurriculumModule { Position = 1, Language = "fr", Title = "Le concept PLP", LearningOutcomes = "Connaît la circulaire.", Hours = 3 }] });
                await db.SaveChangesAsync();
            }
        var session = await app.SessionAsync((await app.AcademyAsync()).Id);
        var passed = await app.ParticipantAsync(session.Id, userId: officer.User.Id, name: "Els Maes", zone: officer.User.PoliceZoneNumber,
            category: ParticipantCategory.MandatedOfficer, result: TrainingResult.Passed);
        var valid = await app.CertificateAsync(passed.Id);
        var revoked = await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Tom Maes", result: TrainingResult.Passed)).Id);
        await app.ParticipantAsync(session.Id, name: "Lotte Jacobs", email: "lotte@example.test");
        await using (var db = app.Db())
            await db.TrainingCertificates.Where(c => c.Id == revoked.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, app.Clock.Now).SetProperty(c => c.RevokedReason, "Fraude"));
        return (new()
        {
            ["/Training/Session"] = new() { ["id"] = session.Id.ToString() },
            ["/Training/Certificate"] = new() { ["id"] = valid.Id.ToString() },
        }, $"/Certificates/Verify?code={revoked.Code}");
    }
}
