using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Reports;

/// <summary>
/// An officer of the zone works a report: claims it, adds notes, links it to an incident and decides. Each step is a
/// line in the report's trail (who, when) and in the audit log, written in the same SaveChanges as the change.
/// </summary>
public static class WorkReport
{
    public sealed record NoteRequest(string? Text);

    /// <summary>Either an open incident of the zone (IncidentId) or a new one (NewTitle).</summary>
    public sealed record IncidentRequest(int? IncidentId, string? NewTitle);

    public sealed record DecisionRequest(ReportDecision? Decision, string? Note);

    public sealed record Result(int Id, ReportState State, ReportDecision? Decision, int? IncidentId);

    public const int MaxNote = 2000;
    public const int MaxDecisionNote = 1000;
    public const int MaxTitle = 200;

    public static async Task<Outcome<Result>> ClaimAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, IStringLocalizer L, CancellationToken ct)
    {
        var report = await ReportViews.ForOfficerAsync(db, actor, id, ct);
        if (report is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "ClaimReport", nameof(Report), id.ToString(), ct);
        if (report.State == ReportState.Decided) return Outcome<Result>.Fail("state", L["Report.AlreadyDecided"]);
        var now = clock.GetUtcNow();
        var takenOver = report.ClaimedByUserId is { } previous && previous != actor.UserId;
        report.ClaimedByUserId = actor.UserId;
        report.ClaimedAt = now;
        report.State = ReportState.Claimed;
        Trail(db, report, actor, "Claimed", takenOver ? "taken over" : null, now);
        AuditLog.Add(db, clock, actor, "ClaimReport", nameof(Report), id.ToString(), takenOver ? "taken over" : null);
        await db.SaveChangesAsync(ct);
        return Ok(report);
    }

    public static async Task<Outcome<Result>> NoteAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, NoteRequest r, IStringLocalizer L, CancellationToken ct)
    {
        var report = await ReportViews.ForOfficerAsync(db, actor, id, ct);
        if (report is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "AddReportNote", nameof(Report), id.ToString(), ct);
        var text = r.Text?.Trim();
        if (string.IsNullOrEmpty(text)) return Outcome<Result>.Fail("text", L["Report.NoteRequired"]);
        if (text.Length > MaxNote) return Outcome<Result>.Fail("text", L["Report.TextTooLong", MaxNote]);
        var now = clock.GetUtcNow();
        db.ReportNotes.Add(new ReportNote { ReportId = id, UserId = actor.UserId, UserName = actor.UserName, Text = text, At = now });
        Trail(db, report, actor, "Noted", null, now);
        AuditLog.Add(db, clock, actor, "AddReportNote", nameof(Report), id.ToString());
        await db.SaveChangesAsync(ct);
        return Ok(report);
    }

    public static async Task<Outcome<Result>> LinkIncidentAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, IncidentRequest r, IStringLocalizer L,
        CancellationToken ct)
    {
        var report = await ReportViews.ForOfficerAsync(db, actor, id, ct);
        if (report is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "LinkReportIncident", nameof(Report), id.ToString(), ct);
        var now = clock.GetUtcNow();
        var zone = report.Bin!.PoliceZoneNumber;
        Incident incident;
        if (r.IncidentId is { } incidentId)
        {
            var existing = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId && i.ZoneNumber == zone && i.ClosedAt == null, ct);
            if (existing is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "LinkReportIncident", nameof(Incident), incidentId.ToString(), ct);
            incident = existing;
        }
        else
        {
            var title = r.NewTitle?.Trim();
            if (string.IsNullOrEmpty(title)) return Outcome<Result>.Fail("newTitle", L["Report.IncidentTitleRequired"]);
            if (title.Length > MaxTitle) return Outcome<Result>.Fail("newTitle", L["Report.TextTooLong", MaxTitle]);
            incident = new Incident { ZoneNumber = zone, Title = title, CreatedAt = now, CreatedByUserId = actor.UserId };
            db.Incidents.Add(incident);
        }
        report.Incident = incident;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        Trail(db, report, actor, "Linked", $"incident={incident.Id}", now);
        AuditLog.Add(db, clock, actor, "LinkReportIncident", nameof(Report), id.ToString(), $"incident={incident.Id}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Ok(report);
    }

    /// <summary>
    /// A decision can be revised (e.g. "prevention later" becomes an alarm when a second report comes in); every decision stays
    /// in the trail with who and when. Forwarding to dispatch needs a note: what was passed on, to whom.
    /// </summary>
    public static async Task<Outcome<Result>> DecideAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, DecisionRequest r, IStringLocalizer L,
        CancellationToken ct)
    {
        var report = await ReportViews.ForOfficerAsync(db, actor, id, ct);
        if (report is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "DecideReport", nameof(Report), id.ToString(), ct);
        if (r.Decision is not { } decision || !Enum.IsDefined(decision)) return Outcome<Result>.Fail("decision", L["Report.DecisionRequired"]);
        var note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim();
        if (decision == ReportDecision.ForwardedToDispatch && note is null) return Outcome<Result>.Fail("note", L["Report.DispatchNoteRequired"]);
        if (note is { Length: > MaxDecisionNote }) return Outcome<Result>.Fail("note", L["Report.TextTooLong", MaxDecisionNote]);
        var now = clock.GetUtcNow();
        if (report.ClaimedByUserId is null) { report.ClaimedByUserId = actor.UserId; report.ClaimedAt = now; }
        report.State = ReportState.Decided;
        report.Decision = decision;
        report.DecidedByUserId = actor.UserId;
        report.DecidedAt = now;
        report.DecisionNote = note;
        Trail(db, report, actor, "Decided", decision.ToString(), now);
        AuditLog.Add(db, clock, actor, "DecideReport", nameof(Report), id.ToString(), decision.ToString());
        await db.SaveChangesAsync(ct);
        return Ok(report);
    }

    private static void Trail(BinHubDb db, Report report, Actor actor, string kind, string? details, DateTimeOffset now) =>
        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Kind = kind, UserId = actor.UserId, UserName = actor.UserName, Details = details, At = now });

    private static Outcome<Result> Ok(Report r) => new Outcome<Result>.Ok(new Result(r.Id, r.State, r.Decision, r.IncidentId));

    /// <summary>Open incidents of the zone, newest first, for the "attach to" choice.</summary>
    public static Task<List<ReportViews.IncidentView>> OpenIncidentsAsync(BinHubDb db, int zone, CancellationToken ct) =>
        db.Incidents.Where(i => i.ZoneNumber == zone && i.ClosedAt == null).OrderByDescending(i => i.CreatedAt).Take(50)
            .Select(i => new ReportViews.IncidentView(i.Id, i.Title, i.CreatedAt, true)).ToListAsync(ct);
}
