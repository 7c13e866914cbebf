using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Reports;

/// <summary>What callers get to see of a report, and who may see it.</summary>
public static class ReportViews
{
    /// <summary>A line of the inbox (and the live push): no personal data.</summary>
    public sealed record Summary(int Id, string Reference, ReportCategory Category, ReportUrgency Urgency, ReportState State, ReportDecision? Decision,
        ReportSource Source, int BinId, string BinName, DateTimeOffset OccurredAt, DateTimeOffset CreatedAt, int PhotoCount, bool Claimed);

    public static Summary SummaryOf(Report r, string binName, int photoCount) =>
        new(r.Id, r.Reference, r.Category, r.Urgency, r.State, r.Decision, r.Source, r.BinId, binName, r.OccurredAt, r.CreatedAt, photoCount,
            r.ClaimedByUserId is not null);

    /// <summary>For a report just made (its photos are in memory).</summary>
    public static Summary OfNew(Report r, string binName) => SummaryOf(r, binName, r.Photos.Count);

    /// <summary>What the reporter sees of their own report.</summary>
    public sealed record Own(int Id, string Reference, ReportCategory Category, ReportState State, ReportSource Source, DateTimeOffset OccurredAt,
        DateTimeOffset CreatedAt, string? Street, string? HouseNumber, string Text, int PhotoCount);

    public static IQueryable<Own> ProjectOwn(IQueryable<Report> q) =>
        q.Select(r => new Own(r.Id, r.Reference, r.Category, r.State, r.Source, r.OccurredAt, r.CreatedAt, r.Street, r.HouseNumber, r.Text, r.Photos.Count));

    public sealed record Reporter(int? MemberId, string? Name, string? Street, string? HouseNumber, IReadOnlyList<string> Phones, string? Email, string Language);
    public sealed record SuspectView(string? Sex, string? ApparentAge, string? Height, string? Build, string? SkinHair, string? Clothing, string? Marks,
        string? VehicleMakeModel, string? VehicleColour, string? LicencePlate, string? Direction);
    public sealed record NoteView(int Id, string? By, string Text, DateTimeOffset At);
    public sealed record EventView(string Kind, string? By, string? Details, DateTimeOffset At);
    public sealed record IncidentView(int Id, string Title, DateTimeOffset CreatedAt, bool Open);

    /// <summary>The whole report, for the zone's officers (every read audited).</summary>
    public sealed record Full(Summary Summary, bool OnBehalf, string? ReportedBy, Reporter? Reporter, string? Street, string? HouseNumber, double? Lat, double? Lon,
        string Text, SuspectView Suspect, string? ClaimedBy, DateTimeOffset? ClaimedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote,
        IncidentView? Incident, IReadOnlyList<int> PhotoIds, IReadOnlyList<NoteView> Notes, IReadOnlyList<EventView> Trail, int ZoneNumber);

    /// <summary>The reports an officer may see: those of BINs in the officer's zone. Nobody else has an inbox.</summary>
    public static IQueryable<Report> InZone(BinHubDb db, Actor actor)
    {
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        return db.Reports.Where(r => zone != null && r.Bin!.PoliceZoneNumber == zone);
    }

    /// <summary>A report in the officer's zone, with what the page needs; null when unknown or out of scope.</summary>
    public static Task<Report?> ForOfficerAsync(BinHubDb db, Actor actor, int id, CancellationToken ct) =>
        InZone(db, actor).Include(r => r.Bin).FirstOrDefaultAsync(r => r.Id == id, ct);

    public static async Task<Full> FullAsync(BinHubDb db, Report r, CancellationToken ct)
    {
        var member = r.MemberId is { } mid ? await db.Members.Include(m => m.Phones).AsNoTracking().FirstOrDefaultAsync(m => m.Id == mid, ct) : null;
        var userIds = new[] { r.ReportedByUserId, r.ClaimedByUserId, r.DecidedByUserId }.Where(u => u is not null).ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(string? id) => id is null ? null : names.GetValueOrDefault(id, id);
        var notes = await db.ReportNotes.Where(n => n.ReportId == r.Id).OrderBy(n => n.At).ThenBy(n => n.Id)
            .Select(n => new NoteView(n.Id, n.UserName, n.Text, n.At)).ToListAsync(ct);
        var trail = await db.ReportEvents.Where(x => x.ReportId == r.Id).OrderBy(x => x.At).ThenBy(x => x.Id)
            .Select(x => new EventView(x.Kind, x.UserName, x.Details, x.At)).ToListAsync(ct);
        // An incident of another zone is never shown (links written before body ids were scoped may name one).
        var zone = r.Bin?.PoliceZoneNumber;
        var incident = r.IncidentId is { } iid
            ? await db.Incidents.Where(i => i.Id == iid && i.ZoneNumber == zone).Select(i => new IncidentView(i.Id, i.Title, i.CreatedAt, i.ClosedAt == null)).FirstOrDefaultAsync(ct)
            : null;
        var photoIds = await db.ReportPhotos.Where(p => p.ReportId == r.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var reporter = member is null ? null
            : member.ErasedAt is not null ? new Reporter(member.Id, null, null, null, [], null, member.Language)
            : new Reporter(member.Id, member.Name, member.Street, member.HouseNumber, member.Phones.Select(p => p.Number).ToList(), member.Email, member.Language);
        return new Full(SummaryOf(r, r.Bin?.Name ?? "", photoIds.Count), r.OnBehalf, Name(r.ReportedByUserId), reporter, r.Street, r.HouseNumber, r.Lat, r.Lon, r.Text,
            new SuspectView(r.SuspectSex, r.SuspectApparentAge, r.SuspectHeight, r.SuspectBuild, r.SuspectSkinHair, r.SuspectClothing, r.SuspectMarks,
                r.VehicleMakeModel, r.VehicleColour, r.LicencePlate, r.Direction),
            Name(r.ClaimedByUserId), r.ClaimedAt, Name(r.DecidedByUserId), r.DecidedAt, r.DecisionNote, incident,
            photoIds, notes, trail, r.Bin?.PoliceZoneNumber ?? 0);
    }
}
