using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Charters;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Bins;

/// <summary>
/// The BIN lifecycle: Draft → AwaitingSignatures → Active ⇄ Suspended → Dissolved. Becoming Active happens
/// only through the third charter approval (<see cref="ApproveCharter"/>), never by hand.
/// </summary>
public static class ChangeStatus
{
    public sealed record Request(BinStatus To, string? Reason);

    /// <summary>The API's answer: the BIN's status after the change.</summary>
    public sealed record Changed(BinStatus Status);

    private sealed record Rule(BinStatus From, BinStatus To, bool ReasonRequired, Func<Actor, Bin, bool> Allowed);

    private static bool Police(Actor a, Bin b) => a.IsNational || (a.IsOfficer && a.ZoneNumber == b.PoliceZoneNumber);
    private static bool PoliceOrCoordinator(Actor a, Bin b) => Police(a, b) || (a.IsCoordinator && a.CoordinatedBinIds.Contains(b.Id));

    private static readonly Rule[] Rules =
    [
        new(BinStatus.Draft, BinStatus.AwaitingSignatures, false, PoliceOrCoordinator),
        new(BinStatus.AwaitingSignatures, BinStatus.Draft, true, PoliceOrCoordinator),
        new(BinStatus.Active, BinStatus.Suspended, true, Police),
        new(BinStatus.Suspended, BinStatus.Active, true, Police),
        new(BinStatus.Draft, BinStatus.Dissolved, true, Police),
        new(BinStatus.AwaitingSignatures, BinStatus.Dissolved, true, Police),
        new(BinStatus.Active, BinStatus.Dissolved, true, Police),
        new(BinStatus.Suspended, BinStatus.Dissolved, true, Police),
    ];

    /// <summary>The transitions this actor may make now (for the buttons on the BIN page).</summary>
    public static IEnumerable<BinStatus> Allowed(Actor actor, Bin bin) =>
        Rules.Where(r => r.From == bin.Status && r.Allowed(actor, bin)).Select(r => r.To);

    public static async Task<Outcome<BinStatus>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request request,
        IStringLocalizer L, CancellationToken ct)
    {
        var bin = await actor.VisibleBins(db.Bins).Include(b => b.Charters).FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null) return await AuditLog.NotFoundAsync<BinStatus>(db, clock, actor, "ChangeStatus", nameof(Bin), id.ToString(), ct);
        if (!Enum.IsDefined(request.To)) return Outcome<BinStatus>.Fail(nameof(request.To), L["Validation.Invalid", L["Bin.Status"]]);
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length > 500) return Outcome<BinStatus>.Fail(nameof(request.Reason), L["Validation.MaxLength", L["Bin.Reason"], 500]);

        var rule = Rules.FirstOrDefault(r => r.From == bin.Status && r.To == request.To);
        if (rule is null)
            return Outcome<BinStatus>.Fail(nameof(request.To), L["Error.IllegalTransition", L[$"Status.{bin.Status}"], L[$"Status.{request.To}"]]);
        if (!rule.Allowed(actor, bin)) return new Outcome<BinStatus>.Forbidden(L["Error.MayNotChangeStatus"]);
        if (rule.ReasonRequired && reason.Length == 0) return Outcome<BinStatus>.Fail(nameof(request.Reason), L["Validation.Required", L["Bin.Reason"]]);

        var now = clock.GetUtcNow();
        if (request.To == BinStatus.Active)
        {
            // Resuming needs a charter that is still valid: a lapsed one must be renewed first.
            var current = bin.Charters.Where(c => c.FullyApprovedAt != null).MaxBy(c => c.Version);
            if (current is null || current.ValidUntil <= now) return Outcome<BinStatus>.Fail(nameof(request.To), L["Error.CharterLapsed"]);
        }
        if (request.To == BinStatus.AwaitingSignatures && !bin.Charters.Any(c => c.FullyApprovedAt == null))
            bin.Charters.Add(SubmitCharter.NewVersion(bin, now));

        var from = bin.Status;
        bin.Status = request.To;
        bin.UpdatedAt = now;
        db.BinStatusChanges.Add(new BinStatusChange { BinId = bin.Id, From = from, To = request.To, Reason = reason, ByUserId = actor.UserId, ByName = actor.UserName, At = now });
        AuditLog.Add(db, clock, actor, "ChangeStatus", nameof(Bin), bin.Id.ToString(), $"{from} -> {request.To}: {reason}");
        await db.SaveChangesAsync(ct);
        return new Outcome<BinStatus>.Ok(bin.Status);
    }
}
