using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Succession;

/// <summary>
/// A coordinator announces their last day (today up to one year ahead). From the announcement the BIN is on the vacancy
/// board; after the last day the daily job takes them off the BIN. The announcement can be withdrawn until that day.
/// </summary>
public static class AnnounceStop
{
    public sealed record Request(DateOnly? LastDay);

    public sealed record Result(int BinId, DateOnly? StopsOn);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, Request r, IStringLocalizer L,
        CancellationToken ct)
    {
        var row = await OwnRowAsync(db, actor, binId, ct);
        if (row is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "AnnounceStop", nameof(Bin), binId.ToString(), ct);

        var today = Vacancy.Today(clock);
        var latest = today.AddYears(1);
        if (r.LastDay is not { } day) return Outcome<Result>.Fail("lastDay", L["Succession.LastDayRequired"]);
        if (day < today || day > latest)
            return Outcome<Result>.Fail("lastDay", L["Succession.LastDayRange", today.ToString("d"), latest.ToString("d")]);

        var now = clock.GetUtcNow();
        var previous = row.StopsOn;
        row.StopsOn = day;
        row.StopAnnouncedAt = now;
        AuditLog.Add(db, clock, actor, "AnnounceStop", nameof(Bin), binId.ToString(),
            $"last day {day:yyyy-MM-dd}{(previous is { } p ? $" (was {p:yyyy-MM-dd})" : "")}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(binId, day));
    }

    public static async Task<Outcome<Result>> WithdrawAsync(BinHubDb db, TimeProvider clock, Actor actor, int binId, IStringLocalizer L, CancellationToken ct)
    {
        var row = await OwnRowAsync(db, actor, binId, ct);
        if (row is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "WithdrawStop", nameof(Bin), binId.ToString(), ct);
        if (row.StopsOn is not { } day) return Outcome<Result>.Fail("lastDay", L["Succession.NothingToWithdraw"]);
        // After the last day the job may already have run: the coordinator is gone, nothing left to withdraw.
        if (day < Vacancy.Today(clock)) return Outcome<Result>.Fail("lastDay", L["Succession.TooLateToWithdraw"]);

        row.StopsOn = null;
        row.StopAnnouncedAt = null;
        AuditLog.Add(db, clock, actor, "WithdrawStop", nameof(Bin), binId.ToString(), $"announced last day {day:yyyy-MM-dd} withdrawn");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(binId, null));
    }

    /// <summary>Only a coordinator speaks for themselves: nobody else can announce their stop.</summary>
    private static Task<BinCoordinator?> OwnRowAsync(BinHubDb db, Actor actor, int binId, CancellationToken ct) =>
        actor.IsCoordinator && actor.CoordinatedBinIds.Contains(binId)
            ? db.BinCoordinators.FirstOrDefaultAsync(c => c.BinId == binId && c.UserId == actor.UserId, ct)
            : Task.FromResult<BinCoordinator?>(null);
}
