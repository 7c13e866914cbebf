using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Audit;

/// <summary>Search and export of the append-only audit log (admins). Reading the log is itself on record.</summary>
public static class SearchAudit
{
    public sealed record Query(string? User, string? Action, string? EntityType, string? EntityId, string? Outcome, DateOnly? From, DateOnly? To, int? Page);

    public sealed record Page(IReadOnlyList<AuditEntry> Items, int Total, int PageNumber, int PageSize);

    public static IQueryable<AuditEntry> Filter(BinHubDb db, Query q)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.User)) rows = rows.Where(a => a.UserName != null && a.UserName.ToLower().Contains(q.User.Trim().ToLower()));
        if (!string.IsNullOrWhiteSpace(q.Action)) rows = rows.Where(a => a.Action == q.Action.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityType)) rows = rows.Where(a => a.EntityType == q.EntityType.Trim());
        if (!string.IsNullOrWhiteSpace(q.EntityId)) rows = rows.Where(a => a.EntityId == q.EntityId.Trim());
        if (!string.IsNullOrWhiteSpace(q.Outcome)) rows = rows.Where(a => a.Outcome == q.Outcome.Trim());
        if (q.From is { } from) { var f = Day(from); rows = rows.Where(a => a.At >= f); }
        if (q.To is { } to) { var t = Day(to.AddDays(1)); rows = rows.Where(a => a.At < t); }
        return rows.OrderByDescending(a => a.Id);
    }

    private static DateTimeOffset Day(DateOnly d) => BrusselsTime.StartOfDay(d);

    public static async Task<Page> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        const int size = 50;
        var page = Math.Max(1, q.Page ?? 1);
        var rows = Filter(db, q);
        var result = new Page(await rows.Skip((page - 1) * size).Take(size).ToListAsync(ct), await rows.CountAsync(ct), page, size);
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(AuditEntry), null, $"audit search page {page}");
        await db.SaveChangesAsync(ct);
        return result;
    }

    public static async Task<byte[]> CsvAsync(BinHubDb db, TimeProvider clock, Actor actor, Query q, CancellationToken ct)
    {
        var rows = await Filter(db, q).Take(100_000).ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "Export", nameof(AuditEntry), null, $"{rows.Count} rows");
        await db.SaveChangesAsync(ct);
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            csv.WriteRecords(rows.Select(a => new
            {
                a.Id, At = a.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), a.UserId, a.UserName, a.Action, a.EntityType, a.EntityId,
                a.Outcome, a.IpAddress, a.Details,
            }));
        }
        return stream.ToArray();
    }
}
