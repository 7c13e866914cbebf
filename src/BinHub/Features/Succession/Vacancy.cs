using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Succession;

/// <summary>
/// The rules of a coordinator vacancy shared by the board, the registry flag and the daily job. Days are Belgian
/// calendar days: a BIN vacant since some moment on day D is flagged from day D+30, whatever hour the job ran.
/// </summary>
public static class Vacancy
{
    public const int FlagAfterDays = 30;

    /// <summary>Only BINs in service need a coordinator: a draft is still being set up, a dissolved BIN needs nobody.</summary>
    public static readonly BinStatus[] InService = [BinStatus.Active, BinStatus.Suspended];

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(BrusselsTime.ToBrussels(instant).DateTime);

    /// <summary>A BIN vacant since before this instant has been vacant for <see cref="FlagAfterDays"/> days or more.</summary>
    public static DateTimeOffset FlagThreshold(TimeProvider clock) => BrusselsTime.StartOfDay(Today(clock).AddDays(-(FlagAfterDays - 1)));

    public static bool NeedsCoordinator(DateTimeOffset? vacantSince, TimeProvider clock) =>
        vacantSince is { } since && since < FlagThreshold(clock);

    /// <summary>
    /// Keeps <see cref="Bin.CoordinatorVacantSince"/> in step after the coordinators of a BIN changed by hand (the registry
    /// form): cleared when someone coordinates again, started when the last one was taken off.
    /// </summary>
    public static void Track(Bin bin, DateTimeOffset now)
    {
        if (bin.Coordinators.Count > 0)
        {
            bin.CoordinatorVacantSince = null;
            bin.VacancyReminderSentAt = null;
        }
        else if (InService.Contains(bin.Status))
        {
            bin.CoordinatorVacantSince ??= now;
        }
    }

    /// <summary>The police who decide on a BIN's coordinators: its mandated officer and the officers of its zone.</summary>
    public static bool MayDecide(Actor actor, Bin bin) =>
        actor.Is(Roles.PoliceOfficer) && (actor.UserId == bin.MandatedOfficerId || (actor.IsOfficer && actor.ZoneNumber == bin.PoliceZoneNumber));
}
