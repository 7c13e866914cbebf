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
/// </summary>
public static class DecideApplication
{
    public const int MaxAnswer = 2000;

    public sealed record Request(string? Message);

    public sealed record Result(int Id, ApplicationState State, int? VolunteerStatusId);

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
        if (accept)
        {
            var muni = m.Bin!.Municipality!;
            status = new VolunteerStatus
            {
                MemberId = m.Id, ApplicationId = a.Id, Role = a.Call!.Role, MunicipalityNis = muni.MergedIntoNis ?? muni.Nis, RegionCode = muni.RegionCode,
                Training = a.Call.Training, StartedAt = now,
            };
            db.VolunteerStatuses.Add(status);
        }
        string subject, body;
        using (new InLanguage(m.Language))
        {
            var role = L[$"Volunteering.Role.{a.Call!.Role}"];
            subject = L[accept ? "Volunteering.AcceptedMail.Subject" : "Volunteering.DeclinedMail.Subject", a.Call.Title];
            body = VolunteerNotices.Lines(L[accept ? "Volunteering.AcceptedMail.Body" : "Volunteering.DeclinedMail.Body", role, a.Call.Title, message ?? "—", a.Call.Training ?? "—"]);
        }
        VolunteerNotices.QueueAnswer(db, m, a.Id, subject, body, now);
        MemberHistory.Add(db, m.Id, accept ? "VolunteerApplicationAccepted" : "VolunteerApplicationDeclined", now, actor.UserName);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        AuditLog.Add(db, clock, actor, action, nameof(VolunteerApplication), a.Id.ToString(), $"call={a.CallId}; status={status?.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(a.Id, a.State, status?.Id));
    }
}
