using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Reports;

/// <summary>
/// One report: the zone's officers see all of it (reporter, address, description, notes, trail), and each such read is
/// audited; the reporting household sees its own report and its state. Anyone else: 404, audited.
/// </summary>
public static class GetReport
{
    /// <summary>Exactly one of the two is set: <see cref="Police"/> for the zone's officers, <see cref="Reporter"/> for the reporter.</summary>
    public sealed record View(ReportViews.Full? Police, ReportViews.Own? Reporter);

    public static async Task<Outcome<View>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct)
    {
        if (actor.IsOfficer)
        {
            var report = await ReportViews.ForOfficerAsync(db, actor, id, ct);
            if (report is null) return await AuditLog.NotFoundAsync<View>(db, clock, actor, "ReadReport", nameof(Report), id.ToString(), ct);
            var full = await ReportViews.FullAsync(db, report, ct);
            AuditLog.Add(db, clock, actor, "ReadReport", nameof(Report), id.ToString(), $"bin={report.BinId}");
            await db.SaveChangesAsync(ct);
            return new Outcome<View>.Ok(new View(full, null));
        }
        var member = await MemberAccount.OfAsync(db, actor, ct);
        var own = member is null
            ? await ReportViews.ProjectOwn(db.Reports.Where(r => r.Id == id && r.ReportedByUserId == actor.UserId)).FirstOrDefaultAsync(ct)
            : await ReportViews.ProjectOwn(ListReports.MineQuery(db, member.Id, actor).Where(r => r.Id == id)).FirstOrDefaultAsync(ct);
        if (own is null) return await AuditLog.NotFoundAsync<View>(db, clock, actor, "ReadReport", nameof(Report), id.ToString(), ct);
        // The reporter's view holds an address and a description of what happened (and, reported on behalf, another
        // household's): every read of it is on record, as the officers' reads are.
        AuditLog.Add(db, clock, actor, "ReadReport", nameof(Report), id.ToString(), member is null ? "reporter view, reported on behalf" : "reporter view, own household");
        await db.SaveChangesAsync(ct);
        return new Outcome<View>.Ok(new View(null, own));
    }

    /// <summary>A photo of a report, for the zone's officers only (audited).</summary>
    public static async Task<Outcome<ReportPhoto>> PhotoAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int photoId, CancellationToken ct)
    {
        var photo = await db.ReportPhotos.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == photoId && p.ReportId == id && ReportViews.InZone(db, actor).Any(r => r.Id == id), ct);
        if (photo is null) return await AuditLog.NotFoundAsync<ReportPhoto>(db, clock, actor, "ReadReportPhoto", nameof(Report), $"{id}/{photoId}", ct);
        AuditLog.Add(db, clock, actor, "ReadReportPhoto", nameof(Report), id.ToString(), $"photo={photoId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<ReportPhoto>.Ok(photo);
    }
}
