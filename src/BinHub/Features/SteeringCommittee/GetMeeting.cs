using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.SteeringCommittee;

/// <summary>The meetings of a year (no personal data) and one meeting in full: reading its attendees is audited.</summary>
public static class GetMeeting
{
    public sealed record Summary(int Id, int Year, DateOnly HeldOn, string Place, int Attendees, int Decisions, int Documents);

    public sealed record Attendee(int Id, string? Name, string? Organisation, string? Role, bool Erased);

    public sealed record Decision(int Id, string Text, string Owner, DateOnly? DueOn);

    public sealed record Document(int Id, string FileName, string ContentType, int Size, DateTimeOffset UploadedAt);

    public sealed record Detail(int Id, int Year, DateOnly HeldOn, string Place, IReadOnlyList<string> Agenda, IReadOnlyList<Attendee> Attendees,
        IReadOnlyList<Decision> Decisions, IReadOnlyList<Document> Documents);

    public sealed record Page(IReadOnlyList<Summary> Items, int Total, int PageNumber, int PageSize);

    public const int PageSize = 20;

    public static async Task<Page> ListAsync(BinHubDb db, Actor actor, int? year, int page, CancellationToken ct)
    {
        if (!actor.IsNational) return new Page([], 0, 1, PageSize);
        var q = db.SteeringMeetings.AsQueryable();
        if (year is { } y) q = q.Where(m => m.Year == y);
        page = Math.Max(1, page);
        var items = await q.OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(m => new Summary(m.Id, m.Year, m.HeldOn, m.Place, m.Attendees.Count, m.Decisions.Count, m.Documents.Count)).ToListAsync(ct);
        return new Page(items, await q.CountAsync(ct), page, PageSize);
    }

    public static async Task<Outcome<Detail>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct)
    {
        var m = actor.IsNational ? await db.SteeringMeetings.AsNoTracking().Include(x => x.Attendees).Include(x => x.Decisions).FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (m is null) return await AuditLog.NotFoundAsync<Detail>(db, clock, actor, "ReadSteeringMeeting", nameof(SteeringMeeting), id.ToString(), ct);
        // The documents' bytes stay in the database: the list needs their names and sizes only.
        var documents = await db.SteeringDocuments.Where(d => d.MeetingId == id).OrderBy(d => d.Id)
            .Select(d => new Document(d.Id, d.FileName, d.ContentType, d.Content.Length, d.UploadedAt)).ToListAsync(ct);
        if (m.Attendees.Count > 0)
        {
            AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(SteeringMeeting), id.ToString(), $"{m.Attendees.Count} attendees listed");
            await db.SaveChangesAsync(ct);
        }
        return new Outcome<Detail>.Ok(new Detail(m.Id, m.Year, m.HeldOn, m.Place, m.AgendaItems.ToList(),
            m.Attendees.OrderBy(a => a.Id).Select(a => a.ErasedAt is null ? new Attendee(a.Id, a.Name, a.Organisation, a.Role, false) : new Attendee(a.Id, null, null, null, true)).ToList(),
            m.Decisions.OrderBy(d => d.DueOn ?? DateOnly.MaxValue).ThenBy(d => d.Id).Select(d => new Decision(d.Id, d.Text, d.Owner, d.DueOn)).ToList(),
            documents));
    }
}
