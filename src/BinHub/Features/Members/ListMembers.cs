using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Members;

/// <summary>
/// A BIN's members with their addresses and phones (E.164): for the BIN's coordinators and the police of its zone
/// only. Everyone else, the municipality and the Kenniscentrum included, gets "not found". Every read is audited.
/// </summary>
public static class ListMembers
{
    public sealed record Query(MemberState? State, string? Language, string? Q, int? Page, int? PageSize);

    public sealed record Phone(string Number, bool IsMobile, bool Verified, bool SmsOptedOut);

    public sealed record Item(int Id, string Name, string? CompanyName, string Street, string HouseNumber, string? Email, string Language,
        MemberState State, bool ConsentOnPaper, DateTimeOffset ConsentAt, IReadOnlyList<Phone> Phones);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public static bool MaySee(Actor actor, Bin bin) =>
        (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin.Id)) || (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber);

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Query q, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !MaySee(actor, bin))
            return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListMembers", nameof(Bin), binId.ToString(), ct);
        var rows = db.Members.Where(m => m.BinId == binId);
        if (q.State is { } state) rows = rows.Where(m => m.State == state);
        if (!string.IsNullOrWhiteSpace(q.Language)) rows = rows.Where(m => m.Language == q.Language);
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var text = q.Q.Trim().ToLower();
            rows = rows.Where(m => m.Name.ToLower().Contains(text) || m.Street.ToLower().Contains(text));
        }
        var size = Math.Clamp(q.PageSize ?? 50, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var total = await rows.CountAsync(ct);
        var members = await rows.OrderBy(m => m.Street).ThenBy(m => m.HouseNumber).ThenBy(m => m.Id).Skip((page - 1) * size).Take(size)
            .Include(m => m.Phones).AsSplitQuery().ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), null, $"bin={binId}; {members.Count} members, page {page}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(members.Select(m => new Item(m.Id, m.Name, m.CompanyName, m.Street, m.HouseNumber, m.Email, m.Language, m.State,
            m.ConsentOnPaper, m.ConsentAt, m.Phones.Select(p => new Phone(p.Number, p.IsMobile, p.Verified, p.SmsOptOutAt != null)).ToList())).ToList(),
            total, page, size));
    }
}
