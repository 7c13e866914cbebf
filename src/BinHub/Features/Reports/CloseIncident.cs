using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Reports;

/// <summary>
/// An officer of the zone closes an incident once it is dealt with: it leaves the list reports can be attached to, and
/// every report linked to it gets the closing in its trail. Closing cannot be undone (a new fact makes a new incident),
/// so it needs an explicit confirmation.
/// </summary>
public static class CloseIncident
{
    public sealed record Request(bool Confirmed);
    public sealed record Result(int Id, DateTimeOffset ClosedAt, int Reports);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        var incident = zone is null ? null : await db.Incidents.FirstOrDefaultAsync(i => i.Id == id && i.ZoneNumber == zone, ct);
        if (incident is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "CloseIncident", nameof(Incident), id.ToString(), ct);
        if (incident.ClosedAt is not null) return Outcome<Result>.Fail("incident", L["Incident.AlreadyClosed", id]);
        if (!r.Confirmed) return Outcome<Result>.Fail("confirmed", L["Incident.ConfirmRequired"]);

        var now = clock.GetUtcNow();
        incident.ClosedAt = now;
        var reports = await db.Reports.Where(x => x.IncidentId == id).Select(x => x.Id).ToListAsync(ct);
        foreach (var report in reports)
            db.ReportEvents.Add(new ReportEvent { ReportId = report, Kind = "IncidentClosed", UserId = actor.UserId, UserName = actor.UserName, Details = $"incident={id}", At = now });
        AuditLog.Add(db, clock, actor, "CloseIncident", nameof(Incident), id.ToString(), $"{reports.Count} report(s)");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(id, now, reports.Count));
    }
}
