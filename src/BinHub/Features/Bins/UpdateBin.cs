using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>
/// Changes a BIN's details. The Kenniscentrum, a police officer of the BIN's zone and the BIN's coordinators
/// may (coordinators not the people nor the rules for their own prevention messages); a municipality official only reads. The BIN can move to another municipality only inside the same zone.
/// </summary>
public static class UpdateBin
{
    public static async Task<Outcome<int>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, BinInput input,
        IStringLocalizer L, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins).Include(b => b.Coordinators).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<int>(db, clock, actor, "Update", nameof(Bin), id.ToString(), ct);
        if (!MayEdit(actor, bin)) return new Outcome<int>.Forbidden(L["Error.MayNotEditBin"]);
        if (bin.Status == BinStatus.Dissolved) return new Outcome<int>.Forbidden(L["Error.BinDissolved"]);

        var e = BinValidation.Check(input, L);
        if (e.Any) return new Outcome<int>.Invalid(e.Items);
        if (input.MunicipalityNis != bin.MunicipalityNis)
        {
            var m = await db.Municipalities.FirstOrDefaultAsync(x => x.Nis == input.MunicipalityNis && x.IsCurrent, ct);
            if (m is null) return Outcome<int>.Fail(nameof(input.MunicipalityNis), L["Validation.UnknownMunicipality"]);
            // Another zone's municipality is out of scope for everyone but the Kenniscentrum, for whom the move is just not allowed.
            if (m.PoliceZoneNumber != bin.PoliceZoneNumber)
                return actor.IsNational ? Outcome<int>.Fail(nameof(input.MunicipalityNis), L["Validation.MunicipalityOtherZone"])
                    : await AuditLog.NotFoundAsync<int>(db, clock, actor, "Update", nameof(Municipality), m.Nis, ct);
            bin.MunicipalityNis = m.Nis;
        }
        if (AssignmentRefusal(actor, bin.PoliceZoneNumber, input, bin) is { } refusal) return new Outcome<int>.Forbidden(L[refusal]);
        if (await BinPeople.CheckAsync(db, actor, input, bin, bin.PoliceZoneNumber, e, L, ct) is { } outside)
            return await AuditLog.NotFoundAsync<int>(db, clock, actor, "Update", nameof(AppUser), outside, ct);
        if (e.Any) return new Outcome<int>.Invalid(e.Items);

        BinValidation.Apply(bin, input);
        BinPeople.Apply(bin, input);
        bin.UpdatedAt = clock.GetUtcNow();
        if (input.CoordinatorIds is not null) Succession.Vacancy.Track(bin, bin.UpdatedAt);
        AuditLog.Add(db, clock, actor, "Update", nameof(Bin), bin.Id.ToString(), $"name={bin.Name}");
        await db.SaveChangesAsync(ct);
        return new Outcome<int>.Ok(bin.Id);
    }

    /// <summary>
    /// Who chooses a BIN's mandated officer and coordinators and sets its sending rules: the Kenniscentrum, or an officer of the
    /// BIN's zone (<paramref name="zone"/>; null for a BIN not yet created, whose zone CreateBin checks). The edit page asks
    /// the same question, so an officer who also coordinates a BIN in another zone is treated there as its coordinator.
    /// </summary>
    public static bool MayAssignPeople(Actor actor, int? zone) =>
        actor.IsNational || (actor.IsOfficer && (zone is null || actor.ZoneNumber == zone));

    /// <summary>
    /// The one rule of CreateBin and UpdateBin on a BIN's people and sending rules: only who <see cref="MayAssignPeople"/> names the
    /// mandated officer and the coordinators, and sets what coordinators may send on their own and whether an officer approves it
    /// first (the police's side of the charter's communication agreement: a coordinator or municipality official who could change
    /// it could lift the approval). Anyone else leaves them as the BIN has them (<paramref name="current"/>; a new BIN: the defaults).
    /// </summary>
    /// <returns>Null when allowed, else the key of the refusal's message.</returns>
    internal static string? AssignmentRefusal(Actor actor, int zone, BinInput input, Bin current)
    {
        if (MayAssignPeople(actor, zone)) return null;
        var coordinators = current.Coordinators.OrderByDescending(c => c.IsPrimary).Select(c => c.UserId);
        if ((input.MandatedOfficerId ?? "") != (current.MandatedOfficerId ?? "") || (input.CoordinatorIds is { } ids && !ids.SequenceEqual(coordinators)))
            return "Error.MayNotAssignPeople";
        if (input.CoordinatorsMaySendPrevention != current.CoordinatorsMaySendPrevention || input.PreventionNeedsOfficerApproval != current.PreventionNeedsOfficerApproval)
            return "Error.MayNotChangeSendingRules";
        return null;
    }

    /// <summary>What a new BIN starts with (its people and sending rules), for <see cref="AssignmentRefusal"/> and the form.</summary>
    internal static Bin Defaults() => new() { Name = "", MunicipalityNis = "" };

    public static bool MayEdit(Actor actor, Bin bin) =>
        actor.IsNational ||
        (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber) ||
        (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin.Id));
}
