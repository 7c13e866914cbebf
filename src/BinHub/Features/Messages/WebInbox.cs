using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// A member's web inbox: the web deliveries to their account (one per message, in the language it was planned in),
/// newest first. A delivery is in the inbox once the dispatcher has handed it over (sent); a message deferred by quiet
/// hours appears when its time comes. Opening one marks it read. Only one's own: another household's delivery is 404.
/// </summary>
public static class WebInbox
{
    public sealed record Item(long Id, long? MessageId, MessageKind Kind, string Text, DateTimeOffset At, bool Read);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int Unread, int PageNumber, int PageSize);

    public sealed record Row(string Recipient, Item Item);

    public const int PageSize = 20;

    private static IQueryable<Delivery> Mine(BinHubDb db, Actor actor, int memberId) =>
        db.Deliveries.Where(d => d.Channel == Channels.Web && d.Recipient == actor.UserId && d.MemberId == memberId
            && (d.State == DeliveryState.Sent || d.State == DeliveryState.Delivered));

    public static async Task<List<Row>> RowsAsync(IQueryable<Delivery> deliveries, CancellationToken ct)
    {
        // Nullable projections: a service row (a volunteer call, an answer to an application) has no message.
        var rows = await deliveries.Select(d => new { d.Id, d.Recipient, d.Language, d.SentAt, d.DueAt, d.ReadAt, d.MessageId, Kind = (MessageKind?)d.Message!.Kind,
                d.Message.TextNl, d.Message.TextFr, d.Message.TextDe, d.Message.TextEn, IsExercise = (bool?)d.Message.IsExercise, d.Subject, d.Body })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            // BinHub's own news in the inbox (see Volunteering.VolunteerNotices): written in the member's language already, shown as information.
            if (r.MessageId is null)
                return new Row(r.Recipient, new Item(r.Id, null, MessageKind.Info, $"{r.Subject}\n\n{r.Body}", r.SentAt ?? r.DueAt, r.ReadAt is not null));
            var m = new Message { SenderUserId = "", SenderName = "", TextNl = r.TextNl, TextFr = r.TextFr, TextDe = r.TextDe, TextEn = r.TextEn, IsExercise = r.IsExercise == true };
            var text = DeliveryText.For(m, r.Language);
            return new Row(r.Recipient, new Item(r.Id, r.MessageId, r.Kind!.Value, text, r.SentAt ?? r.DueAt, r.ReadAt is not null));
        }).ToList();
    }

    public static async Task<Outcome<Page>> ListAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, CancellationToken ct)
    {
        var (member, refusal) = await MeScope.HouseholdAsync<Page>(db, clock, actor, "ReadInbox", ct);
        if (member is null) return refusal!;
        var mine = Mine(db, actor, member.Id);
        var total = await mine.CountAsync(ct);
        var unread = await mine.CountAsync(d => d.ReadAt == null, ct);
        var number = Math.Clamp(page ?? 1, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        // Newest first: by id (ids grow with time; SQLite cannot order by a DateTimeOffset column).
        var ids = await mine.OrderByDescending(d => d.Id).Skip((number - 1) * PageSize).Take(PageSize).Select(d => d.Id).ToListAsync(ct);
        var rows = await RowsAsync(db.Deliveries.Where(d => ids.Contains(d.Id)), ct);
        return new Outcome<Page>.Ok(new Page(rows.Select(r => r.Item).OrderByDescending(i => i.Id).ToList(), total, unread, number, PageSize));
    }

    /// <summary>One message of the inbox; the first opening marks it read.</summary>
    public static async Task<Outcome<Item>> OpenAsync(BinHubDb db, TimeProvider clock, Actor actor, long id, CancellationToken ct)
    {
        var (member, refusal) = await MeScope.HouseholdAsync<Item>(db, clock, actor, "ReadInbox", ct);
        if (member is null) return refusal!;
        var now = clock.GetUtcNow();
        var mine = Mine(db, actor, member.Id).Where(d => d.Id == id);
        var row = (await RowsAsync(mine, ct)).FirstOrDefault();
        if (row is null) return await AuditLog.NotFoundAsync<Item>(db, clock, MeScope.Pseudonymous(actor, member), "ReadInbox", nameof(Delivery), id.ToString(), ct);
        if (!row.Item.Read) await mine.Where(d => d.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(d => d.ReadAt, now), ct);
        return new Outcome<Item>.Ok(row.Item with { Read = true });
    }

    public static void MapInboxEndpoints(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/me/inbox").WithTags("Me").RequireAuthorization("Member");
        inbox.MapGet("/", async (int? p, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListAsync(db, clock, await current.GetAsync(ct), p, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetMyInbox").WithSummary("My web inbox: the messages sent to my household, newest first, 20 a page (p=), with the unread count.")
            .Produces<Page>().ProducesProblem(404);
        inbox.MapPost("/{id:long}/read", async (long id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await OpenAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("ReadMyInboxMessage").WithSummary("One message of my inbox; marks it read.")
            .Produces<Item>().ProducesProblem(404);
    }
}
