using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Succession;

/// <summary>
/// A signed-in member offers to coordinate their BIN while it is on the vacancy board (optionally with a message to the
/// police), or withdraws the offer. One open offer per household: offering again only changes the message.
/// </summary>
public static class Volunteer
{
    public const int MaxMessage = 1000;

    public sealed record Request(string? Message);

    public sealed record Result(int Id, VolunteerState State);

    public static async Task<Outcome<Result>> OfferAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "Volunteer", nameof(Member), actor.UserId, ct);
        var message = string.IsNullOrWhiteSpace(r.Message) ? null : r.Message.Trim();
        if (message is { Length: > MaxMessage }) return Outcome<Result>.Fail("message", L["Succession.MessageTooLong", MaxMessage]);
        if (member.State != MemberState.Active) return Outcome<Result>.Fail("member", L["Succession.NotActiveMember"]);
        if (!await VacancyBoard.WithVacancy(db.Bins.Where(b => b.Id == member.BinId)).AnyAsync(ct))
            return Outcome<Result>.Fail("bin", L["Succession.NoVacancy"]);

        var now = clock.GetUtcNow();
        var offer = await db.CoordinatorVolunteers.FirstOrDefaultAsync(v => v.MemberId == member.Id && v.BinId == member.BinId && v.State == VolunteerState.Open, ct);
        if (offer is not null)
        {
            offer.Message = message;
            AuditLog.Add(db, clock, actor, "UpdateVolunteer", nameof(CoordinatorVolunteer), offer.Id.ToString(), $"bin={member.BinId}");
            await db.SaveChangesAsync(ct);
            return new Outcome<Result>.Ok(new Result(offer.Id, offer.State));
        }
        offer = new CoordinatorVolunteer { BinId = member.BinId, MemberId = member.Id, Message = message, State = VolunteerState.Open, CreatedAt = now };
        db.CoordinatorVolunteers.Add(offer);
        MemberHistory.Add(db, member, "VolunteeredAsCoordinator", now);
        await AuditLog.SaveNewAsync(db, clock, actor, "Volunteer", nameof(CoordinatorVolunteer), () => offer.Id.ToString(), $"bin={member.BinId}", ct);
        return new Outcome<Result>.Ok(new Result(offer.Id, offer.State));
    }

    public static async Task<Outcome<Result>> WithdrawAsync(BinHubDb db, TimeProvider clock, Actor actor, IStringLocalizer L, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "WithdrawVolunteer", nameof(Member), actor.UserId, ct);
        var offer = await db.CoordinatorVolunteers.FirstOrDefaultAsync(v => v.MemberId == member.Id && v.State == VolunteerState.Open, ct);
        if (offer is null) return Outcome<Result>.Fail("offer", L["Succession.NoOpenOffer"]);
        var now = clock.GetUtcNow();
        offer.State = VolunteerState.Withdrawn;
        offer.DecidedAt = now;
        MemberHistory.Add(db, member.Id, "VolunteerWithdrawn", now);
        AuditLog.Add(db, clock, actor, "WithdrawVolunteer", nameof(CoordinatorVolunteer), offer.Id.ToString(), $"bin={offer.BinId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(offer.Id, offer.State));
    }
}

/// <summary>
/// The members who offered to coordinate a BIN, with how to reach them: for its coordinators and the police of its zone
/// (as the members list). Every read is audited.
/// </summary>
public static class ListVolunteers
{
    public sealed record Query(VolunteerState? State, int? Page, int? PageSize);

    public sealed record Item(int Id, int MemberId, string Name, string Street, string HouseNumber, string? Email, string Language, string? Message,
        VolunteerState State, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? DecidedBy);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, bool MayDecide);

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Query q, CancellationToken ct)
    {
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null || !(ListMembers.MaySee(actor, bin) || Vacancy.MayDecide(actor, bin)))
            return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ListVolunteers", nameof(Bin), binId.ToString(), ct);
        var rows = db.CoordinatorVolunteers.Where(v => v.BinId == binId);
        if (q.State is { } state) rows = rows.Where(v => v.State == state);
        var size = Math.Clamp(q.PageSize ?? 50, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var total = await rows.CountAsync(ct);
        var items = await rows.OrderBy(v => v.State).ThenBy(v => v.CreatedAt).ThenBy(v => v.Id).Skip((page - 1) * size).Take(size)
            .Select(v => new Item(v.Id, v.MemberId, v.Member!.Name, v.Member.Street, v.Member.HouseNumber, v.Member.Email, v.Member.Language, v.Message,
                v.State, v.CreatedAt, v.DecidedAt, v.DecidedBy))
            .ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(CoordinatorVolunteer), null, $"bin={binId}; {items.Count} volunteers, page {page}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(items, total, page, size, Vacancy.MayDecide(actor, bin)));
    }
}
