using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// A member's side of the programme: the open calls for the area of their BIN, their applications (apply with a
/// motivation, withdraw an open one) and their volunteer status. Another household's application answers 404.
/// </summary>
public static class MyVolunteering
{
    public const int MaxMotivation = 2000;

    public sealed record Call(int Id, VolunteerRole Role, string Title, string Description, int HoursPerMonth, string? Training, DateOnly OpenUntil,
        bool Applied, VolunteerTraining.SessionOption? TrainingSession);

    public sealed record Application(int Id, int CallId, string Title, VolunteerRole Role, ApplicationState State, string? Motivation, DateTimeOffset CreatedAt,
        DateTimeOffset? DecidedAt, string? Answer);

    public sealed record Status(int Id, VolunteerRole Role, string MunicipalityNis, string? Training, DateTimeOffset StartedAt, DateTimeOffset? EndedAt,
        string? EndReason, VolunteerTrainingState TrainingState);

    public sealed record View(bool OptedIn, DateTimeOffset? OptedInAt, IReadOnlyList<Call> OpenCalls, IReadOnlyList<Application> Applications,
        IReadOnlyList<Status> Statuses);

    public sealed record ApplyRequest(string? Motivation);

    public sealed record Applied(int Id, ApplicationState State);

    public sealed record OptIn(bool Wanted);

