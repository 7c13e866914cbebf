using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// The volunteers per municipality: a municipality official sees their own, the Kenniscentrum all (filter by region). Names
/// and e-mail are personal data: every read is audited. Current volunteers only unless <c>ended</c> is asked.
/// </summary>
public static class ListVolunteerStatuses
{
    public sealed record Query(string? Region, string? Municipality, bool? Ended, int? Page);

    /// <param name="TrainingState">Read from the training registry (<see cref="VolunteerTraining.StatesAsync"/>); <c>Training</c> is the call's note.</param>
    public sealed record Item(int Id, int MemberId, string Name, string? Email, VolunteerRole Role, string MunicipalityNis, string RegionCode, string? Training,
        DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndReason, VolunteerTrainingState TrainingState);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public const int PageSize = 50;

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        if (!VolunteerScope.MayPublish(actor)) return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListVolunteerStatuses", nameof(VolunteerStatus), null, ct);
        var rows = VolunteerScope.Statuses(actor, db.VolunteerStatuses);
        if (!string.IsNullOrWhiteSpace(q.Region)) rows = rows.Where(s => s.RegionCode == q.Region);
        if (!string.IsNullOrWhiteSpace(q.Municipality)) rows = rows.Where(s => s.MunicipalityNis == q.Municipality);
        rows = q.Ended == true ? rows.Where(s => s.EndedAt != null) : rows.Where(s => s.EndedAt == null);
        var total = await rows.CountAsync(ct);
        var number = Math.Clamp(q.Page ?? 1, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var found = await rows.OrderBy(s => s.MunicipalityNis).ThenBy(s => s.Id).Skip((number - 1) * PageSize).Take(PageSize)
            .Select(s => new { s.Id, s.MemberId, s.Member!.Name, s.Member.Email, s.Role, s.MunicipalityNis, s.RegionCode, s.Training, s.StartedAt, s.EndedAt,
                s.EndReason, s.TrainingRequired, s.TrainingParticipantId })
            .ToListAsync(ct);
        var training = await VolunteerTraining.StatesAsync(db, found.Select(s => (s.Id, s.TrainingRequired, s.TrainingParticipantId)).ToList(), ct);
        var items = found.Select(s => new Item(s.Id, s.MemberId, s.Name, s.Email, s.Role, s.MunicipalityNis, s.RegionCode, s.Training, s.StartedAt, s.EndedAt,
            s.EndReason, training[s.Id])).ToList();
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(VolunteerStatus), null,
            $"region={q.Region}; municipality={q.Municipality}; {items.Count} volunteers, page {number}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(items, total, number, PageSize));
    }
}

/// <summary>Ends a volunteer status: the day (today or earlier, not before it started) and why. Outside the scope: 404.</summary>
public static class EndVolunteerStatus
{
    public const int MaxReason = 500;

    public sealed record Request(DateOnly? EndedOn, string? Reason);

    public sealed record Result(int Id, DateTimeOffset EndedAt);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var s = VolunteerScope.MayPublish(actor) ? await VolunteerScope.Statuses(actor, db.VolunteerStatuses).FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (s is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "EndVolunteerStatus", nameof(VolunteerStatus), id.ToString(), ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
        var started = DateOnly.FromDateTime(BrusselsTime.ToBrussels(s.StartedAt).DateTime);
        var e = new Errors();
        var reason = r.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) e.Add("Reason", L["Validation.Required", L["Volunteering.EndReason"]]);
        else if (reason.Length > MaxReason) e.Add("Reason", L["Validation.MaxLength", L["Volunteering.EndReason"], MaxReason]);
        var day = r.EndedOn ?? today;
        if (day > today || day < started) e.Add("EndedOn", L["Volunteering.EndDateRange"]);
        if (s.EndedAt is not null) e.Add("EndedOn", L["Volunteering.AlreadyEnded"]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);
        // The end of the day asked (today: now), so that a status never ends before it started.
        s.EndedAt = day == today ? now : BrusselsTime.StartOfDay(day.AddDays(1)).AddTicks(-1);
        (s.EndReason, s.EndedBy) = (reason, actor.UserName);
        MemberHistory.Add(db, s.MemberId, "VolunteerStatusEnded", now, actor.UserName);
        AuditLog.Add(db, clock, actor, "EndVolunteerStatus", nameof(VolunteerStatus), s.Id.ToString(), $"on={day:yyyy-MM-dd}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(s.Id, s.EndedAt.Value));
    }
}
