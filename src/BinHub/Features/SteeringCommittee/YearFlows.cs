using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using static BinHub.Features.SteeringCommittee.AnnualReport;

namespace BinHub.Features.SteeringCommittee;

/// <summary>What happened between the first and the last instant of a year: the report's flow figures.</summary>
public static class YearFlows
{
    public static async Task<AnnualReport.Charters> ChartersAsync(BinHubDb db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var approved = await db.Charters.Where(c => c.FullyApprovedAt >= start && c.FullyApprovedAt <= end).Select(c => c.Version).ToListAsync(ct);
        // Lapsed: its validity ran out in the year and no later version had been approved by that day.
        var lapsed = await db.Charters.Where(c => c.ValidUntil >= start && c.ValidUntil <= end
                && !db.Charters.Any(n => n.BinId == c.BinId && n.Version > c.Version && n.FullyApprovedAt != null && n.FullyApprovedAt <= c.ValidUntil))
            .CountAsync(ct);
        return new AnnualReport.Charters(approved.Count(v => v == 1), approved.Count(v => v > 1), lapsed);
    }

    public static async Task<Vacancies> VacanciesAsync(BinHubDb db, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asAt, CancellationToken ct)
    {
        var opened = await db.BinVacancies.Where(v => v.OpenedAt >= start && v.OpenedAt <= end).Select(v => new { v.OpenedAt, v.FilledAt }).ToListAsync(ct);
        // Filled after the year's end counts as still open at the year's end (as it stood then).
        var days = opened.Select(v => (int)Math.Floor(((v.FilledAt is { } f && f <= asAt ? f : asAt) - v.OpenedAt).TotalDays)).Order().ToList();
        var filled = opened.Count(v => v.FilledAt is { } f && f <= asAt);
        double? median = days.Count == 0 ? null : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2.0;
        return new Vacancies(opened.Count, filled, opened.Count - filled, median, days.Count == 0 ? null : days[^1]);
    }

    public static async Task<IReadOnlyList<MessageRow>> MessagesAsync(BinHubDb db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        // Sent for real: exercises, refused messages and those still awaiting approval are not messages to the population.
        var sent = db.Messages.Where(m => m.CreatedAt >= start && m.CreatedAt <= end && !m.IsExercise
                                          && (m.State == MessageState.Dispatching || m.State == MessageState.Done));
        var rows = await db.Deliveries.Where(d => d.MessageId != null && sent.Any(m => m.Id == d.MessageId))
            .GroupBy(d => new { d.Message!.Kind, d.Channel })
            .Select(g => new
            {
                g.Key.Kind, g.Key.Channel, Messages = g.Select(d => d.MessageId).Distinct().Count(), Deliveries = g.Count(),
                Delivered = g.Count(d => d.State == DeliveryState.Delivered
                                         || (d.State == DeliveryState.Sent && (d.Channel == Channels.Email || d.Channel == Channels.Web))),
            }).ToListAsync(ct);
        return rows.Select(r => new MessageRow(r.Kind, r.Channel, r.Messages, r.Deliveries, r.Delivered))
            .OrderBy(r => r.Type).ThenBy(r => r.Channel).ToList();
    }

    public static async Task<AnnualReport.Reports> ReportsAsync(BinHubDb db, DateTimeOffset start, DateTimeOffset end, DateTimeOffset asAt, CancellationToken ct)
    {
        var received = db.Reports.Where(r => r.CreatedAt >= start && r.CreatedAt <= end);
        return new AnnualReport.Reports(await received.CountAsync(ct), await received.CountAsync(r => r.DecidedAt != null && r.DecidedAt <= asAt, ct));
    }
}
