using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Events;

/// <summary>
/// Who registered for an event, for its publisher: household names and how many people come. Personal data: only for
/// events in the caller's scope, and every read (page or CSV) is audited with its row count.
/// </summary>
public static class EventRegistrations
{
    public sealed record Item(int RegistrationId, int MemberId, string Name, string BinName, int People, RegistrationState State, DateTimeOffset RegisteredAt,
        DateTimeOffset? CancelledAt);

    public sealed record Page(EventView Event, IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, int People);

    public sealed record File(byte[] Content, int Rows, string FileName);

    public const int PageSize = 50, MaxRows = 20_000;

    public static async Task<Outcome<Page>> ListAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int? page, CancellationToken ct)
    {
        var e = await EventScope.Managed(db, actor).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return await AuditLog.NotFoundAsync<Page>(db, clock, actor, "ReadEventRegistrations", nameof(BinEvent), id.ToString(), ct);
        var rows = Ordered(db, id);
        var total = await rows.CountAsync(ct);
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, last);
        var items = await rows.Skip((number - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "ReadEventRegistrations", nameof(BinEvent), id.ToString(), $"page {number}; {items.Count} registrations shown");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(EventView.Of(e), items, total, number, PageSize, e.Taken));
    }

    public static async Task<Outcome<File>> ExportAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, CancellationToken ct)
    {
        var e = await EventScope.Managed(db, actor).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return await AuditLog.NotFoundAsync<File>(db, clock, actor, "ExportEventRegistrations", nameof(BinEvent), id.ToString(), ct);
        var items = await Ordered(db, id).Take(MaxRows).ToListAsync(ct);
        AuditLog.Add(db, clock, actor, "ExportEventRegistrations", nameof(BinEvent), id.ToString(), $"{items.Count} registrations");
        await db.SaveChangesAsync(ct);
        return new Outcome<File>.Ok(new File(ToCsv(items), items.Count, $"event-{id}-registrations.csv"));
    }

    private static IQueryable<Item> Ordered(BinHubDb db, int eventId) =>
        db.EventRegistrations.AsNoTracking().Where(r => r.EventId == eventId)
            .OrderBy(r => r.State).ThenBy(r => r.Member!.Name).ThenBy(r => r.Id)
            .Select(r => new Item(r.Id, r.MemberId, r.Member!.Name, r.Member.Bin!.Name, r.People, r.State, r.CreatedAt, r.CancelledAt));

    private static byte[] ToCsv(List<Item> items)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)))
        {
            foreach (var h in new[] { "name", "bin", "people", "state", "registered_at", "cancelled_at" }) csv.WriteField(h);
            csv.NextRecord();
            foreach (var i in items)
            {
                // Names are typed by people: the members' export's guard keeps a spreadsheet from running one as a formula.
                csv.WriteField(ExportMembers.Text(i.Name));
                csv.WriteField(ExportMembers.Text(i.BinName));
                csv.WriteField(i.People);
                csv.WriteField(i.State.ToString());
                csv.WriteField(BrusselsTime.ToBrussels(i.RegisteredAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                csv.WriteField(i.CancelledAt is { } c ? BrusselsTime.ToBrussels(c).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "");
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }
}
