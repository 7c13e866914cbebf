using System.Net.Mail;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Training;

/// <summary>
/// Registering people in a session (a BinHub user found by their e-mail address, or a named outside person such as an aspiring
/// officer) up to its capacity, and recording each one's attendance and result once the session has begun.
/// </summary>
public static class Participants
{
    public sealed record AddRequest(ParticipantCategory? Category, string? UserEmail, string? Name, string? Email, int? ZoneNumber);
    public sealed record ResultRequest(Attendance? Attendance, TrainingResult? Result);
    public sealed record Added(int Id, string Name, bool HasAccount);
    public sealed record Recorded(int Id, Attendance Attendance, TrainingResult Result);

    public static async Task<Outcome<Added>> AddAsync(BinHubDb db, TimeProvider clock, Actor actor, int sessionId, AddRequest r, IStringLocalizer L,
        CancellationToken ct)
    {
        var session = await TrainingScope.Sessions(db, actor).Include(s => s.Participants).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return await AuditLog.NotFoundAsync<Added>(db, clock, actor, "AddParticipant", nameof(TrainingSession), sessionId.ToString(), ct);
        var e = new Errors();
        if (r.Category is not { } category || !Enum.IsDefined(category)) e.Add("category", L["Training.CategoryRequired"]);
        string name;
        string? email;
        string? userId = null;
        int? zone = r.ZoneNumber;
        if (!string.IsNullOrWhiteSpace(r.UserEmail))
        {
            // Someone with an account: their name, address and zone come from it (members have no business in a police course).
            var normalized = r.UserEmail.Trim().ToUpperInvariant();
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
            var isStaff = user is not null && await db.UserRoles.AnyAsync(x => x.UserId == user.Id && (x.RoleId == Roles.PoliceOfficer || x.RoleId == Roles.Coordinator), ct);
            if (user is null || !isStaff) return Outcome<Added>.Fail("userEmail", L["Training.NoSuchUser"]);
            (name, email, userId) = (user.DisplayName.Length > 0 ? user.DisplayName : user.Email!, user.Email, user.Id);
            zone ??= user.PoliceZoneNumber;
        }
        else
        {
            name = r.Name?.Trim() ?? "";
            email = string.IsNullOrWhiteSpace(r.Email) ? null : r.Email.Trim();
            if (name.Length == 0) e.Add("name", L["Training.NameRequired"]);
            else if (name.Length > Sessions.MaxText) e.Add("name", L["Training.TooLong", Sessions.MaxText]);
            if (email is not null && (email.Length > 254 || !MailAddress.TryCreate(email, out _))) e.Add("email", L["Training.EmailInvalid"]);
        }
        if (zone is { } z && !await db.PoliceZones.AnyAsync(x => x.Number == z, ct)) e.Add("zoneNumber", L["Training.NoSuchZone"]);
        if (e.Any) return new Outcome<Added>.Invalid(e.Items);
        if (session.Participants.Count >= session.Capacity) return Outcome<Added>.Fail("session", L["Training.Full", session.Capacity]);
        if (session.Participants.Any(p => (userId is not null && p.UserId == userId) ||
                                           (email is not null && string.Equals(p.Email, email, StringComparison.OrdinalIgnoreCase))))
            return Outcome<Added>.Fail(userId is null ? "email" : "userEmail", L["Training.AlreadyRegistered"]);

        var participant = new TrainingParticipant
        {
            SessionId = session.Id, Category = r.Category!.Value, UserId = userId, Name = name, Email = email, PoliceZoneNumber = zone, AddedAt = clock.GetUtcNow(),
        };
        db.TrainingParticipants.Add(participant);
        await AuditLog.SaveNewAsync(db, clock, actor, "AddParticipant", nameof(TrainingParticipant), () => participant.Id.ToString(),
            $"session={session.Id}; category={participant.Category}; account={userId is not null}", ct);
        return new Outcome<Added>.Ok(new Added(participant.Id, name, userId is not null));
    }

    public static async Task<Outcome<Recorded>> RecordAsync(BinHubDb db, TimeProvider clock, Actor actor, int sessionId, int participantId, ResultRequest r,
        IStringLocalizer L, CancellationToken ct)
    {
        var (session, p) = await LoadAsync(db, actor, sessionId, participantId, ct);
        if (session is null || p is null)
            return await AuditLog.NotFoundAsync<Recorded>(db, clock, actor, "RecordResult", nameof(TrainingParticipant), participantId.ToString(), ct);
        var e = new Errors();
        if (r.Attendance is not { } attendance || !Enum.IsDefined(attendance)) e.Add("attendance", L["Training.AttendanceRequired"]);
        if (r.Result is not { } result || !Enum.IsDefined(result)) e.Add("result", L["Training.ResultRequired"]);
        else if (result != TrainingResult.NotAssessed && r.Attendance != Attendance.Present) e.Add("result", L["Training.ResultNeedsPresence"]);
        if (session.StartsOn > TrainingScope.Today(clock)) e.Add("attendance", L["Training.NotStarted", session.StartsOn.ToString("d")]);
        if (p.Certificates.Any(c => c.RevokedAt is null) && r.Result != TrainingResult.Passed) e.Add("result", L["Training.RevokeFirst"]);
        if (e.Any) return new Outcome<Recorded>.Invalid(e.Items);

        var before = $"{p.Attendance}/{p.Result}";
        p.Attendance = r.Attendance!.Value;
        p.Result = r.Result!.Value;
        AuditLog.Add(db, clock, actor, "RecordResult", nameof(TrainingParticipant), p.Id.ToString(), $"session={sessionId}; {before} -> {p.Attendance}/{p.Result}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Recorded>.Ok(new Recorded(p.Id, p.Attendance, p.Result));
    }

    /// <summary>
    /// Takes someone registered by mistake (or who withdrew) off a session, with their personal data. Someone who holds a certificate,
    /// even a revoked one, stays: the public verification of that code must keep answering.
    /// </summary>
    public static async Task<Outcome<int>> RemoveAsync(BinHubDb db, TimeProvider clock, Actor actor, int sessionId, int participantId, IStringLocalizer L,
        CancellationToken ct)
    {
        var (session, p) = await LoadAsync(db, actor, sessionId, participantId, ct);
        if (session is null || p is null)
            return await AuditLog.NotFoundAsync<int>(db, clock, actor, "RemoveParticipant", nameof(TrainingParticipant), participantId.ToString(), ct);
        if (p.Certificates.Count > 0) return Outcome<int>.Fail("participant", L["Training.HasCertificate"]);
        db.TrainingParticipants.Remove(p);
        AuditLog.Add(db, clock, actor, "RemoveParticipant", nameof(TrainingParticipant), p.Id.ToString(), $"session={sessionId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<int>.Ok(p.Id);
    }

    internal static async Task<(TrainingSession? Session, TrainingParticipant? Participant)> LoadAsync(BinHubDb db, Actor actor, int sessionId, int participantId,
        CancellationToken ct)
    {
        var session = await TrainingScope.Sessions(db, actor).Include(s => s.Academy).Include(s => s.CurriculumVersion).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return (null, null);
        var p = await db.TrainingParticipants.Include(x => x.Certificates).FirstOrDefaultAsync(x => x.Id == participantId && x.SessionId == sessionId, ct);
        return (session, p);
    }
}
