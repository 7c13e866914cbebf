using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// The households a message reached on no channel at all: active members of its BINs (members before it was sent) with no
/// delivery that was sent, delivered or is still on its way — every delivery failed, or none was planned (only an unverified
/// landline, every channel opted out or paused). The failed-deliveries list never showed the second kind, so nobody knew to
/// phone them. Their names and all their numbers (verified or not: a person can still dial them) go only to those who may
/// see the BIN's members (<see cref="ListMembers.MaySee"/>), and reading them is audited; others see the count.
/// </summary>
public static class Unreached
{
    public const int Shown = 500;

    public sealed record Household(int MemberId, string Name, string BinName, IReadOnlyList<string> Phones);

    /// <param name="Households">Those the actor may see, by name, at most <see cref="Shown"/>.</param>
    public sealed record Summary(int Count, IReadOnlyList<Household> Households);

    public static async Task<Summary> FindAsync(BinHubDb db, TimeProvider clock, Actor actor, Message m, CancellationToken ct)
    {
        // Before approval (or once refused) nothing was meant to go out: nobody is "unreached".
        if (m.State is MessageState.AwaitingApproval or MessageState.Refused) return new Summary(0, []);
        var bins = await db.Bins.AsNoTracking().Where(b => db.MessageBins.Any(x => x.MessageId == m.Id && x.BinId == b.Id)).ToListAsync(ct);
        var binIds = bins.Select(b => b.Id).ToList();
        var id = m.Id;
        var reached = db.Deliveries.Where(d => d.MessageId == id && d.State != DeliveryState.Failed);
        var rows = db.Members.AsNoTracking().Where(x => binIds.Contains(x.BinId) && x.State == MemberState.Active && x.ErasedAt == null
            && x.CreatedAt <= m.CreatedAt
            && !reached.Any(d => d.MemberId == x.Id)
            // Two households sharing a number or address get one delivery (the planner's de-duplication): reached all the same.
            && !reached.Any(d => d.Recipient == x.Email || x.Phones.Any(p => p.Number == d.Recipient)));
        var count = await rows.CountAsync(ct);
        var visible = bins.Where(b => ListMembers.MaySee(actor, b)).Select(b => b.Id).ToList();
        if (count == 0 || visible.Count == 0) return new Summary(count, []);
        var names = bins.ToDictionary(b => b.Id, b => b.Name);
        var households = (await rows.Where(x => visible.Contains(x.BinId)).OrderBy(x => x.Name).ThenBy(x => x.Id).Take(Shown)
                .Select(x => new { x.Id, x.Name, x.BinId, Phones = x.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList() }).ToListAsync(ct))
            .Select(x => new Household(x.Id, x.Name, names[x.BinId], x.Phones)).ToList();
        if (households.Count > 0)
        {
            AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Message), id.ToString(), $"{households.Count} unreached members listed with their phones");
            await db.SaveChangesAsync(ct);
        }
        return new Summary(count, households);
    }
}
