using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Statistics;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>
/// The steering committee's annual report: every figure computed from the rows, never typed. BIN counts and households are
/// "as at 31 December" (Brussels time) from the status history, so a change made later does not rewrite a past year;
/// the year's flows (new BINs, charters, vacancies, messages, reports) count what happened between 1 January and 31 December.
/// The page, the PDF, the CSV and the XLSX all render this one record (see <see cref="ReportTables"/>). No personal data.
/// </summary>
public static class AnnualReport
{
    public sealed record Count(string Code, string Name, int Bin, int BinZ, int Total, int PreviousTotal)
    {
        public int Change => Total - PreviousTotal;
    }

    public sealed record BinCounts(IReadOnlyList<Count> Regions, IReadOnlyList<Count> Provinces, IReadOnlyList<Count> Zones, Count Total);

    public sealed record Households(int AtYearEnd, int PreviousYearEnd);

    /// <param name="New">First activations in the year.</param><param name="Stopped">Dissolutions in the year.</param><param name="Suspended">Suspensions in the year.</param>
    public sealed record Lifecycle(int New, int Stopped, int Suspended);

    /// <param name="Signed">First charters fully approved in the year.</param><param name="Renewed">Later versions fully approved in the year.</param>
    /// <param name="Lapsed">Charters whose validity ended in the year without a next version approved by then.</param>
    public sealed record Charters(int Signed, int Renewed, int Lapsed);

    /// <param name="MedianDays">Days open, of the vacancies opened in the year (those still open counted to the year's end).</param>
    public sealed record Vacancies(int Opened, int Filled, int StillOpen, double? MedianDays, int? LongestDays);

    /// <param name="Delivered">Confirmed by the network (SMS, voice) or handed over where no confirmation exists (e-mail, web inbox).</param>
    public sealed record MessageRow(MessageKind Type, Channels Channel, int Messages, int Deliveries, int Delivered)
    {
        public double DeliveredShare => Deliveries == 0 ? 0 : Math.Round((double)Delivered / Deliveries, 4);
    }

    public sealed record Reports(int Received, int Handled);

    public sealed record Training(int Sessions, int PeopleTrained, int OfficersTrained);

    public sealed record VolunteerRow(string RegionCode, string Name, int Volunteers, int Cpas);

    public sealed record Result(int Year, DateTimeOffset AsAt, BinCounts Bins, Households Households, Lifecycle Lifecycle, Charters Charters,
        Vacancies Vacancies, IReadOnlyList<MessageRow> Messages, Reports Reports, Training Training, IReadOnlyList<VolunteerRow> Volunteers);

    /// <summary>The year the committee looks at by default: the last complete one.</summary>
    public static int DefaultYear(TimeProvider clock) => BrusselsTime.ToBrussels(clock.GetUtcNow()).Year - 1;

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, int year, string lang, IStringLocalizer L, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var thisYear = BrusselsTime.ToBrussels(now).Year;
        if (year < GetStatistics.FirstYear + 1 || year > thisYear)
            return Outcome<Result>.Fail("year", L["Steering.YearRange", GetStatistics.FirstYear + 1, thisYear]);

        var start = BrusselsTime.EndOfYear(year - 1).AddTicks(1);
        var end = BrusselsTime.EndOfYear(year);
        var asAt = end < now ? end : now;

        var result = new Result(year, asAt,
            await BinCountsAsync(db, clock, year, lang, ct),
            new Households(await YearEnd.HouseholdsAsync(db, asAt, ct), await YearEnd.HouseholdsAsync(db, BrusselsTime.EndOfYear(year - 1), ct)),
            await LifecycleAsync(db, start, end, ct),
            await YearFlows.ChartersAsync(db, start, end, ct),
            await YearFlows.VacanciesAsync(db, start, end, asAt, ct),
            await YearFlows.MessagesAsync(db, start, end, ct),
            await YearFlows.ReportsAsync(db, start, end, asAt, ct),
            await TrainingAsync(db, year, ct),
            await VolunteersAsync(db, year, lang, ct));
        return new Outcome<Result>.Ok(result);
    }

    private static async Task<BinCounts> BinCountsAsync(BinHubDb db, TimeProvider clock, int year, string lang, CancellationToken ct)
    {
        // The national statistics already count the BINs active at a year's end from the status history: reused, for both years.
        var current = ((Outcome<GetStatistics.Result>.Ok)await GetStatistics.HandleAsync(db, clock, year, lang, ct)).Value;
        var previous = ((Outcome<GetStatistics.Result>.Ok)await GetStatistics.HandleAsync(db, clock, year - 1, lang, ct)).Value;
        static List<Count> Join(IReadOnlyList<GetStatistics.Row> now, IReadOnlyList<GetStatistics.Row> before) =>
            now.Select(r => new Count(r.Code, r.Name, r.Bin, r.BinZ, r.Total, before.FirstOrDefault(b => b.Code == r.Code)?.Total ?? 0))
                // A group with no BIN left this year still shows its drop.
                .Concat(before.Where(b => now.All(r => r.Code != b.Code)).Select(b => new Count(b.Code, b.Name, 0, 0, 0, b.Total)))
                .OrderBy(r => r.Code.PadLeft(5, '0'), StringComparer.Ordinal).ToList();
        return new BinCounts(Join(current.Regions, previous.Regions), Join(current.Provinces, previous.Provinces), Join(current.Zones, previous.Zones),
            new Count("", "", current.Totals.Bin, current.Totals.BinZ, current.Totals.Total, previous.Totals.Total));
    }

    private static async Task<Lifecycle> LifecycleAsync(BinHubDb db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var inYear = db.BinStatusChanges.Where(c => c.At >= start && c.At <= end);
        // New: became active from anything but a suspension (a resumed BIN is not new).
        var firstActive = await inYear.Where(c => c.To == BinStatus.Active && c.From != BinStatus.Suspended).Select(c => c.BinId).Distinct().CountAsync(ct);
        var stopped = await inYear.Where(c => c.To == BinStatus.Dissolved).Select(c => c.BinId).Distinct().CountAsync(ct);
        var suspended = await inYear.Where(c => c.To == BinStatus.Suspended).Select(c => c.BinId).Distinct().CountAsync(ct);
        return new Lifecycle(firstActive, stopped, suspended);
    }

    private static async Task<Training> TrainingAsync(BinHubDb db, int year, CancellationToken ct)
    {
        var t = await Features.Training.TrainingFigures.ForYearAsync(db, year, ct);
        return new Training(t.Sessions, t.PeopleTrained, t.OfficersTrained);
    }

    private static async Task<IReadOnlyList<VolunteerRow>> VolunteersAsync(BinHubDb db, int year, string lang, CancellationToken ct)
    {
        var rows = await Features.Volunteering.VolunteerFigures.ForYearAsync(db, year, ct);
        var names = (await db.Regions.ToListAsync(ct)).ToDictionary(r => r.Code, r => r.Name(lang));
        return rows.OrderBy(r => r.RegionCode, StringComparer.Ordinal)
            .Select(r => new VolunteerRow(r.RegionCode, names.GetValueOrDefault(r.RegionCode, r.RegionCode), r.Volunteers, r.Cpas)).ToList();
    }
}
