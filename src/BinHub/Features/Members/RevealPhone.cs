using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// A coordinator of the BIN or an officer of its zone reads one member's full phone numbers (lists show them masked).
/// Reading personal data is audited every time; a member of another BIN, or a BIN outside the actor's scope, is "not found"
/// and the refusal audited. Page and API both come here, so the rule and the trail are the same whichever is used.
/// </summary>
public static class RevealPhone
{
    public sealed record Result(int MemberId, IReadOnlyList<string> Numbers);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, int memberId, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        var numbers = bin is null || !ListMembers.MaySee(actor, bin) ? null
            : await db.Members.Where(m => m.Id == memberId && m.BinId == binId && m.ErasedAt == null)
                .Select(m => m.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList()).FirstOrDefaultAsync(ct);
        if (numbers is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "RevealPhone", nameof(Member), memberId.ToString(), ct);
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), memberId.ToString(), "phone numbers revealed");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(memberId, numbers));
    }
}
