using BinHub.Data;
using BinHub.Features.Events;
using BinHub.Features.Practices;
using BinHub.Features.Seeding;
using BinHub.Features.Training;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Seeding;

/// <summary>
/// A newcomer opening the demo finds the Kenniscentrum's work (practices, training, a volunteer call, an event next week, last
/// year's steering committee meeting), made through the slices; a second start adds nothing.
/// </summary>
public class DemoSeedTests
{
    private static async Task FirstStartAsync(BinHubApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await DemoOnFirstStart.RunAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<BinHubDb>(), NullLogger.Instance, default);
    }

    private static async Task<int[]> CountsAsync(BinHubDb db) =>
    [
        await db.Users.CountAsync(), await db.Bins.CountAsync(), await db.Members.CountAsync(), await db.Practices.CountAsync(),
        await db.PracticeAttachments.CountAsync(), await db.PracticeUptakes.CountAsync(), await db.TrainingSessions.CountAsync(),
        await db.TrainingParticipants.CountAsync(), await db.TrainingCertificates.CountAsync(), await db.VolunteerCalls.CountAsync(),
        await db.VolunteerApplications.CountAsync(), await db.BinEvents.CountAsync(), await db.EventRegistrations.CountAsync(),
        await db.SteeringMeetings.CountAsync(), await db.Deliveries.CountAsync(),
    ];

    [Fact]
    public async Task The_first_start_shows_the_Kenniscentrums_work_in_every_area_and_a_second_start_adds_nothing()
    {
        await using var app = new BinHubApp();
        await app.InitializeAsync();
        await FirstStartAsync(app);
        await using var db = app.Db();
        var now = app.Clock.GetUtcNow();
        var today = TrainingScope.Today(app.Clock);

        // Good practices: published in nl, fr and de, the French one linked to the Dutch as its translation, one readable by the
        // public, one with a PDF that passed the upload check, and a coordinator's "we use this".
        var published = await db.Practices.Where(p => p.State == PracticeState.Published).ToListAsync();
        Assert.Equal(["de", "fr", "nl"], published.Select(p => p.Language).Distinct().Order());
        var nl = published.First(p => p.Language == "nl");
        Assert.Contains(published, p => p.Language == "fr" && p.TranslationGroup is not null && p.TranslationGroup == nl.TranslationGroup);
        Assert.NotEmpty((await SearchPractices.HandleAsync(db, Actor.Anonymous(null), new SearchPractices.Query(null, null, null, null), default)).Items);
        var pdf = await db.PracticeAttachments.SingleAsync(a => a.ContentType == "application/pdf");
        Assert.True(Attachments.IsPdf(pdf.Bytes));
        Assert.Contains(published, p => p.Id == pdf.PracticeId);
        Assert.True(await db.PracticeUptakes.AnyAsync(u => published.Select(p => p.Id).Contains(u.PracticeId)));

        // Training: a current curriculum with modules, a past session with attendance and results, one certificate the public page
        // verifies, and a session still to come.
        Assert.True(await db.CurriculumVersions.AnyAsync(v => v.State == CurriculumState.Current && v.Modules.Any()));
        var past = await db.TrainingSessions.Include(s => s.Participants).ThenInclude(p => p.Certificates).SingleAsync(s => s.EndsOn < today);
        Assert.Contains(past.Participants, p => p.Attendance == Attendance.Present && p.Result == TrainingResult.Passed);
        Assert.Contains(past.Participants, p => p.Attendance == Attendance.Absent);
        var certificate = past.Participants.SelectMany(p => p.Certificates).Single();
        var verified = await Certificates.VerifyAsync(db, app.Clock, Actor.Anonymous("127.0.0.1"), certificate.Code, default);
        Assert.True(verified.Found && !verified.Revoked, "the demo's certificate code is not verified");
        Assert.True(await db.TrainingSessions.AnyAsync(s => s.StartsOn > today));

        // Volunteering: a CPA call with one application open and one accepted volunteer.
        var call = await db.VolunteerCalls.SingleAsync(c => c.Role == VolunteerRole.Cpa);
        var applications = await db.VolunteerApplications.Where(a => a.CallId == call.Id).ToListAsync();
        Assert.Contains(applications, a => a.State == ApplicationState.Open);
        var accepted = applications.Single(a => a.State == ApplicationState.Accepted);
        Assert.True(await db.VolunteerStatuses.AnyAsync(s => s.ApplicationId == accepted.Id && s.EndedAt == null));

        // An event next week with two households registered, whose reminders the dev outbox sends the evening before.
        var e = await db.BinEvents.SingleAsync(x => x.StartsAt > now.AddDays(6) && x.StartsAt < now.AddDays(8));
        Assert.Equal(2, await db.EventRegistrations.CountAsync(r => r.EventId == e.Id && r.State == RegistrationState.Registered));
        Assert.NotEmpty(await app.RemindersAsync(e.Id));

        // Last year's steering committee meeting with its agenda, attendees and a decision.
        var year = BrusselsTime.ToBrussels(now).Year - 1;
        var meeting = await db.SteeringMeetings.SingleAsync(m => m.Year == year);
        Assert.NotEmpty(meeting.Agenda);
        Assert.True(await db.SteeringAttendees.AnyAsync(a => a.MeetingId == meeting.Id));
        Assert.True(await db.SteeringDecisions.AnyAsync(d => d.MeetingId == meeting.Id));

        var before = await CountsAsync(db);
        await FirstStartAsync(app);
        Assert.Equal(before, await CountsAsync(db));

        app.Clock.Now = EventNotices.ReminderDue(e.StartsAt).AddMinutes(1);
        await app.DispatchRoundAsync();
        Assert.All(await app.RemindersAsync(e.Id), r => Assert.Equal(DeliveryState.Sent, r.State));
    }
}
