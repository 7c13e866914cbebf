using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Volunteering;

/// <summary>The publisher's calls (newest first, paged), with how many applications wait; no personal data.</summary>
public static class ListCalls
{
    public sealed record Item(int Id, VolunteerRole Role, string Title, string? RegionCode, string? MunicipalityNis, int HoursPerMonth, DateOnly OpenUntil,
        int Notified, int OpenApplications, int Applications, DateTimeOffset CreatedAt);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public const int PageSize = 25;

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, CancellationToken ct)
    {
        if (!VolunteerScope.MayPublish(actor)) return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListVolunteerCalls", nameof(VolunteerCall), null, ct);
        var calls = VolunteerScope.Calls(actor, db.VolunteerCalls);
        var total = await calls.CountAsync(ct);
        var number = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var items = await calls.OrderByDescending(c => c.Id).Skip((number - 1) * PageSize).Take(PageSize)
            .Select(c => new Item(c.Id, c.Role, c.Title, c.RegionCode, c.MunicipalityNis, c.HoursPerMonth, c.OpenUntil, c.Notified,
                db.VolunteerApplications.Count(a => a.CallId == c.Id && a.State == ApplicationState.Open),
                db.VolunteerApplications.Count(a => a.CallId == c.Id), c.CreatedAt))
            .ToListAsync(ct);
        return new Outcome<Page>.Ok(new Page(items, total, number, PageSize));
    }
}

/// <summary>
/// One call with its applications: applicant's name, e-mail, phone numbers and motivation are personal data, shown only to
/// the call's publisher scope, and every read is audited.
/// </summary>
public static class GetCall
{
    public sealed record Applicant(int Id, int MemberId, string Name, string? Email, IReadOnlyList<string> Phones, string Language, string? Motivation,
        ApplicationState State, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy, string? Answer);

    public sealed record Detail(int Id, VolunteerRole Role, string Title, string Description, string? RegionCode, string? MunicipalityNis, int HoursPerMonth,
        string? Training, DateOnly OpenUntil, string PublishedByName, DateTimeOffset CreatedAt, int Notified, IReadOnlyList<Applicant> Applications,
        VolunteerTraining.SessionOption? TrainingSession = null);

    public static async Task<Outcome<Detail>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct)
    {
        var c = await VolunteerScope.Calls(actor, db.VolunteerCalls).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !VolunteerScope.MayPublish(actor))
            return await AuditLog.NotFoundAsync<Detail>(db, clock, actor, "ReadVolunteerCall", nameof(VolunteerCall), id.ToString(), ct);
        var rows = await db.VolunteerApplications.AsNoTracking().Where(a => a.CallId == id).Include(a => a.Member!).ThenInclude(m => m.Phones)
            .OrderBy(a => a.State).ThenBy(a => a.Id).Take(500).ToListAsync(ct);
        var applicants = rows.Select(a => new Applicant(a.Id, a.MemberId, a.Member!.Name, a.Member.Email, a.Member.Phones.Select(p => p.Number).ToList(),
            a.Member.Language, a.Motivation, a.State, a.CreatedAt, a.DecidedAt, a.DecidedBy, a.Answer)).ToList();
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(VolunteerApplication), null, $"call={id}; {applicants.Count} applicants");
        await db.SaveChangesAsync(ct);
        return new Outcome<Detail>.Ok(new Detail(c.Id, c.Role, c.Title, c.Description, c.RegionCode, c.MunicipalityNis, c.HoursPerMonth, c.Training, c.OpenUntil,
            c.PublishedByName, c.CreatedAt, c.Notified, applicants, (await VolunteerTraining.OptionsAsync(db, [c.TrainingSessionId], ct)).GetValueOrDefault(c.TrainingSessionId ?? 0)));
    }
}
