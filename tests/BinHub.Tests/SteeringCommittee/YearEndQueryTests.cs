using System.Data.Common;
using System.Text.RegularExpressions;
using BinHub.Data;
using BinHub.Features.SteeringCommittee;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static BinHub.Tests.Support.SteeringWorld;

namespace BinHub.Tests.SteeringCommittee;

/// <summary>
/// Year-end households nationally: ~180,000 members in ~1,550 BINs. The database counts them; no statement may bring back rows
/// to be counted in memory (bench: <c>report</c>).
/// </summary>
public class YearEndQueryTests
{
    [Fact]
    public async Task Year_end_households_are_counted_by_the_database_in_aggregate_statements_only()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using (var seed = TestDatabase.Open(cs))
        {
            var world = new SteeringWorld(seed);
            var place = await world.PlaceAsync();
            var bin = await world.BinAsync(place, On(2023, 1, 10), households: 999);
            await world.MemberAsync(bin, On(2023, 3, 1));
            await world.MemberAsync(bin, On(2024, 3, 1), left: On(2025, 2, 1)); // left after the year's end: still counted
            await world.MemberAsync(bin, On(2023, 3, 1), left: On(2024, 8, 1)); // gone by then
            await world.BinAsync(place, On(2023, 1, 10), households: 40);      // no members: the entered figure
            await world.BinAsync(place, On(2023, 1, 10), households: 70, later: (BinStatus.Dissolved, On(2024, 5, 1)));
            // Suspended, then active again on the same instant's later row: the last change (by id) decides.
            var same = On(2024, 9, 1);
            await world.BinAsync(place, On(2023, 1, 10), households: 5, later: [(BinStatus.Suspended, same), (BinStatus.Active, same)]);
        }
        var recorder = new Recorder();
        await using var db = Open(cs, recorder);

        var households = await YearEnd.HouseholdsAsync(db, BrusselsTime.EndOfYear(2024), default);

        Assert.Equal(2 + 40 + 5, households);
        Assert.NotEmpty(recorder.Statements);
        Assert.All(recorder.Statements, sql => Assert.Matches(new Regex(@"^\s*SELECT\s+(COUNT\(\*\)|COALESCE\(SUM\()", RegexOptions.IgnoreCase), sql));
    }

    private static BinHubDb Open(string cs, Recorder recorder) => TestDatabase.Provider == DatabaseProvider.Postgres
        ? new PostgresBinHubDb(new DbContextOptionsBuilder<PostgresBinHubDb>().UseNpgsql(cs).AddInterceptors(recorder).Options)
        : new SqliteBinHubDb(new DbContextOptionsBuilder<SqliteBinHubDb>().UseSqlite(cs).AddInterceptors(recorder).Options);

    /// <summary>Every statement the context sends.</summary>
    private sealed class Recorder : DbCommandInterceptor
    {
        public List<string> Statements { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
