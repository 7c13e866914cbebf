using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

/// <summary>
/// A coordinator of the BIN approves or refuses a member who signed up online (state Pending). The police of the zone
/// see the member but do not decide: the BIN chooses its members. Anyone else gets "not found", audited. The applicant
/// is told in their own language, in the same transaction. A refusal needs a reason (it is sent to the applicant).
/// </summary>
public static class DecideMember
{
    public sealed record RefuseRequest(string? Reason);

    public sealed record Result(int MemberId, MemberState State, int MessagesQueued);

    public const int MaxReason = 500;

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, int memberId, bool approve,
        string? reason, IStringLocalizer L, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        var member = bin is null || !ListMembers.MayManage(actor, binId) ? null
            : await db.Members.Include(m => m.Phones).FirstOrDefaultAsync(m => m.Id == memberId && m.BinId == binId && m.ErasedAt == null, ct);
        if (member is null)
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, approve ? "ApproveMember" : "RefuseMember", nameof(Member), memberId.ToString(), ct);

        var why = reason?.Trim() ?? "";
        if (!approve)
        {
            if (why.Length == 0) return Outcome<Result>.Fail("reason", L["Coord.ReasonRequired"]);
            if (why.Length > MaxReason) return Outcome<Result>.Fail("reason", L["Validation.MaxLength", L["Coord.Reason"], MaxReason]);
            if (why.Any(c => char.IsControl(c) && c is not '\n' and not '\r') || why.Contains('<') || why.Contains('>'))
                return Outcome<Result>.Fail("reason", L["Validation.Invalid", L["Coord.Reason"]]);
        }
        if (member.State != MemberState.Pending) return Outcome<Result>.Fail("state", L["Coord.NotPending", L[$"MemberState.{member.State}"]]);

        var now = clock.GetUtcNow();
        var state = approve ? MemberState.Active : MemberState.Refused;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on still being Pending: two coordinators deciding at once cannot both win (nor tell the applicant twice).
        var changed = await db.Members.Where(m => m.Id == member.Id && m.State == MemberState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, state).SetProperty(m => m.DecidedAt, now).SetProperty(m => m.DecidedBy, actor.UserName)
                .SetProperty(m => m.RefusalReason, approve ? null : why).SetProperty(m => m.UpdatedAt, now), ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            return Outcome<Result>.Fail("state", L["Coord.NotPending", L[$"MemberState.{MemberState.Active}"]]);
        }
        // The reason stays on the member row only: history lines survive erasure and must hold no personal data.
        MemberHistory.Add(db, member.Id, approve ? "Approved" : "Refused", now, actor.UserName);
        var queued = approve
            ? MemberMessages.Notify(db, member, L, "MemberApproved", "Coord.ApprovedSubject", "Coord.ApprovedBody", now, bin!.Name)
            : MemberMessages.Notify(db, member, L, "MemberRefused", "Coord.RefusedSubject", "Coord.RefusedBody", now, bin!.Name, why);
        AuditLog.Add(db, clock, actor, approve ? "Approve" : "Refuse", nameof(Member), member.Id.ToString(), $"bin={binId}; {queued} messages to the applicant");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(member.Id, state, queued));
    }
}
