using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static BinHub.Features.Seeding.DemoWork;

namespace BinHub.Features.Seeding;

/// <summary>
/// The training registry in use: the Oost-Vlaamse Politieschool (the demo academy account) ran a session two months ago on
/// the current curriculum, with attendance and results recorded and one certificate issued (its code is printed with the
/// accounts, for the public verification page); the Kenniscentrum scheduled a French session in Liège for next month.
/// </summary>
public static class DemoTraining
{
    /// <returns>The issued certificate's verification code.</returns>
    public static async Task<string> RunAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string publicUrl, Actor kc, Actor academy, Cast cast,
        CancellationToken ct)
    {
        var today = TrainingScope.Today(clock);
        var past = Ok(await Sessions.ScheduleAsync(db, clock, academy, new Sessions.ScheduleRequest(academy.AcademyId, today.AddDays(-60), today.AddDays(-58),
            "Oost-Vlaamse Politieschool, Gent", "Hoofdinspecteur Bart Michiels", "nl", 20), L, ct), "past session");
        async Task<int> Participant(ParticipantCategory category, string? account, string? name = null, string? email = null, int? zone = null) =>
            Ok(await Participants.AddAsync(db, clock, academy, past.Id, new Participants.AddRequest(category, account, name, email, zone), L, ct), "participant").Id;
        var officer = await Participant(ParticipantCategory.MandatedOfficer, cast.OfficerGent.Email);
        var coordinator = await Participant(ParticipantCategory.Coordinator, cast.Coordinator.Email);
        var aspiring = await Participant(ParticipantCategory.AspiringOfficer, null, "Hanne Wouters", "hanne.wouters@example.invalid", SeedDemo.GentZone);
        var absent = await Participant(ParticipantCategory.AspiringOfficer, null, "Stijn Goossens", null, SeedDemo.GentZone);
        foreach (var (id, attendance, result) in new[]
                 {
                     (officer, Attendance.Present, TrainingResult.Passed), (coordinator, Attendance.Present, TrainingResult.Passed),
                     (aspiring, Attendance.Present, TrainingResult.Failed), (absent, Attendance.Absent, TrainingResult.NotAssessed),
                 })
            Ok(await Participants.RecordAsync(db, clock, academy, past.Id, id, new Participants.ResultRequest(attendance, result), L, ct), "result");
        // One certificate issued; the coordinator's, also passed, is left for whoever tries the academy account.
        var certificate = Ok(await Certificates.IssueAsync(db, clock, academy, past.Id, officer, publicUrl, L, ct), "certificate");

        var liege = await db.Academies.Where(a => a.Name == "Académie provinciale de police de Liège").Select(a => a.Id).SingleAsync(ct);
        var next = Ok(await Sessions.ScheduleAsync(db, clock, kc, new Sessions.ScheduleRequest(liege, today.AddDays(30), today.AddDays(31),
            "Académie provinciale de police, Seraing", "Commissaire Chantal Renard", "fr", 24), L, ct), "upcoming session");
        Ok(await Participants.AddAsync(db, clock, kc, next.Id, new Participants.AddRequest(ParticipantCategory.AspiringOfficer, null, "Julie Leclercq",
            "julie.leclercq@example.invalid", null), L, ct), "participant");
        return certificate.Code;
    }
}
