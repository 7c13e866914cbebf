using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Volunteering;

/// <summary>The programme's part of a member's export and erasure (<see cref="Me.ExportMyData"/>, <see cref="Me.EraseMe"/>).</summary>
public static class VolunteerErasure
{
    public const string ErasedReason = "personal data erased";

    public sealed record ApplicationMade(int CallId, string CallTitle, VolunteerRole Role, ApplicationState State, string? Motivation, DateTimeOffset CreatedAt,
        DateTimeOffset? DecidedAt, string? Answer);

    public sealed record StatusHeld(VolunteerRole Role, string MunicipalityNis, string? Training, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndReason,
        TrainingRecord? TrainingParticipant = null);

    /// <summary>The registry's participant row made for the volunteer: what the academy holds about them.</summary>
    public sealed record TrainingRecord(string Name, string? Email, string Academy, DateOnly StartsOn, DateOnly EndsOn, string Place, string Language,
        Attendance Attendance, TrainingResult Result, IReadOnlyList<string> CertificateCodes);

    public sealed record Programme(DateTimeOffset? OptedInAt, IReadOnlyList<ApplicationMade> Applications, IReadOnlyList<StatusHeld> Statuses);

    public static async Task<Programme> ExportAsync(BinHubDb db, Member m, CancellationToken ct)
    {
        var statuses = await db.VolunteerStatuses.AsNoTracking().Where(s => s.MemberId == m.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var ids = statuses.Where(s => s.TrainingParticipantId != null).Select(s => s.TrainingParticipantId!.Value).ToList();
        var records = await db.TrainingParticipants.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new
            {
                p.Id, Record = new TrainingRecord(p.Name, p.Email, p.Session!.Academy!.Name, p.Session.StartsOn, p.Session.EndsOn, p.Session.Place, p.Session.Language,
                    p.Attendance, p.Result, p.Certificates.OrderBy(c => c.Id).Select(c => c.Code).ToList()),
            })
            .ToDictionaryAsync(p => p.Id, p => p.Record, ct);
        return new(m.VolunteerCallsConsentAt,
            await db.VolunteerApplications.AsNoTracking().Where(a => a.MemberId == m.Id).OrderBy(a => a.Id)
                .Select(a => new ApplicationMade(a.CallId, a.Call!.Title, a.Call.Role, a.State, a.Motivation, a.CreatedAt, a.DecidedAt, a.Answer)).ToListAsync(ct),
            statuses.Select(s => new StatusHeld(s.Role, s.MunicipalityNis, s.Training, s.StartedAt, s.EndedAt, s.EndReason,
                s.TrainingParticipantId is { } pid ? records.GetValueOrDefault(pid) : null)).ToList());
    }

    /// <summary>
    /// Motivations and answers go; open applications are withdrawn; a current volunteer status ends now. The rows stay without
    /// identity (the member row is anonymised by the caller) so that the programme's yearly counts stay true. The training
    /// registry's row made for the volunteer loses the name and address; one for a session still to come, without a
    /// certificate, is taken off it so that the place is free again.
    /// </summary>
    public static async Task AnonymiseAsync(BinHubDb db, Member m, DateTimeOffset now, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
        var ids = await db.VolunteerStatuses.Where(s => s.MemberId == m.Id && s.TrainingParticipantId != null).Select(s => s.TrainingParticipantId!.Value).ToListAsync(ct);
        foreach (var p in await db.TrainingParticipants.Include(p => p.Session).Include(p => p.Certificates).Where(p => ids.Contains(p.Id)).ToListAsync(ct))
        {
            if (p.Session!.StartsOn > today && p.Certificates.Count == 0) db.TrainingParticipants.Remove(p);
            else (p.Name, p.Email, p.UserId) = (Me.EraseMe.ErasedName, null, null);
        }
        foreach (var a in await db.VolunteerApplications.Where(a => a.MemberId == m.Id).ToListAsync(ct))
        {
            (a.Motivation, a.Answer) = (null, null);
            if (a.State == ApplicationState.Open) (a.State, a.DecidedAt) = (ApplicationState.Withdrawn, now);
        }
        foreach (var s in await db.VolunteerStatuses.Where(s => s.MemberId == m.Id && s.EndedAt == null).ToListAsync(ct))
            (s.EndedAt, s.EndReason) = (now, ErasedReason);
    }
}
