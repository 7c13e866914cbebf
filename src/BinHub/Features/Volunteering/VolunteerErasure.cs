using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Volunteering;

/// <summary>The programme's part of a member's export and erasure (<see cref="Me.ExportMyData"/>, <see cref="Me.EraseMe"/>).</summary>
public static class VolunteerErasure
{
    public const string ErasedReason = "personal data erased";

    public sealed record ApplicationMade(int CallId, string CallTitle, VolunteerRole Role, ApplicationState State, string? Motivation, DateTimeOffset CreatedAt,
        DateTimeOffset? DecidedAt, string? Answer);

    public sealed record StatusHeld(VolunteerRole Role, string MunicipalityNis, string? Training, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? EndReason);

    public sealed record Programme(DateTimeOffset? OptedInAt, IReadOnlyList<ApplicationMade> Applications, IReadOnlyList<StatusHeld> Statuses);

    public static async Task<Programme> ExportAsync(BinHubDb db, Member m, CancellationToken ct) => new(m.VolunteerCallsConsentAt,
        await db.VolunteerApplications.AsNoTracking().Where(a => a.MemberId == m.Id).OrderBy(a => a.Id)
            .Select(a => new ApplicationMade(a.CallId, a.Call!.Title, a.Call.Role, a.State, a.Motivation, a.CreatedAt, a.DecidedAt, a.Answer)).ToListAsync(ct),
        await db.VolunteerStatuses.AsNoTracking().Where(s => s.MemberId == m.Id).OrderBy(s => s.Id)
            .Select(s => new StatusHeld(s.Role, s.MunicipalityNis, s.Training, s.StartedAt, s.EndedAt, s.EndReason)).ToListAsync(ct));

    /// <summary>
    /// Motivations and answers go; open applications are withdrawn; a current volunteer status ends now. The rows stay without
    /// identity (the member row is anonymised by the caller) so that the programme's yearly counts stay true.
    /// </summary>
    public static async Task AnonymiseAsync(BinHubDb db, Member m, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var a in await db.VolunteerApplications.Where(a => a.MemberId == m.Id).ToListAsync(ct))
        {
            (a.Motivation, a.Answer) = (null, null);
            if (a.State == ApplicationState.Open) (a.State, a.DecidedAt) = (ApplicationState.Withdrawn, now);
        }
        foreach (var s in await db.VolunteerStatuses.Where(s => s.MemberId == m.Id && s.EndedAt == null).ToListAsync(ct))
            (s.EndedAt, s.EndReason) = (now, ErasedReason);
    }
}
