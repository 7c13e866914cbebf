using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// The publisher accepts or declines an open application, with a message the applicant receives in their own language
/// (<see cref="VolunteerNotices.QueueAnswer"/>). Accepting gives the household the volunteer status: the call's role and
/// training, the municipality of its BIN, starting now. An application outside the publisher's scope answers 404.
/// When the call names a session of the training registry, the volunteer is registered in it in the same transaction; a
/// session that is full or has begun does not hold the status back: it starts with the training to be planned, and the
/// publisher is told (<see cref="Result.TrainingToBePlanned"/>).
/// </summary>
public static class DecideApplication
{
    public const int MaxAnswer = 2000;

    public sealed record Request(string? Message);

    public sealed record Result(int Id, ApplicationState State, int? VolunteerStatusId, int? TrainingParticipantId = null, bool TrainingToBePlanned = false);

    public static Task<Outcome<Result>> AcceptAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct) =>
        DecideAsync(db, clock, actor, id, true, r, L, ct);

    public static Task<Outcome<Result>> DeclineAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct) =>
        DecideAsync(db, clock, actor, id, false, r, L, ct);

    private static async Task<Outcome<Result>> DecideAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, bool accept, Request r, IStringLocalizer L,
        CancellationToken ct)
    {
        var action = accept ? "AcceptVolunteerApplication" : "DeclineVolunteerApplication";
        var calls = VolunteerScope.Calls(actor, db.VolunteerCalls);
        var a = VolunteerScope.MayPublish(actor)
            ? await db.VolunteerApplications.Include(x => x.Call).Include(x => x.Member!).ThenInclude(m => m.Bin!).ThenInclude(b => b.Municipality)
                .FirstOrDefaultAsync(x => x.Id == id && calls.Any(c => c.Id == x.CallId), ct)
            : null;
        if (a is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, action, nameof(VolunteerApplication), id.ToString(), ct);
        var message = string.IsNullOrWhiteSpace(r.Message) ? null : r.Message.Trim();
        if (message is null && !accept) return Outcome<Result>.Fail("Message", L["Validation.Required", L["Volunteering.Answer"]]);
        if (message is { Length: > MaxAnswer }) return Outcome<Result>.Fail("Message", L["Validation.MaxLength", L["Volunteering.Answer"], MaxAnswer]);
        if (a.State != ApplicationState.Open || a.Member!.ErasedAt is not null) return Outcome<Result>.Fail("State", L["Volunteering.NotOpen"]);

        var now = clock.GetUtcNow();
        var m = a.Member!;
        a.State = accept ? ApplicationState.Accepted : ApplicationState.Declined;
        (a.DecidedAt, a.DecidedBy, a.Answer) = (now, actor.UserName, message);
        VolunteerStatus? status = null;
        TrainingParticipant? participant = null;
        TrainingSession? session = null;
        if (accept && a.Call!.TrainingSessionId is { } sessionId)
            (participant, session) = await VolunteerTraining.RegisterAsync(db, m, sessionId, DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime), now, ct);
        if (accept)
        {
            var muni = m.Bin!.Municipality!;
            status = new VolunteerStatus
            {
                MemberId = m.Id, ApplicationId = a.Id, Role = a.Call!.Role, MunicipalityNis = muni.MergedIntoNis ?? muni.Nis, RegionCode = muni.RegionCode,
                Training = a.Call.Training, StartedAt = now, TrainingRequired = a.Call.TrainingSessionId is not null,
            };
            db.VolunteerStatuses.Add(status);
        }
        string subject, body;
        using (new InLanguage(m.Language))
        {
            var role = L[$"Volunteering.Role.{a.Call!.Role}"];
            subject = L[accept ? "Volunteering.AcceptedMail.Subject" : "Volunteering.DeclinedMail.Subject", a.Call.Title];
            body = VolunteerNotices.Lines(L[accept ? "Volunteering.AcceptedMail.Body" : "Volunteering.DeclinedMail.Body", role, a.Call.Title, message ?? "—",
                status?.TrainingRequired == true && participant is null ? L["Volunteering.TrainingState.ToBePlanned"] : PublishCall.TrainingText(L, a.Call, session)]);
        }
        VolunteerNotices.QueueAnswer(db, m, a.Id, subject, body, now);
        MemberHistory.Add(db, m.Id, accept ? "VolunteerApplicationAccepted" : "VolunteerApplicationDeclined", now, actor.UserName);
        // Someone already in the session with the same address keeps their row: only a row made here is audited as added.
        var added = participant is not null && db.Entry(participant).State == EntityState.Added;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (status is not null && participant is not null) status.TrainingParticipantId = participant.Id;
        if (added)
        {
            AuditLog.Add(db, clock, actor, "AddParticipant", nameof(TrainingParticipant), participant!.Id.ToString(),
                $"session={participant.SessionId}; category={participant.Category}; volunteer status={status?.Id}");
        }
        AuditLog.Add(db, clock, actor, action, nameof(VolunteerApplication), a.Id.ToString(),
            $"call={a.CallId}; status={status?.Id}; training={(status?.TrainingRequired == true ? participant?.Id.ToString() ?? "to be planned" : "-")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(a.Id, a.State, status?.Id, participant?.Id, status?.TrainingRequired == true && participant is null));
    }
}
