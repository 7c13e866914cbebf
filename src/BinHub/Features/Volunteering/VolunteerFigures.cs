namespace BinHub.Features.Volunteering;

/// <summary>
/// PLACEHOLDER on branch wt-report so the annual report compiles: replaced at merge by part C's version (same signature),
/// which counts the volunteer programme's accepted volunteers.
/// </summary>
public static class VolunteerFigures
{
    public sealed record Region(string RegionCode, int Volunteers, int Cpas);

    /// volunteers whose status started in that calendar year (Brussels time) per region code (Region.Code of the geography); Cpas = those in the CPA role
    public static Task<IReadOnlyList<Region>> ForYearAsync(BinHub.Data.BinHubDb db, int year, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Region>>([]);
}
