using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Training;

/// <summary>
/// Who runs training: the Kenniscentrum for every academy, a PoliceAcademy user for their own academy only. Sessions, and with
/// them the participants' personal data, are looked up through <see cref="Sessions"/>: another academy's session is "not found".
/// </summary>
public static class TrainingScope
{
    public static bool MayRun(Actor actor) => actor.IsNational || actor.IsAcademy;

    public static bool MayRunAcademy(Actor actor, int academyId) => actor.IsNational || (actor.IsAcademy && actor.AcademyId == academyId);

    public static IQueryable<TrainingSession> Sessions(BinHubDb db, Actor actor)
    {
        if (actor.IsNational) return db.TrainingSessions;
        var academy = actor.IsAcademy ? actor.AcademyId : -1;
        return db.TrainingSessions.Where(s => s.AcademyId == academy);
    }

    /// <summary>The Brussels calendar day: sessions are planned in local dates.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);

    public sealed record PageOf<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
    {
        public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
    }
}
