using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Bins;

/// <summary>One BIN with its people, history and charter. Reading the people's contact data is audited.</summary>
public static class GetBin
{
    public sealed record Person(string Id, string Name, string? Email, string? Phone, bool IsPrimary, DateOnly? StopsOn = null);

    public sealed record HistoryLine(BinStatus? From, BinStatus To, string Reason, string? By, DateTimeOffset At);

    public sealed record Approval(CharterParty Party, string By, DateTimeOffset At);

    public sealed record CharterView(int Id, int Version, string TemplateVersion, DateTimeOffset CreatedAt, DateTimeOffset? FullyApprovedAt,
        DateTimeOffset? ValidUntil, CharterState State, IReadOnlyList<Approval> Approvals);

    public sealed record Details(
        int Id, string Name, BinType Type, string? RegistrationNumber, BinStatus Status,
        string MunicipalityNis, string MunicipalityName, int ZoneNumber, string ZoneName, string? ProvinceName, string RegionName,
        string[] AreaStreets, string? AreaGeoJson, string? MunicipalityBoundaryGeoJson,
        string? ContactEmail, string? ContactPhone, string Language,
        Channels UrgentChannels, Channels NonUrgentChannels, bool CoordinatorsMaySendPrevention, bool PreventionNeedsOfficerApproval,
        TimeOnly? QuietFrom, TimeOnly? QuietUntil, int Households, DateOnly? StartDate,
        Person? MandatedOfficer, IReadOnlyList<Person> Coordinators, IReadOnlyList<HistoryLine> History, CharterView? Charter,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Members.MemberCounts.Counts Reach,
        DateTimeOffset? CoordinatorVacantSince, bool NeedsCoordinator, bool AutoApproveMembers, string[] Postcodes);

    public static async Task<Outcome<Details>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, string lang, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins)
            .Include(b => b.Municipality).ThenInclude(m => m!.Province)
            .Include(b => b.Municipality).ThenInclude(m => m!.Region)
            .Include(b => b.PoliceZone)
            .Include(b => b.MandatedOfficer)
            .Include(b => b.Coordinators).ThenInclude(c => c.User)
            .Include(b => b.StatusChanges)
            .Include(b => b.Charters).ThenInclude(c => c.Approvals)
            .AsSplitQuery()
            .FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<Details>(db, clock, actor, "Read", nameof(Bin), id.ToString(), ct);
        var m = bin.Municipality!;
        var charter = bin.Charters.OrderByDescending(c => c.Version).FirstOrDefault();
        var reach = await Members.MemberCounts.ForBinAsync(db, bin.Id, bin.EnteredHouseholds, Members.MemberReach.Today(clock), ct);
        var now = clock.GetUtcNow();
        var details = new Details(bin.Id, bin.Name, bin.Type, bin.RegistrationNumber, bin.Status,
            m.Nis, m.Name(lang), bin.PoliceZoneNumber, bin.PoliceZone!.Name, m.Province?.Name(lang), m.Region!.Name(lang),
            BinValidation.Streets(bin.AreaStreets).ToArray(), bin.AreaGeoJson, m.BoundaryGeoJson,
            bin.ContactEmail, bin.ContactPhone, bin.Language,
            bin.UrgentChannels, bin.NonUrgentChannels, bin.CoordinatorsMaySendPrevention, bin.PreventionNeedsOfficerApproval,
            bin.QuietFrom, bin.QuietUntil, reach.Households, bin.StartDate,
            bin.MandatedOfficer is { } o ? new Person(o.Id, o.DisplayName, o.Email, o.PhoneNumber, false) : null,
            bin.Coordinators.OrderByDescending(c => c.IsPrimary).ThenBy(c => c.User!.DisplayName)
                .Select(c => new Person(c.UserId, c.User!.DisplayName, c.User.Email, c.User.PhoneNumber, c.IsPrimary, c.StopsOn)).ToList(),
            bin.StatusChanges.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new HistoryLine(s.From, s.To, s.Reason, s.ByName, s.At)).ToList(),
            charter is null ? null : new CharterView(charter.Id, charter.Version, charter.TemplateVersion, charter.CreatedAt, charter.FullyApprovedAt,
                charter.ValidUntil, charter.StateAt(now), charter.Approvals.OrderBy(a => a.At).Select(a => new Approval(a.Party, a.UserName, a.At)).ToList()),
            bin.CreatedAt, bin.UpdatedAt, reach,
            bin.CoordinatorVacantSince, Succession.Vacancy.NeedsCoordinator(bin.CoordinatorVacantSince, clock),
            bin.AutoApproveMembers, BinValidation.PostcodeList(bin.Postcodes)?.ToArray() ?? []);
        // The coordinators' and officer's e-mail and phone are personal data: every read is on record.
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Bin), bin.Id.ToString(), "coordinators and mandated officer contact details");
        await db.SaveChangesAsync(ct);
        return new Outcome<Details>.Ok(details);
    }
}
