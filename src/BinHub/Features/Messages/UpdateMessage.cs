using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Messages;

/// <summary>
/// Updating or withdrawing a sent message (CAP "Update" / "Cancel"). Nothing already delivered can be recalled, so either is
/// itself a new message with its own text, sent through <see cref="SendMessage"/> to the BINs the first version reached,
/// by whoever may send that message there (the same plan: officer only for alarms, a coordinator's may await approval).
/// Both ARE sent to the members, not only published: they acted on the first version (an alarm's description, a tip), and
/// a correction or "this no longer holds" that only the public feed shows would never reach them. Every amendment names
/// the FIRST version (<see cref="Message.AmendsId"/>), and only the latest version can be amended, so the versions form
/// one line the feeds can follow (references, one Atom entry). A withdrawn message cannot be amended again. Two amendments
/// sent at the same moment can both pass the "latest version" check; the database then lets only one in
/// (<see cref="Message.AmendsVersionId"/>) and the other is refused like an amendment of an older version.
/// </summary>
public static class UpdateMessage
{
    /// <param name="Texts">The update's or withdrawal's text per language (nl, fr, de, en), as members will get it.</param>
    public sealed record Request(Dictionary<string, string>? Texts);

    public static async Task<Outcome<SendMessage.Planned>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, long id, Amendment how, Request r,
        IStringLocalizer L, DispatchSignal? signal, CancellationToken ct)
    {
        if (how == Amendment.None) throw new ArgumentOutOfRangeException(nameof(how));
        var action = $"{how}Message";
        var m = await db.Messages.AsNoTracking().Include(x => x.Bins).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !await GetMessage.MaySeeAsync(db, actor, m, ct)) return await AuditLog.NotFoundAsync<SendMessage.Planned>(db, clock, actor, action, nameof(Message), id.ToString(), ct);
        // One awaiting approval is changed by the officer's decision; a refused one never went out: nothing to amend.
        if (m.State is MessageState.AwaitingApproval or MessageState.Refused) return Outcome<SendMessage.Planned>.Fail("id", L["Message.AmendNotSent"]);
        if (await LatestAsync(db, m, ct) is { } latest && latest.Id != m.Id) return Outcome<SendMessage.Planned>.Fail("id", L["Message.AmendNotLatest", latest.Id]);
        if (m.Amendment == Amendment.Withdrawal) return Outcome<SendMessage.Planned>.Fail("id", L["Message.AmendWithdrawn"]);

        var first = m.AmendsId is { } f ? await db.Messages.AsNoTracking().FirstAsync(x => x.Id == f, ct) : m;
        var request = new SendMessage.Request(m.Kind, m.Bins.Select(b => b.BinId).ToList(), null, null, r.Texts, m.ReportId, m.FeedbackForId, m.IsPublic,
            m.OccurredAt, IsExercise: m.IsExercise);
        return await SendMessage.HandleAsync(db, clock, actor, request, L, dryRun: false, signal, ct, new SendMessage.Amends(first, how, m.Id));
    }

    /// <summary>
    /// Whether the actor may send an update or withdrawal of <paramref name="m"/> (which they may see) now: what
    /// <see cref="HandleAsync"/> refuses before sending (not sent, not the latest version, withdrawn) and what SendMessage then
    /// decides (its BINs still active, the communication plan letting the actor send this type to all of them, <see cref="SenderRules"/>).
    /// The dashboard offers the update and withdrawal with it, so it never offers what the API refuses (a coordinator whose BIN
    /// no longer lets coordinators send prevention, say).
    /// </summary>
    public static async Task<bool> MayAmendAsync(BinHubDb db, Actor actor, Message m, CancellationToken ct)
    {
        if (m.State is not (MessageState.Dispatching or MessageState.Done) || m.Amendment == Amendment.Withdrawal) return false;
        if (await LatestAsync(db, m, ct) is { } latest && latest.Id != m.Id) return false;
        var ids = db.MessageBins.Where(b => b.MessageId == m.Id).Select(b => b.BinId);
        var bins = await db.Bins.AsNoTracking().Where(b => ids.Contains(b.Id)).ToListAsync(ct);
        return bins.Count > 0 && bins.All(b => b.Status == BinStatus.Active) && SenderRules.KindsFor(actor, bins).Contains(m.Kind);
    }

    /// <summary>The newest version of <paramref name="m"/>'s line that is not refused (a pending one counts: it is on its way).</summary>
    public static Task<Message?> LatestAsync(BinHubDb db, Message m, CancellationToken ct)
    {
        var first = m.AmendsId ?? m.Id;
        return db.Messages.AsNoTracking().Where(x => (x.Id == first || x.AmendsId == first) && x.State != MessageState.Refused)
            .OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
    }
}
