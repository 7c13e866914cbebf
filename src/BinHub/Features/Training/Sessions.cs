using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Training;

/// <summary>
/// Training sessions: an academy (its own staff, or the Kenniscentrum on its behalf) schedules one on the curriculum version that is
/// current at that moment; the list shows counts only, the participants' names are read (and audited) one session at a time.
/// </summary>
public static class Sessions
{
    public const int MaxText = 200, MaxCapacity = 500;

    public sealed record AcademyView(int Id, string Name, string Town, string RegionCode, string Languages);
    public sealed record Academies(IReadOnlyList<AcademyView> Items);

    public sealed record ScheduleRequest(int? AcademyId, DateOnly? StartsOn, DateOnly? EndsOn, string? Place, string? Trainer, string? Language, int? Capacity);

    public sealed record Query(int? AcademyId, int? Page, int? PageSize);
    public sealed record Item(int Id, int AcademyId, string Academy, DateOnly StartsOn, DateOnly EndsOn, string Place, string Trainer, string Language,
        string CurriculumVersion, int Capacity, int Participants, int Passed);

    public sealed record ParticipantView(int Id, ParticipantCategory Category, string Name, string? Email, int? PoliceZoneNumber, bool HasAccount,
        Attendance Attendance, TrainingResult Result, IReadOnlyList<Certificates.CertificateView> Certificates);
    public sealed record Details(Item Session, IReadOnlyList<ParticipantView> Participants);

