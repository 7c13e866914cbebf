using BinHub.Domain;
using BinHub.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace BinHub.BrowserTests;

/// <summary>The training registry's data for the accessibility crawl: an academy, its session with a certified participant.</summary>
public static class TrainingPageData
{
    public sealed record Data(int AcademyId, int SessionId, int CertificateId, string Code);

    public static async Task<Data> CreateAsync(BrowserApp app)
    {
        await app.CurrentVersionAsync();
        var academy = await app.AcademyAsync();
        var session = await app.SessionAsync(academy.Id);
        var certificate = await app.CertificateAsync((await app.ParticipantAsync(session.Id, name: "Lotte Jacobs", result: TrainingResult.Passed)).Id);
        await app.ParticipantAsync(session.Id, name: "Tom Maes", email: "tom@example.test");
        return new Data(academy.Id, session.Id, certificate.Id, certificate.Code);
    }

    /// <summary>A PoliceAcademy user of the academy, with a password and an authenticator.</summary>
    public static async Task<(AppUser User, string Password, string Key)> AcademyStaffAsync(BrowserApp app, int academyId)
    {
        var who = await app.StaffAsync(Roles.PoliceAcademy);
        await using var db = app.Db();
        await db.Users.Where(u => u.Id == who.User.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AcademyId, academyId));
        return who;
    }
}
