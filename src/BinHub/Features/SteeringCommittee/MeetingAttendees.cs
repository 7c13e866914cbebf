using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>Who attended a meeting (personal data: the Kenniscentrum only), and their erasure on request.</summary>
public static class MeetingAttendees
{
    public sealed record Request(string? Name, string? Organisation, string? Role);

    public sealed record Added(int Id);

    public sealed record Erased(int Id, DateTimeOffset ErasedAt);

    public static async Task<Outcome<Added>> AddAsync(BinHubDb db, TimeProvider clock, Actor actor, int meetingId, Request request, IStringLocalizer L, CancellationToken ct)
    {
        if (!actor.IsNational || !await db.SteeringMeetings.AnyAsync(m => m.Id == meetingId, ct))
            return await AuditLog.NotFoundAsync<Added>(db, clock, actor, "AddSteeringAttendee", nameof(SteeringMeeting), meetingId.ToString(), ct);
        var errors = new Errors();
        string Text(string? value, string field, string label, bool required)
        {
            var v = value?.Trim() ?? "";
            if (required && v.Length == 0) errors.Add(field, L["Validation.Required", L[label]]);
            else if (v.Length > SteeringMeeting.MaxName) errors.Add(field, L["Validation.MaxLength", L[label], SteeringMeeting.MaxName]);
            return v;
        }
        var name = Text(request.Name, nameof(request.Name), "Steering.AttendeeName", true);
        var organisation = Text(request.Organisation, nameof(request.Organisation), "Steering.Organisation", true);
        var role = Text(request.Role, nameof(request.Role), "Steering.AttendeeRole", false);
        if (errors.Any) return new Outcome<Added>.Invalid(errors.Items);

        var attendee = new SteeringAttendee { MeetingId = meetingId, Name = name, Organisation = organisation, Role = role };
        db.SteeringAttendees.Add(attendee);
        // The audit line names the meeting, not the person: the trail must not keep what erasure removes.
        await AuditLog.SaveNewAsync(db, clock, actor, "AddSteeringAttendee", nameof(SteeringMeeting), () => meetingId.ToString(), null, ct);
        return new Outcome<Added>.Ok(new Added(attendee.Id));
    }

    public static async Task<Outcome<Erased>> EraseAsync(BinHubDb db, TimeProvider clock, Actor actor, int meetingId, int attendeeId, CancellationToken ct)
    {
        var attendee = actor.IsNational ? await db.SteeringAttendees.FirstOrDefaultAsync(a => a.Id == attendeeId && a.MeetingId == meetingId, ct) : null;
        if (attendee is null) return await AuditLog.NotFoundAsync<Erased>(db, clock, actor, "EraseSteeringAttendee", nameof(SteeringAttendee), attendeeId.ToString(), ct);
        var now = clock.GetUtcNow();
        // The row stays (the meeting had so many attendees), without anything that identifies the person.
        attendee.ErasedAt ??= now;
        (attendee.Name, attendee.Organisation, attendee.Role) = ("", "", "");
        AuditLog.Add(db, clock, actor, "EraseSteeringAttendee", nameof(SteeringAttendee), attendee.Id.ToString(), $"meeting={meetingId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Erased>.Ok(new Erased(attendee.Id, attendee.ErasedAt.Value));
    }
}