    public static async Task<Outcome<Academies>> AcademiesAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        if (!TrainingScope.MayRun(actor)) return await AuditLog.NotFoundAsync<Academies>(db, clock, actor, "ListAcademies", nameof(Academy), null, ct);
        var rows = db.Academies.AsNoTracking().Where(a => actor.IsNational || a.Id == actor.AcademyId).OrderBy(a => a.Name);
        return new Outcome<Academies>.Ok(new Academies(await rows.Select(a => new AcademyView(a.Id, a.Name, a.Town, a.RegionCode, a.Languages)).ToListAsync(ct)));
    }

    public static async Task<Outcome<Item>> ScheduleAsync(BinHubDb db, TimeProvider clock, Actor actor, ScheduleRequest r, IStringLocalizer L, CancellationToken ct)
    {
        // The academy is named in the body: another academy's id is refused exactly as one that does not exist.
        Academy? academy = null;
        if (!TrainingScope.MayRun(actor) || (r.AcademyId is { } academyId &&
                (!TrainingScope.MayRunAcademy(actor, academyId) || (academy = await db.Academies.FindAsync([academyId], ct)) is null)))
            return await AuditLog.NotFoundAsync<Item>(db, clock, actor, "ScheduleSession", nameof(Academy), r.AcademyId?.ToString(), ct);
        var e = new Errors();
        if (academy is null) e.Add("academyId", L["Training.AcademyRequired"]);
        var today = TrainingScope.Today(clock);
        var place = r.Place?.Trim() ?? "";
        var trainer = r.Trainer?.Trim() ?? "";
        if (r.StartsOn is not { } starts) e.Add("startsOn", L["Training.StartRequired"]);
        else if (starts < today.AddYears(-1) || starts > today.AddYears(2)) e.Add("startsOn", L["Training.StartRange", today.AddYears(-1).ToString("d"), today.AddYears(2).ToString("d")]);
        if (r.EndsOn is not { } ends) e.Add("endsOn", L["Training.EndRequired"]);
        else if (r.StartsOn is { } s && (ends < s || ends > s.AddDays(60))) e.Add("endsOn", L["Training.EndRange"]);
        if (place.Length == 0) e.Add("place", L["Training.PlaceRequired"]);
        else if (place.Length > MaxText) e.Add("place", L["Training.TooLong", MaxText]);
        if (trainer.Length == 0) e.Add("trainer", L["Training.TrainerRequired"]);
        else if (trainer.Length > MaxText) e.Add("trainer", L["Training.TooLong", MaxText]);
        if (!Languages.IsValid(r.Language)) e.Add("language", L["Training.LanguageRequired"]);
        if (r.Capacity is not (>= 1 and <= MaxCapacity)) e.Add("capacity", L["Training.CapacityRange", 1, MaxCapacity]);
        var version = await db.CurriculumVersions.FirstOrDefaultAsync(v => v.State == CurriculumState.Current, ct);
        if (version is null) e.Add("academyId", L["Training.NoCurrentVersion"]);
        if (e.Any) return new Outcome<Item>.Invalid(e.Items);

        var session = new TrainingSession
        {
            AcademyId = academy!.Id, StartsOn = r.StartsOn!.Value, EndsOn = r.EndsOn!.Value, Place = place, Trainer = trainer, Language = r.Language!,
            CurriculumVersionId = version!.Id, Capacity = r.Capacity!.Value, CreatedAt = clock.GetUtcNow(),
        };
        db.TrainingSessions.Add(session);
        await AuditLog.SaveNewAsync(db, clock, actor, "ScheduleSession", nameof(TrainingSession), () => session.Id.ToString(),
            $"academy={academy.Id}; {session.StartsOn:yyyy-MM-dd}..{session.EndsOn:yyyy-MM-dd}; version={version.Label}", ct);
        return new Outcome<Item>.Ok(new Item(session.Id, academy.Id, academy.Name, session.StartsOn, session.EndsOn, place, trainer, session.Language,
            version.Label, session.Capacity, 0, 0));
    }

    public static async Task<Outcome<TrainingScope.PageOf<Item>>> ListAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        if (!TrainingScope.MayRun(actor) || (q.AcademyId is { } a && !TrainingScope.MayRunAcademy(actor, a)))
            return await AuditLog.NotFoundAsync<TrainingScope.PageOf<Item>>(db, clock, actor, "ListSessions", nameof(Academy), q.AcademyId?.ToString(), ct);
        var size = Math.Clamp(q.PageSize ?? 25, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var rows = TrainingScope.Sessions(db, actor).AsNoTracking();
        if (q.AcademyId is { } academy) rows = rows.Where(s => s.AcademyId == academy);
        var total = await rows.CountAsync(ct);
        var items = await Project(rows.OrderByDescending(s => s.StartsOn).ThenByDescending(s => s.Id).Skip((page - 1) * size).Take(size)).ToListAsync(ct);
        return new Outcome<TrainingScope.PageOf<Item>>.Ok(new(items, total, page, size));
    }

    private static IQueryable<Item> Project(IQueryable<TrainingSession> rows) => rows.Select(s => new Item(s.Id, s.AcademyId, s.Academy!.Name, s.StartsOn,
        s.EndsOn, s.Place, s.Trainer, s.Language, s.CurriculumVersion!.Label, s.Capacity, s.Participants.Count,
        s.Participants.Count(p => p.Result == TrainingResult.Passed)));

    /// <summary>One session with its participants: personal data, so the read is audited.</summary>
    public static async Task<Outcome<Details>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, int sessionId, CancellationToken ct)
    {
        var item = await Project(TrainingScope.Sessions(db, actor).AsNoTracking().Where(s => s.Id == sessionId)).FirstOrDefaultAsync(ct);
        if (item is null) return await AuditLog.NotFoundAsync<Details>(db, clock, actor, "ReadSession", nameof(TrainingSession), sessionId.ToString(), ct);
        var people = await db.TrainingParticipants.AsNoTracking().Include(p => p.Certificates).Where(p => p.SessionId == sessionId)
            .OrderBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "ReadParticipants", nameof(TrainingSession), sessionId.ToString(), $"count={people.Count}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Details>.Ok(new Details(item, people.Select(p => new ParticipantView(p.Id, p.Category, p.Name, p.Email, p.PoliceZoneNumber,
            p.UserId is not null, p.Attendance, p.Result, p.Certificates.OrderByDescending(c => c.IssuedAt).Select(Certificates.View).ToList())).ToList()));
    }
}
