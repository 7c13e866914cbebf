using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

public enum VolunteerTrainingKind { NotRequired, ToBePlanned, Registered, Passed, Failed }

/// <summary>A volunteer's training as the registry has it: the session's first day when registered, the valid certificate's code when passed.</summary>
public sealed record VolunteerTrainingState(VolunteerTrainingKind Kind, DateOnly? SessionStartsOn, string? CertificateCode);

/// <summary>
/// The bridge between the volunteer programme and the training registry. A call names an upcoming session of the registry;
/// accepting an applicant registers them there as a <see cref="ParticipantCategory.Volunteer"/>. The training state of a
/// volunteer is never stored on the status: it is read from the participant row (attendance, result, certificate), so the
/// academy's recording is the one truth.
/// </summary>
public static class VolunteerTraining
{
    public sealed record SessionOption(int Id, DateOnly StartsOn, DateOnly EndsOn, string Academy, string Place, string Language, int FreePlaces);

    /// <summary>
    /// The sessions a publisher may name: the Kenniscentrum any academy's, a municipality those of the academies of its own region
    /// (where its volunteers would go); anything else is "not found".
    /// </summary>
    public static IQueryable<TrainingSession> Sessions(BinHubDb db, Actor actor)
    {
        if (actor.IsNational) return db.TrainingSessions;
        var nis = actor.IsMunicipality ? actor.MunicipalityNis : null;
        return db.TrainingSessions.Where(s => nis != null && db.Municipalities.Any(m => m.Nis == nis && m.RegionCode == s.Academy!.RegionCode));
    }

    /// <summary>The sessions still to come with a free place, soonest first, for the publisher's choice.</summary>
    public static async Task<List<SessionOption>> UpcomingAsync(BinHubDb db, Actor actor, DateOnly today, CancellationToken ct) =>
        await Options(Sessions(db, actor).AsNoTracking().Where(s => s.StartsOn >= today && s.Participants.Count < s.Capacity)
            .OrderBy(s => s.StartsOn).ThenBy(s => s.Id).Take(100)).ToListAsync(ct);

    /// <summary>The sessions named by calls, by id (what a session is, no personal data: shown to the publisher and to members).</summary>
    public static async Task<Dictionary<int, SessionOption>> OptionsAsync(BinHubDb db, IEnumerable<int?> ids, CancellationToken ct)
    {
        var wanted = ids.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        return wanted.Count == 0 ? [] : await Options(db.TrainingSessions.AsNoTracking().Where(s => wanted.Contains(s.Id))).ToDictionaryAsync(s => s.Id, ct);
    }

    private static IQueryable<SessionOption> Options(IQueryable<TrainingSession> sessions) =>
        sessions.Select(s => new SessionOption(s.Id, s.StartsOn, s.EndsOn, s.Academy!.Name, s.Place, s.Language, s.Capacity - s.Participants.Count));

    /// <summary>The session's line in a text (mail, page): dates, place, academy and language, in the current culture.</summary>
    public static string Describe(IStringLocalizer L, DateOnly startsOn, DateOnly endsOn, string place, string academy, string language) =>
        L["Volunteering.SessionLine", startsOn.ToString("d"), endsOn.ToString("d"), place, academy, L[$"Language.{language}"]];

    /// <summary>
    /// Registers the accepted member in the call's session (name and e-mail from the member) when it exists, has not begun and has a
    /// free place; someone already in it with the same address keeps their row. Returns the participant (saved by the caller, in
    /// its transaction) and the session, or no participant: the training is to be planned.
    /// </summary>
    public static async Task<(TrainingParticipant? Participant, TrainingSession? Session)> RegisterAsync(BinHubDb db, Member m, int sessionId, DateOnly today,
        DateTimeOffset now, CancellationToken ct)
    {
        var session = await db.TrainingSessions.Include(s => s.Academy).Include(s => s.Participants).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || session.StartsOn < today) return (null, session);
        if (m.Email is { } email && session.Participants.FirstOrDefault(p => string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase)) is { } known)
            return (known, session);
        if (session.Participants.Count >= session.Capacity) return (null, session);
        var participant = new TrainingParticipant { SessionId = session.Id, Category = ParticipantCategory.Volunteer, Name = m.Name, Email = m.Email, AddedAt = now };
        db.TrainingParticipants.Add(participant);
        return (participant, session);
    }

    /// <summary>The training state of each status (by id), read from the registry's rows in one query.</summary>
    public static async Task<Dictionary<int, VolunteerTrainingState>> StatesAsync(BinHubDb db, IReadOnlyCollection<(int StatusId, bool Required, int? ParticipantId)> rows,
        CancellationToken ct)
    {
        var ids = rows.Where(r => r.ParticipantId is not null).Select(r => r.ParticipantId!.Value).Distinct().ToList();
        var found = await db.TrainingParticipants.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Session!.StartsOn, p.Result, Code = p.Certificates.Where(c => c.RevokedAt == null).Select(c => c.Code).FirstOrDefault() })
            .ToDictionaryAsync(p => p.Id, ct);
        return rows.ToDictionary(r => r.StatusId, r =>
        {
            if (!r.Required) return new VolunteerTrainingState(VolunteerTrainingKind.NotRequired, null, null);
            // Taken off the session by the academy (or never registered, the session being full): to be planned again.
            if (r.ParticipantId is not { } pid || !found.TryGetValue(pid, out var p)) return new VolunteerTrainingState(VolunteerTrainingKind.ToBePlanned, null, null);
            return p.Result switch
            {
                TrainingResult.Passed => new VolunteerTrainingState(VolunteerTrainingKind.Passed, p.StartsOn, p.Code),
                TrainingResult.Failed => new VolunteerTrainingState(VolunteerTrainingKind.Failed, p.StartsOn, null),
                _ => new VolunteerTrainingState(VolunteerTrainingKind.Registered, p.StartsOn, null),
            };
        });
    }

    /// <summary>The state in words, for pages (the API gives the structured state).</summary>
    public static string Text(IStringLocalizer L, VolunteerTrainingState s) => s.Kind switch
    {
        VolunteerTrainingKind.Registered => L["Volunteering.TrainingState.Registered", s.SessionStartsOn!.Value.ToString("d")],
        VolunteerTrainingKind.Passed when s.CertificateCode is { } code => L["Volunteering.TrainingState.PassedCode", Training.Certificates.Grouped(code)],
        _ => L[$"Volunteering.TrainingState.{s.Kind}"],
    };
}
