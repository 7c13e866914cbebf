using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Features.Statistics;

public static class StatisticsEndpoints
{
    /// <summary>Public (no personal data), rate-limited like every anonymous request.</summary>
    public static void MapStatisticsEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/statistics", async ([FromQuery] int? year, BinHubDb db, TimeProvider clock, CancellationToken ct) =>
                (await GetStatistics.HandleAsync(db, clock, year ?? BrusselsTime.ToBrussels(clock.GetUtcNow()).Year, Languages.Current, ct))
                .ToHttp(TypedResults.Ok))
            .AllowAnonymous()
            .WithTags("Statistics")
            .WithName("GetStatistics")
            .WithSummary("BINs active at the end of the year (or now for the current year) per region, province and police zone, BIN / BIN-Z, with households; names in the request's language.")
            .Produces<GetStatistics.Result>().ProducesValidationProblem();
}
