using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// The signed-in household's history of what it received: every message of the police or its BIN, newest first, 20 a
/// page, each with the channels it went out on and what became of it — for calls the state of the latest call, how many
/// calls were made and when 1 was pressed. Only the household's own deliveries (by member id), never another's. Numbers and
/// addresses are shown masked (the last 3 digits) because the history is a screen, not the export; the read is audited.
/// </summary>
public static class MyHistory
{
    public const int PageSize = 20;

    /// <summary>Pages beyond this are refused rather than turned into an offset nobody can have (and that could overflow).</summary>
    public const int MaxPage = 100_000;

    /// <summary>What became of one delivery, in the words a member understands.</summary>
    public enum Status
    {
        /// <summary>Not handed over yet: its time (quiet hours) has not come, it is being sent, or a call is still to be (re)placed.</summary>
        Waiting,
        /// <summary>Handed over (SMS accepted, e-mail accepted, in the web inbox), or a call heard without 1 pressed.</summary>
        Sent,
        /// <summary>The network confirmed the SMS, or 1 was pressed on the call.</summary>
        Delivered,
        Failed,
        /// <summary>Sent, but no delivery report came in time: never counted as delivered.</summary>
        Unconfirmed,
    }

    /// <param name="State">The latest call's state.</param>
    /// <param name="Calls">How many calls were placed for this delivery (retries included).</param>
    /// <param name="AnsweredAt">When the latest answered call was answered.</param>
    /// <param name="ConfirmedAt">When 1 was pressed.</param>
    public sealed record Call(CallState State, int Calls, DateTimeOffset? AnsweredAt, DateTimeOffset? ConfirmedAt);

    /// <param name="To">The number (only its last 3 digits) or e-mail address (masked) it went to; null for the web inbox.</param>
    /// <param name="InboxId">Web: the inbox entry, to open it (/Me/Inbox/{id}) once it is in the inbox.</param>
    /// <param name="Fallback">An alarm sent on this channel because an earlier channel failed.</param>
    /// <param name="Call">Voice: the calls made; null before the first call and for other channels.</param>
    public sealed record Line(Channels Channel, string? To, Status Status, DateTimeOffset? SentAt, DateTimeOffset? FinalAt, DateTimeOffset? ReadAt,
        long? InboxId, bool Fallback, Call? Call);

    /// <param name="At">When the message went out (approved, or written when it needed no approval).</param>
    /// <param name="Text">The text as received, in the language it was sent in.</param>
    public sealed record Item(long MessageId, MessageKind Kind, DateTimeOffset At, string Text, IReadOnlyList<Line> Lines);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize, int LastPage);

    public static async Task<Outcome<Page>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, IStringLocalizer L, CancellationToken ct)
    {
        var (member, refusal) = await MeScope.HouseholdAsync<Page>(db, clock, actor, "ReadHistory", ct);
        if (member is null) return refusal!;
        if (page is < 1 or > MaxPage) return Outcome<Page>.Fail("page", L["InboxHistory.PageInvalid", MaxPage]);

        var mine = db.Deliveries.AsNoTracking().Where(d => d.MemberId == member.Id && d.MessageId != null);
        var total = await mine.Select(d => d.MessageId).Distinct().CountAsync(ct);
        var last = Math.Max(1, (total + PageSize - 1) / PageSize);
        var number = Math.Min(page ?? 1, last);
        // Newest first by the message's first delivery to this household: ids grow with time (SQLite cannot order by a
        // DateTimeOffset column), and a later fallback row does not move an old alarm back to the top.
        var messageIds = await mine.GroupBy(d => d.MessageId!.Value).Select(g => new { Id = g.Key, First = g.Min(d => d.Id) })
            .OrderByDescending(x => x.First).Skip((number - 1) * PageSize).Take(PageSize).Select(x => x.Id).ToListAsync(ct);
        var rows = await mine.Where(d => messageIds.Contains(d.MessageId!.Value)).Include(d => d.Message).ToListAsync(ct);

        var items = rows.GroupBy(d => d.MessageId!.Value).OrderBy(g => messageIds.IndexOf(g.Key)).Select(g =>
        {
            // Channels in the order alarms try them; a fallback after the channel it replaced.
            var lines = g.OrderBy(d => d.FailoverOfId is not null).ThenBy(d => Array.IndexOf(MeScope.Each, d.Channel)).ThenBy(d => d.Id).ToList();
            var message = lines[0].Message!;
            return new Item(message.Id, message.Kind, message.ApprovedAt ?? message.CreatedAt, DeliveryText.For(message, lines[0].Language), lines.Select(Map).ToList());
        }).ToList();

        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, member), "ReadPersonalData", nameof(Member), member.Id.ToString(),
            $"own message history, page {number}");
        await db.SaveChangesAsync(ct);
        return new Outcome<Page>.Ok(new Page(items, total, number, PageSize, last));
    }

    private static Line Map(Delivery d) => new(d.Channel, d.Channel == Channels.Web ? null : PhoneNumber.MaskRecipient(d.Recipient), StatusOf(d.State), d.SentAt, d.FinalAt,
        d.ReadAt, d.Channel == Channels.Web && d.State is DeliveryState.Sent or DeliveryState.Delivered ? d.Id : null, d.FailoverOfId is not null,
        d.Channel == Channels.Voice && d.Call is { } state ? new Call(state, Math.Max(1, d.Attempts), d.AnsweredAt, d.ConfirmedAt) : null);

    public static Status StatusOf(DeliveryState state) => state switch
    {
        DeliveryState.Delivered => Status.Delivered,
        DeliveryState.Sent => Status.Sent,
        DeliveryState.Failed => Status.Failed,
        DeliveryState.Unknown => Status.Unconfirmed,
        _ => Status.Waiting, // Planned, Sending, AudioReady (rendered, no call placed yet)
    };

}
