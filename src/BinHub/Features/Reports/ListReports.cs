using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Reports;

/// <summary>
/// The police inbox: reports of the BINs in the officer's zone, most urgent first, then newest; filtered by state and
/// paginated. A member lists their own household's reports instead. Nobody else has a list.
/// </summary>
public static class ListReports
{
    public sealed record Query(ReportState? State, int? Page, int? PageSize);

    public sealed record Page(IReadOnlyList<ReportViews.Summary> Items, int Total, int PageNumber, int PageSize);

    public sealed record MinePage(IReadOnlyList<ReportViews.Own> Items, int Total, int PageNumber, int PageSize);

    public static async Task<Outcome<Page>> InboxAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        if (!actor.IsOfficer)
        {
            await AuditLog.DeniedAsync(db, clock, actor, "ReadReportInbox", nameof(Report), null, ct);
            return new Outcome<Page>.Forbidden("Only police officers of a zone have a report inbox.");
        }
        var (page, size) = Paging(q.Page, q.PageSize);
        var query = ReportViews.InZone(db, actor);
        if (q.State is { } state) query = query.Where(r => r.State == state);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Urgency).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * size).Take(size)
            .Select(r => new ReportViews.Summary(r.Id, r.Reference, r.Category, r.Urgency, r.State, r.Decision, r.Source, r.BinId, r.Bin!.Name,
                r.OccurredAt, r.CreatedAt, r.Photos.Count, r.ClaimedByUserId != null))
            .ToListAsync(ct);
        return new Outcome<Page>.Ok(new Page(rows, total, page, size));
    }

    public static async Task<Outcome<MinePage>> MineAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return await AuditLog.NotFoundAsync<MinePage>(db, clock, actor, "ListOwnReports", nameof(Member), null, ct);
        var (page, size) = Paging(q.Page, q.PageSize);
        var query = MineQuery(db, member.Id, actor);
        if (q.State is { } state) query = query.Where(r => r.State == state);
        var total = await query.CountAsync(ct);
        var rows = await ReportViews.ProjectOwn(query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page - 1) * size).Take(size))
            .ToListAsync(ct);
        return new Outcome<MinePage>.Ok(new MinePage(rows, total, page, size));
    }

    /// <summary>The household's reports: its own (web, SMS) and those a coordinator made for it after a call.</summary>
    public static IQueryable<Report> MineQuery(BinHubDb db, int memberId, Actor actor) =>
        db.Reports.Where(r => r.MemberId == memberId || r.ReportedByUserId == actor.UserId);

    public static (int Page, int Size) Paging(int? page, int? size) => (Math.Max(1, page ?? 1), Math.Clamp(size ?? 25, 1, 100));
}
