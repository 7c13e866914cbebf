using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>
/// Registers a new BIN as a Draft. The Kenniscentrum may register anywhere, a police officer in their zone,
/// a municipality official in their municipality; only the first two may name its mandated officer and coordinators and set its sending rules.
/// </summary>
public static class CreateBin
{
    public static async Task<Outcome<int>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, BinInput input,
        IStringLocalizer L, CancellationToken ct)
    {
        if (!(actor.IsNational || actor.IsOfficer || actor.IsMunicipality))
            return new Outcome<int>.Forbidden(L["Error.MayNotCreateBin"]);
        var e = BinValidation.Check(input, L);
        if (e.Any) return new Outcome<int>.Invalid(e.Items);

        var municipality = await db.Municipalities.FirstOrDefaultAsync(m => m.Nis == input.MunicipalityNis, ct);
        if (municipality is null || !municipality.IsCurrent)
            return Outcome<int>.Fail(nameof(input.MunicipalityNis), L["Validation.UnknownMunicipality"]);
        if (municipality.PoliceZoneNumber is not { } zone)
            return Outcome<int>.Fail(nameof(input.MunicipalityNis), L["Validation.ZoneUndecided"]);
        var inScope = actor.IsNational || (actor.IsOfficer && actor.ZoneNumber == zone) ||
                      (actor.IsMunicipality && actor.MunicipalityNis == municipality.Nis);
        // Registering in someone else's zone or municipality is a request for an object outside one's scope.
        if (!inScope) return await AuditLog.NotFoundAsync<int>(db, clock, actor, "Create", nameof(Municipality), municipality.Nis, ct);

        // As in UpdateBin: only the police of the zone and the Kenniscentrum choose who coordinates and who is mandated and set the
        // sending rules, so a municipality official may register a BIN but not name its people (it would otherwise hand itself a
        // coordinator) nor lift the officer's approval of prevention messages: a new BIN starts with the defaults.
        if (UpdateBin.AssignmentRefusal(actor, zone, input, UpdateBin.Defaults()) is { } refusal) return new Outcome<int>.Forbidden(L[refusal]);
        if (await BinPeople.CheckAsync(db, actor, input, null, zone, e, L, ct) is { } outside)
            return await AuditLog.NotFoundAsync<int>(db, clock, actor, "Create", nameof(AppUser), outside, ct);
        if (e.Any) return new Outcome<int>.Invalid(e.Items);

        var now = clock.GetUtcNow();
        var bin = new Bin
        {
            Name = input.Name, MunicipalityNis = municipality.Nis, PoliceZoneNumber = zone,
            Status = BinStatus.Draft, CreatedAt = now, UpdatedAt = now,
        };
        BinValidation.Apply(bin, input);
        BinPeople.Apply(bin, input);
        bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Draft, Reason = "created", ByUserId = actor.UserId, ByName = actor.UserName, At = now });
        db.Bins.Add(bin);
        await AuditLog.SaveNewAsync(db, clock, actor, "Create", nameof(Bin), () => bin.Id.ToString(), $"name={bin.Name}; municipality={bin.MunicipalityNis}", ct);
        return new Outcome<int>.Ok(bin.Id);
    }
}
