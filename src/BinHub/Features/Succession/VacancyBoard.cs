using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Succession;

public enum VacancyReason
{
    /// <summary>A coordinator announced their last day; the BIN still has them until then.</summary>
    StopAnnounced = 0,
    /// <summary>Nobody coordinates the BIN any more.</summary>
    Vacant = 1,
}

/// <summary>
/// BINs in service that need a (new) coordinator: a coordinator announced a stop, the BIN is vacant, or it never had one.
/// The Kenniscentrum sees all, a police officer their zone, a coordinator their BINs and a member only their own BIN.
/// No personal data: names of people stay on the volunteers list of the BIN.
/// </summary>
public static class VacancyBoard
{
    public sealed record Query(int? Page, int? PageSize);

    public sealed record Item(int BinId, string Name, string? RegistrationNumber, string MunicipalityName, int ZoneNumber, string ZoneName,
        VacancyReason Reason, DateOnly? StopsOn, DateTimeOffset? VacantSince, bool NeedsCoordinator, int Coordinators, int OpenVolunteers);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public static async Task<Page> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, string lang, CancellationToken ct)
    {
        var size = Math.Clamp(q.PageSize ?? 25, 1, 200);
        var page = Math.Max(1, q.Page ?? 1);
        var rows = WithVacancy(await ScopeAsync(db, actor, ct));
        var total = await rows.CountAsync(ct);
        return new Page(await ItemsAsync(db, clock, rows, (page - 1) * size, size, lang, ct), total, page, size);
    }

    private static async Task<List<Item>> ItemsAsync(BinHubDb db, TimeProvider clock, IQueryable<Bin> rows, int skip, int take, string lang, CancellationToken ct)
    {
        var bins = await rows
            // Longest vacancies first, then the nearest announced stops: the most urgent on top.
            .OrderBy(b => b.CoordinatorVacantSince == null && b.Coordinators.Any() ? 1 : 0)
            .ThenBy(b => b.CoordinatorVacantSince)
            .ThenBy(b => b.Coordinators.Where(c => c.StopsOn != null).Min(c => c.StopsOn))
            .ThenBy(b => b.Name).ThenBy(b => b.Id)
            .Skip(skip).Take(take)
            .Select(b => new
            {
                b.Id, b.Name, b.RegistrationNumber, b.Municipality, Zone = b.PoliceZone!.Name, b.PoliceZoneNumber, b.CoordinatorVacantSince,
                Coordinators = b.Coordinators.Count,
                StopsOn = b.Coordinators.Where(c => c.StopsOn != null).Min(c => c.StopsOn),
                Open = db.CoordinatorVolunteers.Count(v => v.BinId == b.Id && v.State == VolunteerState.Open),
            })
            .ToListAsync(ct);
        return bins.Select(b => new Item(b.Id, b.Name, b.RegistrationNumber, b.Municipality!.Name(lang), b.PoliceZoneNumber, b.Zone,
            b.Coordinators == 0 || b.CoordinatorVacantSince != null ? VacancyReason.Vacant : VacancyReason.StopAnnounced,
            b.StopsOn, b.CoordinatorVacantSince, Vacancy.NeedsCoordinator(b.CoordinatorVacantSince, clock), b.Coordinators, b.Open)).ToList();
    }

    /// <summary>The BIN of the signed-in member's household and whether it needs a coordinator, with their own offer if any.</summary>
    public sealed record MemberView(int BinId, string BinName, bool HasVacancy, VacancyReason? Reason, DateOnly? StopsOn,
        VolunteerState? MyOffer, string? MyMessage, bool HasEmail, bool MayVolunteer);

    public static async Task<Outcome<MemberView>> ForMemberAsync(BinHubDb db, TimeProvider clock, Actor actor, string lang, CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is null) return await AuditLog.NotFoundAsync<MemberView>(db, clock, actor, "ReadVacancy", nameof(Member), actor.UserId, ct);
        var own = member.State == MemberState.Active ? WithVacancy(db.Bins.Where(b => b.Id == member.BinId)) : db.Bins.Where(_ => false);
        var vacancy = (await ItemsAsync(db, clock, own, 0, 1, lang, ct)).FirstOrDefault();
        var bin = await db.Bins.Where(b => b.Id == member.BinId).Select(b => new { b.Id, b.Name }).FirstAsync(ct);
        var offer = await db.CoordinatorVolunteers.Where(v => v.MemberId == member.Id && v.BinId == member.BinId)
            .OrderByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        return new Outcome<MemberView>.Ok(new MemberView(bin.Id, bin.Name, vacancy is not null, vacancy?.Reason, vacancy?.StopsOn,
            offer?.State, offer?.Message, !string.IsNullOrEmpty(member.Email),
            vacancy is not null && member.State == MemberState.Active && offer?.State != VolunteerState.Open));
    }

    /// <summary>BINs in service with an announced stop, no coordinator or a running vacancy.</summary>
    public static IQueryable<Bin> WithVacancy(IQueryable<Bin> bins) =>
        bins.Where(b => Vacancy.InService.Contains(b.Status) &&
                        (b.CoordinatorVacantSince != null || !b.Coordinators.Any() || b.Coordinators.Any(c => c.StopsOn != null)));

    /// <summary>
    /// The board's own scope, not <see cref="Actor.VisibleBins"/>: the issue names the Kenniscentrum, the police, the coordinators
    /// and the members; a municipality official follows the registry, not the succession of people.
    /// </summary>
    private static async Task<IQueryable<Bin>> ScopeAsync(BinHubDb db, Actor actor, CancellationToken ct)
    {
        if (actor.IsNational) return db.Bins;
        var zone = actor.IsOfficer ? actor.ZoneNumber : null;
        var coordinated = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
        var own = (await MemberAccount.OfAsync(db, actor, ct)) is { State: MemberState.Active } m ? m.BinId : (int?)null;
        return db.Bins.Where(b => (zone != null && b.PoliceZoneNumber == zone) || coordinated.Contains(b.Id) || (own != null && b.Id == own));
    }
}
