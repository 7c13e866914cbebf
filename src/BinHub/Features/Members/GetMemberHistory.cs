using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// One member's history (joined, approved, verified, preferences changed, opted out …) from <see cref="MemberEvent"/>,
/// for the BIN's coordinators and the police of its zone. The lines hold no personal data; the member's name does, so
/// the read is audited. An erased member's history stays readable under "(erased)".
/// </summary>
public static class GetMemberHistory
{
    public sealed record Line(DateTimeOffset At, string Kind, string? Details, string? By);

    /// <param name="Name">Null once the member's data was erased.</param>
    public sealed record Result(int MemberId, int BinId, string? Name, MemberState State, DateTimeOffset JoinedAt, DateTimeOffset? DecidedAt,
        string? DecidedBy, string? RefusalReason, bool Erased, IReadOnlyList<Line> Lines, int Total);

    /// <summary>The newest lines first; a member's history is short, the cap only guards against a runaway writer.</summary>
    public const int MaxLines = 500;

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, int memberId, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        var member = bin is null || !ListMembers.MaySee(actor, bin) ? null
            : await db.Members.FirstOrDefaultAsync(m => m.Id == memberId && m.BinId == binId, ct);
        if (member is null)
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "MemberHistory", nameof(Member), memberId.ToString(), ct);
        var events = db.MemberEvents.Where(e => e.MemberId == memberId);
        var total = await events.CountAsync(ct);
        var lines = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxLines)
            .Select(e => new Line(e.At, e.Kind, e.Details, e.ByName)).ToListAsync(ct);
        var erased = member.ErasedAt is not null;
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), memberId.ToString(), $"bin={binId}; history, {lines.Count} lines");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(member.Id, binId, erased ? null : member.Name, member.State, member.CreatedAt, member.DecidedAt,
            erased ? null : member.DecidedBy, erased ? null : member.RefusalReason, erased, lines, total));
    }
}
