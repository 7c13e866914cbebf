using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Feeds;

/// <summary>
/// The public prevention feed: prevention and info messages their sender marked public, once they are sent (not while
/// awaiting the officer's approval, never when refused), per BIN, per police zone and nationally, newest first. Alarms
/// and feedback are never public, whatever their flag says. Nothing personal is published: no sender name (the police
/// zone speaks), no recipients, no report.
/// </summary>
public static class PublicFeed
{
    public const int PageSize = 50;
    /// <summary>Feeds are for "what's new"; deep archives are not served (a crawler cannot page through years).</summary>
    public const int MaxPage = 20;

    public enum ScopeKind { Bin, Zone, National }

    /// <summary>One published message with the public facts about its BINs (name, language, zone, area).</summary>
    /// <param name="Earlier">For an update or withdrawal: the published versions before it, oldest first (CAP <c>references</c>).</param>
    public sealed record Item(Message Message, IReadOnlyList<Bin> Bins, string? ZoneName, string? ZoneBoundaryGeoJson = null, IReadOnlyList<Message>? Earlier = null);

    /// <param name="ScopeChangedAt">The BIN's last change (a BIN feed only): the stable "updated" of its feed while it is empty.</param>
    public sealed record Page(ScopeKind Kind, int? ScopeId, string? ScopeName, string? ScopeLanguage, IReadOnlyList<Item> Items, int Number, bool HasMore,
        DateTimeOffset? ScopeChangedAt = null);

    /// <summary>The one rule for "published": every public route goes through it.</summary>
    public static IQueryable<Message> Published(BinHubDb db) =>
        db.Messages.Where(m => m.IsPublic && (m.Kind == MessageKind.Prevention || m.Kind == MessageKind.Info)
            && m.State != MessageState.AwaitingApproval && m.State != MessageState.Refused);

    /// <summary>
    /// The latest published version of each message: an update or withdrawal (they always name the first version, see
    /// UpdateMessage) replaces the versions before it, so a feed reader sees one entry per message, marked when withdrawn.
    /// </summary>
    public static IQueryable<Message> Latest(BinHubDb db, IQueryable<Message> published) =>
        published.Where(m => !Published(db).Any(a => a.AmendsId == (m.AmendsId ?? m.Id) && a.Id > m.Id));

    /// <summary>BINs known to the public: the finder shows active ones; suspended or dissolved ones keep their history.</summary>
    public static bool IsPublicBin(Bin b) => b.Status is BinStatus.Active or BinStatus.Suspended or BinStatus.Dissolved;

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, ScopeKind kind, int? id, int page, CancellationToken ct)
    {
        page = Math.Clamp(page, 1, MaxPage);
        var messages = Latest(db, Published(db));
        string? name = null, language = null;
        DateTimeOffset? changedAt = null;
        switch (kind)
        {
            case ScopeKind.Bin:
                var bin = await db.Bins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
                if (bin is null || !IsPublicBin(bin)) return new Outcome<Page>.NotFound();
                (name, language, changedAt) = (bin.Name, bin.Language, bin.UpdatedAt);
                messages = messages.Where(m => db.MessageBins.Any(mb => mb.MessageId == m.Id && mb.BinId == id));
                break;
            case ScopeKind.Zone:
                var zone = await db.PoliceZones.AsNoTracking().FirstOrDefaultAsync(z => z.Number == id, ct);
                if (zone is null) return new Outcome<Page>.NotFound();
                name = zone.Name;
                // By the BINs reached, not only the message's own zone: a message to BINs of two zones shows in both.
                messages = messages.Where(m => m.ZoneNumber == id
                    || db.MessageBins.Any(mb => mb.MessageId == m.Id && db.Bins.Any(b => b.Id == mb.BinId && b.PoliceZoneNumber == id)));
                break;
        }
        var found = await messages.AsNoTracking().OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        var hasMore = found.Count > PageSize && page < MaxPage;
        var items = await DescribeAsync(db, found.Take(PageSize).ToList(), ct);
        return new Outcome<Page>.Ok(new Page(kind, id, name, language, items, page, hasMore, changedAt));
    }

    /// <summary>One published message, for its CAP document. Anything else (alarm, feedback, not public, unknown) is not found.</summary>
    public static async Task<Outcome<Item>> OneAsync(BinHubDb db, TimeProvider clock, Actor actor, long id, CancellationToken ct)
    {
        var message = await Published(db).AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (message is null)
        {
            // Someone asked for a message that exists but is not public (an alarm, most likely): worth a line in the audit log.
            // Unknown ids are not recorded, so anonymous crawling cannot flood the log.
            return await db.Messages.AnyAsync(m => m.Id == id, ct)
                ? await AuditLog.NotFoundAsync<Item>(db, clock, actor, "PublicCap", nameof(Message), id.ToString(), ct)
                : new Outcome<Item>.NotFound();
        }
        var item = (await DescribeAsync(db, [message], ct, withBoundaries: true))[0];
        if (message.AmendsId is { } first)
            item = item with
            {
                Earlier = await Published(db).AsNoTracking().Where(m => (m.Id == first || m.AmendsId == first) && m.Id < message.Id).OrderBy(m => m.Id).ToListAsync(ct),
            };
        return new Outcome<Item>.Ok(item);
    }

    private static async Task<List<Item>> DescribeAsync(BinHubDb db, List<Message> messages, CancellationToken ct, bool withBoundaries = false)
    {
        var ids = messages.Select(m => m.Id).ToList();
        var links = await db.MessageBins.AsNoTracking().Where(mb => ids.Contains(mb.MessageId)).ToListAsync(ct);
        var binIds = links.Select(l => l.BinId).Distinct().ToList();
        var bins = await db.Bins.AsNoTracking().Include(b => b.Municipality).Where(b => binIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
        var zoneNumbers = messages.Select(m => m.ZoneNumber).Distinct().ToList();
        var zones = await db.PoliceZones.AsNoTracking().Where(z => zoneNumbers.Contains(z.Number)).ToDictionaryAsync(z => z.Number, ct);
        return messages.Select(m => new Item(m,
            links.Where(l => l.MessageId == m.Id && bins.ContainsKey(l.BinId)).Select(l => bins[l.BinId]).OrderBy(b => b.Name).ToList(),
            zones.GetValueOrDefault(m.ZoneNumber)?.Name, withBoundaries ? zones.GetValueOrDefault(m.ZoneNumber)?.BoundaryGeoJson : null)).ToList();
    }
}