    public static async Task<Outcome<View>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<View>(db, clock, actor, "MyVolunteering", ct);
        if (m is null) return refusal!;
        var today = MeScope.Today(clock);
        var mine = await db.VolunteerApplications.AsNoTracking().Where(a => a.MemberId == m.Id).OrderByDescending(a => a.Id)
            .Select(a => new Application(a.Id, a.CallId, a.Call!.Title, a.Call.Role, a.State, a.Motivation, a.CreatedAt, a.DecidedAt, a.Answer)).ToListAsync(ct);
        var applied = mine.Where(a => a.State != ApplicationState.Withdrawn).Select(a => a.CallId).ToHashSet();
        var open = await OpenCallsAsync(db, m, today, ct);
        var sessions = await VolunteerTraining.OptionsAsync(db, open.Select(c => c.TrainingSessionId), ct);
        var calls = open.Select(c => new Call(c.Id, c.Role, c.Title, c.Description, c.HoursPerMonth, c.Training, c.OpenUntil, applied.Contains(c.Id),
            sessions.GetValueOrDefault(c.TrainingSessionId ?? 0))).ToList();
        var rows = await db.VolunteerStatuses.AsNoTracking().Where(s => s.MemberId == m.Id).OrderByDescending(s => s.Id).ToListAsync(ct);
        var training = await VolunteerTraining.StatesAsync(db, rows.Select(s => (s.Id, s.TrainingRequired, s.TrainingParticipantId)).ToList(), ct);
        var statuses = rows.Select(s => new Status(s.Id, s.Role, s.MunicipalityNis, s.Training, s.StartedAt, s.EndedAt, s.EndReason, training[s.Id])).ToList();
        return new Outcome<View>.Ok(new View(m.VolunteerCallsConsentAt is not null, m.VolunteerCallsConsentAt, calls, mine, statuses));
    }

    /// <summary>Open calls of the member's area (at most 100, newest first): whether or not the member opted in to be told about them.</summary>
    private static async Task<List<VolunteerCall>> OpenCallsAsync(BinHubDb db, Member m, DateOnly today, CancellationToken ct)
    {
        var muni = await db.Bins.Where(b => b.Id == m.BinId).Select(b => new { b.MunicipalityNis, b.Municipality!.MergedIntoNis, b.Municipality.RegionCode })
            .FirstAsync(ct);
        return await VolunteerScope.ForArea(db.VolunteerCalls.AsNoTracking(), muni.MunicipalityNis, muni.MergedIntoNis, muni.RegionCode)
            .Where(c => c.OpenUntil >= today).OrderByDescending(c => c.Id).Take(100).ToListAsync(ct);
    }

    public static async Task<Outcome<Applied>> ApplyAsync(BinHubDb db, TimeProvider clock, Actor actor, int callId, ApplyRequest r, IStringLocalizer L,
        string publicUrl, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Applied>(db, clock, actor, "ApplyVolunteerCall", ct);
        if (m is null) return refusal!;
        var pseudonym = MeScope.Pseudonymous(actor, m);
        var call = (await OpenCallsAsync(db, m, MeScope.Today(clock), ct)).FirstOrDefault(c => c.Id == callId);
        if (call is null) return await AuditLog.NotFoundAsync<Applied>(db, clock, pseudonym, "ApplyVolunteerCall", nameof(VolunteerCall), callId.ToString(), ct);
        var motivation = r.Motivation?.Trim();
        if (string.IsNullOrEmpty(motivation)) return Outcome<Applied>.Fail("Motivation", L["Validation.Required", L["Volunteering.Motivation"]]);
        if (motivation.Length > MaxMotivation) return Outcome<Applied>.Fail("Motivation", L["Validation.MaxLength", L["Volunteering.Motivation"], MaxMotivation]);
        if (m.State != MemberState.Active) return Outcome<Applied>.Fail("Member", L["Succession.NotActiveMember"]);
        if (await db.VolunteerApplications.AnyAsync(a => a.MemberId == m.Id && a.CallId == callId && a.State != ApplicationState.Withdrawn, ct))
            return Outcome<Applied>.Fail("CallId", L["Volunteering.AlreadyApplied"]);
        var now = clock.GetUtcNow();
        var application = new VolunteerApplication { CallId = callId, MemberId = m.Id, Motivation = motivation, State = ApplicationState.Open, CreatedAt = now };
        db.VolunteerApplications.Add(application);
        MemberHistory.Add(db, m.Id, "VolunteerApplied", now);
        var told = await ApplicationNotice.QueueAsync(db, call, L, publicUrl, now, ct); // saved with the application, or neither
        await AuditLog.SaveNewAsync(db, clock, pseudonym, "ApplyVolunteerCall", nameof(VolunteerApplication), () => application.Id.ToString(),
            $"call={callId}; publisher {(told ? "e-mailed" : "already to be told or without e-mail")}", ct);
        return new Outcome<Applied>.Ok(new Applied(application.Id, application.State));
    }

    public static async Task<Outcome<Applied>> WithdrawAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Applied>(db, clock, actor, "WithdrawVolunteerApplication", ct);
        if (m is null) return refusal!;
        var pseudonym = MeScope.Pseudonymous(actor, m);
        var a = await db.VolunteerApplications.FirstOrDefaultAsync(x => x.Id == id && x.MemberId == m.Id, ct);
        if (a is null) return await AuditLog.NotFoundAsync<Applied>(db, clock, pseudonym, "WithdrawVolunteerApplication", nameof(VolunteerApplication), id.ToString(), ct);
        if (a.State != ApplicationState.Open) return Outcome<Applied>.Fail("State", L["Volunteering.NotOpen"]);
        var now = clock.GetUtcNow();
        (a.State, a.DecidedAt) = (ApplicationState.Withdrawn, now);
        MemberHistory.Add(db, m.Id, "VolunteerApplicationWithdrawn", now);
        AuditLog.Add(db, clock, pseudonym, "WithdrawVolunteerApplication", nameof(VolunteerApplication), a.Id.ToString(), $"call={a.CallId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Applied>.Ok(new Applied(a.Id, a.State));
    }

    /// <summary>
    /// The opt-in to hear about calls, recorded like consent: its time on the member (null = not opted in), a history line
    /// and an audit line for each change. Opting in again keeps the first time (the consent did not change).
    /// </summary>
    public static async Task<Outcome<View>> SetOptInAsync(BinHubDb db, TimeProvider clock, Actor actor, OptIn r, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<View>(db, clock, actor, "UpdateVolunteerOptIn", ct);
        if (m is null) return refusal!;
        if (r.Wanted != m.VolunteerCallsConsentAt is not null)
        {
            var now = clock.GetUtcNow();
            m.VolunteerCallsConsentAt = r.Wanted ? now : null;
            m.UpdatedAt = now;
            var kind = r.Wanted ? "VolunteerCallsOptedIn" : "VolunteerCallsOptedOut";
            MemberHistory.Add(db, m.Id, kind, now);
            AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), kind, nameof(Member), m.Id.ToString());
            await db.SaveChangesAsync(ct);
        }
        return await GetAsync(db, clock, actor, ct);
    }
}
