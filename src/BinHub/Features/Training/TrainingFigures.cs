namespace BinHub.Features.Training;

/// <summary>
/// PLACEHOLDER on branch wt-report so the annual report compiles: replaced at merge by part B's version (same signature),
/// which counts the training registry's sessions.
/// </summary>
public static class TrainingFigures
{
    public sealed record Year(int Sessions, int PeopleTrained, int OfficersTrained);

    /// sessions that ended in that calendar year (Brussels time); distinct people with a passing result in them; of whom mandated/police officers
    public static Task<Year> ForYearAsync(BinHub.Data.BinHubDb db, int year, CancellationToken ct) => Task.FromResult(new Year(0, 0, 0));
}
