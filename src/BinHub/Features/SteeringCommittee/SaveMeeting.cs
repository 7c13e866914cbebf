using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>Records (or corrects) a year's steering committee meeting: when, where and its agenda. Kenniscentrum only.</summary>
public static class SaveMeeting
{
    /// <param name="Agenda">Agenda items, one per line.</param>
    public sealed record Request(int Year, DateOnly? HeldOn, string? Place, string? Agenda);

    public sealed record Saved(int Id);

    public static async Task<Outcome<Saved>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int? id, Request request, IStringLocalizer L, CancellationToken ct)
    {
        SteeringMeeting? meeting = null;
        if (!actor.IsNational || (id is { } existing && (meeting = await db.SteeringMeetings.FirstOrDefaultAsync(m => m.Id == existing, ct)) is null))
            return await AuditLog.NotFoundAsync<Saved>(db, clock, actor, "SaveSteeringMeeting", nameof(SteeringMeeting), id?.ToString(), ct);

        var errors = new Errors();
        var now = clock.GetUtcNow();
        var thisYear = BrusselsTime.ToBrussels(now).Year;
        if (request.Year < Statistics.GetStatistics.FirstYear + 1 || request.Year > thisYear)
            errors.Add(nameof(request.Year), L["Steering.YearRange", Statistics.GetStatistics.FirstYear + 1, thisYear]);
        if (request.HeldOn is null) errors.Add(nameof(request.HeldOn), L["Validation.Required", L["Steering.HeldOn"]]);
        var place = request.Place?.Trim() ?? "";
        if (place.Length == 0) errors.Add(nameof(request.Place), L["Validation.Required", L["Steering.Place"]]);
        else if (place.Length > SteeringMeeting.MaxPlace) errors.Add(nameof(request.Place), L["Validation.MaxLength", L["Steering.Place"], SteeringMeeting.MaxPlace]);
        var agenda = string.Join('\n', (request.Agenda ?? "").Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (agenda.Length > SteeringMeeting.MaxAgenda) errors.Add(nameof(request.Agenda), L["Validation.MaxLength", L["Steering.Agenda"], SteeringMeeting.MaxAgenda]);
        if (errors.Any) return new Outcome<Saved>.Invalid(errors.Items);

        var details = $"year={request.Year}; held {request.HeldOn:yyyy-MM-dd}; place={place}; {agenda.Split('\n').Length} agenda items";
        if (meeting is null)
        {
            meeting = new SteeringMeeting { Year = request.Year, HeldOn = request.HeldOn!.Value, Place = place, Agenda = agenda, CreatedAt = now, UpdatedAt = now };
            db.SteeringMeetings.Add(meeting);
            await AuditLog.SaveNewAsync(db, clock, actor, "CreateSteeringMeeting", nameof(SteeringMeeting), () => meeting.Id.ToString(), details, ct);
        }
        else
        {
            (meeting.Year, meeting.HeldOn, meeting.Place, meeting.Agenda, meeting.UpdatedAt) = (request.Year, request.HeldOn!.Value, place, agenda, now);
            AuditLog.Add(db, clock, actor, "UpdateSteeringMeeting", nameof(SteeringMeeting), meeting.Id.ToString(), details);
            await db.SaveChangesAsync(ct);
        }
        return new Outcome<Saved>.Ok(new Saved(meeting.Id));
    }
}
