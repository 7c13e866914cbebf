using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>The decisions a meeting took: what, who follows it up, by when.</summary>
public static class MeetingDecisions
{
    public sealed record Request(string? Text, string? Owner, DateOnly? DueOn);

    public sealed record Added(int Id);

    public static async Task<Outcome<Added>> AddAsync(BinHubDb db, TimeProvider clock, Actor actor, int meetingId, Request request, IStringLocalizer L, CancellationToken ct)
    {
        if (!actor.IsNational || !await db.SteeringMeetings.AnyAsync(m => m.Id == meetingId, ct))
            return await AuditLog.NotFoundAsync<Added>(db, clock, actor, "AddSteeringDecision", nameof(SteeringMeeting), meetingId.ToString(), ct);
        var errors = new Errors();
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0) errors.Add(nameof(request.Text), L["Validation.Required", L["Steering.DecisionText"]]);
        else if (text.Length > SteeringMeeting.MaxText) errors.Add(nameof(request.Text), L["Validation.MaxLength", L["Steering.DecisionText"], SteeringMeeting.MaxText]);
        var owner = request.Owner?.Trim() ?? "";
        if (owner.Length == 0) errors.Add(nameof(request.Owner), L["Validation.Required", L["Steering.Owner"]]);
        else if (owner.Length > SteeringMeeting.MaxName) errors.Add(nameof(request.Owner), L["Validation.MaxLength", L["Steering.Owner"], SteeringMeeting.MaxName]);
        if (errors.Any) return new Outcome<Added>.Invalid(errors.Items);

        var decision = new SteeringDecision { MeetingId = meetingId, Text = text, Owner = owner, DueOn = request.DueOn };
        db.SteeringDecisions.Add(decision);
        await AuditLog.SaveNewAsync(db, clock, actor, "AddSteeringDecision", nameof(SteeringMeeting), () => meetingId.ToString(),
            $"decision={decision.Id}; owner={owner}; due {request.DueOn:yyyy-MM-dd}", ct);
        return new Outcome<Added>.Ok(new Added(decision.Id));
    }
}
