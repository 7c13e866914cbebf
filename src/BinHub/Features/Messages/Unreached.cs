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
/// see the BIN's members (<see cref="ListMembers.MaySee"/>), a page at a time, and reading them is audited; others see the count.
/// </summary>
/// <remarks>
/// National size (an alarm to 180,000 households, 2 % unreached: bench/README.md, "unreached"): one statement finds them all
/// (every test an anti-join on an indexed column: member, recipient), a second reads the page's households. "Reached by the same number or address"
/// used to be one NOT EXISTS with an OR over the message's deliveries, which no index serves: every member scanned every
/// delivery, minutes at that size.
/// </remarks>
public static class Unreached
{
    public const int PageSize = 50;

    public sealed record Household(int MemberId, string Name, string BinName, IReadOnlyList<string> Phones);

    /// <param name="Count">Every household reached on no channel.</param>
    /// <param name="Households">One page of those the actor may see, by name.</param>
    public sealed record Summary(int Count, IReadOnlyList<Household> Households)
    {
        /// <summary>The page listed (1 when nothing is), and how many pages of households the actor may see there are.</summary>
        public int Page { get; init; } = 1;
        public int Pages { get; init; }
        public int PageSize => Unreached.PageSize;
    }

    /// <param name="page">1-based; past the end it is the last page.</param>
    public static async Task<Summary> FindAsync(BinHubDb db, TimeProvider clock, Actor actor, Message m, int page, CancellationToken ct)
    {
        // Before approval (or once refused) nothing was meant to go out: nobody is "unreached".
        if (m.State is MessageState.AwaitingApproval or MessageState.Refused) return new Summary(0, []);
        var id = m.Id;
        // Names and zones only: the BINs of a national message are 1,557, and a BIN's row carries its area's polygon.
        var bins = await db.Bins.AsNoTracking().Where(b => db.MessageBins.Any(x => x.MessageId == id && x.BinId == b.Id))
            .Select(b => new Bin { Id = b.Id, Name = b.Name, MunicipalityNis = b.MunicipalityNis, PoliceZoneNumber = b.PoliceZoneNumber }).ToListAsync(ct);
        var reached = db.Deliveries.Where(d => d.MessageId == id && d.State != DeliveryState.Failed);
        // "BinId IN (the message's BINs)", not a correlated EXISTS: SQLite then reads the members through their BIN index
        // instead of probing the message's BINs once per member (0.03 s instead of 0.1 s of CPU at 180,000); the same plan on PostgreSQL.
        var binsOfMessage = db.MessageBins.Where(b => b.MessageId == id).Select(b => b.BinId);
        var rows = db.Members.AsNoTracking().Where(x => binsOfMessage.Contains(x.BinId)
            && x.State == MemberState.Active && x.ErasedAt == null && x.CreatedAt <= m.CreatedAt
            && !reached.Any(d => d.MemberId == x.Id)
            // Two households sharing a number or address get one delivery (the planner's de-duplication): reached all the same.
            // Two separate tests, each an equality on the indexed recipient, not one OR (see remarks); and no "Email != null"
            // guard (a missing address equals no recipient anyway): inside a NOT (… AND EXISTS) PostgreSQL cannot make it an
            // anti-join and planned a nested loop, 1.9 s instead of 0.3 s at 180,000.
            && !reached.Any(d => d.Recipient == x.Email)
            && !x.Phones.Any(p => reached.Any(d => d.Recipient == p.Number)));
        var visible = bins.Where(b => ListMembers.MaySee(actor, b)).Select(b => b.Id).ToList();
        if (visible.Count == 0) return new Summary(await rows.CountAsync(ct), []);
        // One pass finds them all, as ids in name order (4 bytes each: 0.7 MB even if a national message reached nobody); the
        // count and the page come from that list, and only the page's households are read in full. Usually the actor may see
        // every BIN of the message (its zone's officer, its coordinator), so the list is the count too.
        var all = visible.Count == bins.Count;
        var ordered = await (all ? rows : rows.Where(x => visible.Contains(x.BinId))).OrderBy(x => x.Name).ThenBy(x => x.Id).Select(x => x.Id).ToListAsync(ct);
        var count = all ? ordered.Count : await rows.CountAsync(ct);
        var pages = (ordered.Count + PageSize - 1) / PageSize;
        page = Math.Clamp(page, 1, Math.Max(1, pages));
        var ids = ordered.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var names = bins.ToDictionary(b => b.Id, b => b.Name);
        var read = await db.Members.AsNoTracking().Where(x => ids.Contains(x.Id))
            .Select(x => new { x.Id, x.Name, x.BinId, Phones = x.Phones.OrderBy(p => p.Id).Select(p => p.Number).ToList() }).ToDictionaryAsync(x => x.Id, ct);
        var households = ids.Select(i => read[i]).Select(x => new Household(x.Id, x.Name, names[x.BinId], x.Phones)).ToList();
        if (households.Count > 0)
        {
            AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Message), id.ToString(),
                $"{households.Count} unreached members listed with their phones, page {page}");
            await db.SaveChangesAsync(ct);
        }
        return new Summary(count, households) { Page = page, Pages = pages };
    }
}
