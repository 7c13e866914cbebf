using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Bins;

/// <summary>
/// The registry's BIN form (Registry/Edit): the BIN to edit as <see cref="BinInput"/>, the municipalities, officers and
/// coordinators the actor may choose, and the posted form turned into the input <see cref="CreateBin"/> and
/// <see cref="UpdateBin"/> decide on. The choices are the queries those use cases check with (<see cref="BinPeople"/>),
/// so the page offers exactly the people the API accepts.
/// </summary>
public static class EditBinForm
{
    public sealed record Loaded(BinInput Input, string? PrimaryCoordinatorId);

    public sealed record Choices(bool MayAssignPeople, List<(string Nis, string Name)> Municipalities,
        List<(string Id, string Name)> Officers, List<(string Id, string Name)> Coordinators);

    /// <summary>The BIN as the form shows it: 404 (audited) outside the actor's scope, 403 in scope without the right to edit.</summary>
    public static async Task<Outcome<Loaded>> LoadAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins).AsNoTracking().Include(b => b.Coordinators).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<Loaded>(db, clock, actor, "Edit", nameof(Bin), id.ToString(), ct);
        if (!UpdateBin.MayEdit(actor, bin)) return new Outcome<Loaded>.Forbidden("");
        var input = new BinInput
        {
            Name = bin.Name, Type = bin.Type, MunicipalityNis = bin.MunicipalityNis, AreaStreets = bin.AreaStreets, AreaGeoJson = bin.AreaGeoJson,
            ContactEmail = bin.ContactEmail, ContactPhone = bin.ContactPhone, Language = bin.Language, UrgentChannels = bin.UrgentChannels,
            NonUrgentChannels = bin.NonUrgentChannels, CoordinatorsMaySendPrevention = bin.CoordinatorsMaySendPrevention,
            PreventionNeedsOfficerApproval = bin.PreventionNeedsOfficerApproval, QuietFrom = bin.QuietFrom, QuietUntil = bin.QuietUntil,
            EnteredHouseholds = bin.EnteredHouseholds, StartDate = bin.StartDate, MandatedOfficerId = bin.MandatedOfficerId,
            AutoApproveMembers = bin.AutoApproveMembers, Postcodes = bin.Postcodes,
        };
        return new Outcome<Loaded>.Ok(new Loaded(input, bin.Coordinators.FirstOrDefault(c => c.IsPrimary)?.UserId));
    }

    /// <summary>
    /// What the form offers for BIN <paramref name="id"/> (null: a new one) in <paramref name="municipalityNis"/>: the municipalities of
    /// the actor's scope (and the chosen one), and, to those who may assign people, the officers and coordinators BinPeople accepts.
    /// </summary>
    public static async Task<Choices> ChoicesAsync(BinHubDb db, Actor actor, int? id, string? municipalityNis, string lang, CancellationToken ct)
    {
        var municipalities = db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber != null);
        if (!actor.IsNational)
            municipalities = municipalities.Where(m => (actor.ZoneNumber != null && m.PoliceZoneNumber == actor.ZoneNumber) || m.Nis == actor.MunicipalityNis || m.Nis == municipalityNis);
        var places = (await municipalities.ToListAsync(ct)).Select(m => (m.Nis, m.Name(lang))).OrderBy(m => m.Item2).ToList();

        var bin = id is null ? null : await db.Bins.AsNoTracking().Where(b => b.Id == id).Select(b => new { b.PoliceZoneNumber, b.MandatedOfficerId }).FirstOrDefaultAsync(ct);
        // A BIN keeps its zone (UpdateBin refuses a move out of it); a new one takes its municipality's, or the officer's own before one is chosen.
        var zone = bin?.PoliceZoneNumber
                   ?? await db.Municipalities.Where(m => m.Nis == municipalityNis).Select(m => m.PoliceZoneNumber).FirstOrDefaultAsync(ct)
                   ?? actor.ZoneNumber;
        var mayAssign = UpdateBin.MayAssignPeople(actor, bin?.PoliceZoneNumber);
        if (!mayAssign) return new Choices(false, places, [], []);

        // Officers belong to a zone: none to offer before the Kenniscentrum has chosen the new BIN's municipality.
        var officers = zone is null ? [] : await BinPeople.Officers(db, zone.Value, bin?.MandatedOfficerId)
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(500).ToListAsync(ct);
        var coordinators = await BinPeople.Coordinators(db, actor, id)
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).Take(500).ToListAsync(ct);
        return new Choices(true, places, officers.Select(u => (u.Id, u.DisplayName)).ToList(), coordinators.Select(u => (u.Id, u.DisplayName)).ToList());
    }

    /// <summary>
    /// The posted form as the use cases' input. The chosen primary coordinator comes first and everyone already coordinating stays
    /// on as a deputy; for someone who may not assign people nor set the sending rules (a coordinator, a municipality official),
    /// what the BIN has (a new BIN: the defaults) stays, as the form shows those fields without letting them be changed.
    /// </summary>
    public static async Task<BinInput> FromFormAsync(BinHubDb db, Actor actor, int? id, BinInput posted, string? primaryCoordinatorId, CancellationToken ct)
    {
        var bin = id is null ? UpdateBin.Defaults() : await actor.VisibleBins(db.Bins).AsNoTracking().Include(b => b.Coordinators).FirstOrDefaultAsync(b => b.Id == id, ct) ?? UpdateBin.Defaults();
        if (!UpdateBin.MayAssignPeople(actor, id is null ? null : bin.PoliceZoneNumber))
            return posted with
            {
                MandatedOfficerId = bin.MandatedOfficerId, CoordinatorIds = null,
                CoordinatorsMaySendPrevention = bin.CoordinatorsMaySendPrevention, PreventionNeedsOfficerApproval = bin.PreventionNeedsOfficerApproval,
            };
        var existing = bin.Coordinators.OrderByDescending(c => c.IsPrimary).Select(c => c.UserId);
        return posted with
        {
            CoordinatorIds = string.IsNullOrEmpty(primaryCoordinatorId) ? null : [primaryCoordinatorId, .. existing.Where(x => x != primaryCoordinatorId)],
        };
    }
}
