using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Charters;

public sealed class CharterOptions
{
    /// <summary>How long an approved charter is valid (Charters:ValidityMonths, default 36).</summary>
    public int ValidityMonths { get; set; } = 36;
    /// <summary>Days before lapse on which the three parties are reminded.</summary>
    public int[] ReminderDays { get; set; } = [60, 30];
}

/// <summary>
/// One party approves the BIN's pending charter: the BIN's coordinator for the BIN, a police officer of the
/// zone (the mandated officer or the zone's chief) for the police, a municipality official for the municipality.
/// The third approval, in whatever order, makes the charter valid, the BIN Active, gives it its national
/// registration number (once, never reused) and plans the renewal reminders — all in one transaction.
/// </summary>
public static class ApproveCharter
{
    public sealed record Request(CharterParty Party);

    public sealed record Result(int CharterId, IReadOnlyList<CharterParty> ApprovedBy, bool Complete, string? RegistrationNumber, BinStatus Status);

    public static CharterParty[] PartiesFor(Actor actor, Bin bin)
    {
        var parties = new List<CharterParty>();
        if (actor.IsCoordinator && actor.CoordinatedBinIds.Contains(bin.Id)) parties.Add(CharterParty.Bin);
        if (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber) parties.Add(CharterParty.Police);
        if (actor.IsMunicipality && actor.MunicipalityNis == bin.MunicipalityNis) parties.Add(CharterParty.Municipality);
        return [.. parties];
    }

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Request request,
        IStringLocalizer L, IOptions<CharterOptions> options, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins).Include(b => b.Charters).ThenInclude(c => c.Approvals)
            .FirstOrDefaultAsync(b => b.Id == binId, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "ApproveCharter", nameof(Bin), binId.ToString(), ct);
        if (!Enum.IsDefined(request.Party)) return Outcome<Result>.Fail(nameof(request.Party), L["Validation.Invalid", L["Charter.Party"]]);
        if (!PartiesFor(actor, bin).Contains(request.Party)) return new Outcome<Result>.Forbidden(L["Error.MayNotApproveFor", L[$"Party.{request.Party}"]]);
        var charter = bin.Charters.Where(c => c.FullyApprovedAt == null).MaxBy(c => c.Version);
        if (charter is null || bin.Status == BinStatus.Dissolved || bin.Status == BinStatus.Draft)
            return Outcome<Result>.Fail(nameof(request.Party), L["Error.NoCharterPending"]);
        if (charter.Approvals.Any(a => a.Party == request.Party))
            return Outcome<Result>.Fail(nameof(request.Party), L["Error.AlreadyApproved", L[$"Party.{request.Party}"]]);

        var now = clock.GetUtcNow();
        charter.Approvals.Add(new CharterApproval { Party = request.Party, UserId = actor.UserId, UserName = actor.UserName, At = now });
        AuditLog.Add(db, clock, actor, "ApproveCharter", nameof(Charter), charter.Id.ToString(), $"bin={bin.Id}; party={request.Party}");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var complete = Enum.GetValues<CharterParty>().All(p => charter.Approvals.Any(a => a.Party == p));
        if (complete)
        {
            charter.FullyApprovedAt = now;
            charter.ValidityMonths = options.Value.ValidityMonths;
            charter.ValidUntil = now.AddMonths(options.Value.ValidityMonths);
            bin.RegistrationNumber ??= await RegistrationNumbers.NextAsync(db, bin.PoliceZoneNumber, ct);
            if (bin.Status == BinStatus.AwaitingSignatures)
            {
                db.BinStatusChanges.Add(new BinStatusChange
                {
                    BinId = bin.Id, From = bin.Status, To = BinStatus.Active, Reason = "charter approved by BIN, police and municipality",
                    ByUserId = actor.UserId, ByName = actor.UserName, At = now,
                });
                bin.Status = BinStatus.Active;
                bin.StartDate ??= DateOnly.FromDateTime(BrusselsTime.ToBrussels(now).DateTime);
            }
            bin.UpdatedAt = now;
            await CharterReminders.PlanAsync(db, bin, charter, options.Value, now, ct);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(new Result(charter.Id, charter.Approvals.Select(a => a.Party).Order().ToList(), complete, bin.RegistrationNumber, bin.Status));
    }
}
