using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Messages;

/// <summary>
/// A message and where its dispatch stands, per channel and status (planned, sent, delivered, failed, pending), so a
/// script or the dashboard can follow it to the end. Visible to the police of its zone, the coordinators of all its
/// BINs and the Kenniscentrum; the failed members (to phone) only to those who may see members' numbers.
/// </summary>
public static class GetMessage
{
    /// <param name="Retrying">Of <paramref name="Planned"/>, those waiting for another try after a transient error (gateway
    /// unreachable or busy): a gateway outage shows as a growing "retrying", never as failed.</param>
    public sealed record Counts(int Planned, int Pending, int Sent, int Delivered, int Failed, int AudioReady, int Unknown, int Retrying = 0)
    {
        public int Total => Planned + Pending + Sent + Delivered + Failed + AudioReady + Unknown;
    }

    public sealed record FailedMember(int MemberId, string Name, string Channel, string Recipient, string? Error);

    public sealed record Result(long Id, MessageKind Kind, MessageState State, string SenderName, DateTimeOffset CreatedAt, string TargetSummary,
        IReadOnlyDictionary<string, string> Texts, IReadOnlyDictionary<string, Counts> PerChannel, Counts Total, bool Finished,
        long? FeedbackForId, DateTimeOffset? FeedbackSentAt, bool IsPublic, IReadOnlyList<FailedMember> Failed) : MessageMarks
    {
        /// <summary>Voice: the calls per state of their latest call (see <see cref="Progress.Calls"/>).</summary>
        public IReadOnlyDictionary<string, int> Calls { get; init; } = new Dictionary<string, int>();

        /// <summary>The households reached on no channel, to phone (see <see cref="Unreached"/>).</summary>
        public Unreached.Summary NotReached { get; init; } = new(0, []);
    }

    public static async Task<bool> MaySeeAsync(BinHubDb db, Actor actor, Message m, CancellationToken ct)
    {
        if (actor.IsNational || (actor.IsOfficer && actor.ZoneNumber == m.ZoneNumber)) return true;
        if (!actor.IsCoordinator) return false;
        var bins = await db.MessageBins.Where(b => b.MessageId == m.Id).Select(b => b.BinId).ToListAsync(ct);
        return bins.Count > 0 && bins.All(actor.CoordinatedBinIds.Contains);
    }

    /// <summary>Where a message stands, without any personal data: what the dashboard shows and what is pushed live.</summary>
    public sealed record Progress(long Id, MessageState State, IReadOnlyDictionary<string, Counts> PerChannel, Counts Total, bool Finished)
    {
        /// <summary>Voice: how many calls stand where (ringing, answered, confirmed, no answer, …), by the latest call of each row.</summary>
        public IReadOnlyDictionary<string, int> Calls { get; init; } = new Dictionary<string, int>();

        /// <summary>
        /// Only in the dashboard's own request for its progress, never in a live push (which goes to every follower and carries
        /// no personal data): the households reached on no channel.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public Unreached.Summary? NotReached { get; init; }
    }

    /// <summary>Voice rows per state of their latest call; every state is present (0 when none), so the page shows them all.</summary>
    public static async Task<Dictionary<string, int>> CallsAsync(BinHubDb db, long id, CancellationToken ct)
    {
        var rows = await db.Deliveries.Where(d => d.MessageId == id && d.Channel == Channels.Voice && d.Call != null)
            .GroupBy(d => d.Call).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return Enum.GetValues<CallState>().ToDictionary(s => s.ToString(), s => rows.Where(r => r.Key == s).Sum(r => r.Count));
    }

    public static async Task<(Dictionary<string, Counts> PerChannel, Counts Total)> CountAsync(BinHubDb db, long id, CancellationToken ct)
    {
        var rows = await db.Deliveries.Where(d => d.MessageId == id).GroupBy(d => new { d.Channel, d.State, Retry = d.State == DeliveryState.Planned && d.Attempts > 0 })
            .Select(g => new { g.Key.Channel, g.Key.State, g.Key.Retry, Count = g.Count() }).ToListAsync(ct);
        var perChannel = new Dictionary<string, Counts>();
        foreach (var channel in Me.MeScope.Each)
        {
            int N(DeliveryState s) => rows.Where(r => r.Channel == channel && r.State == s).Sum(r => r.Count);
            perChannel[channel.ToString()] = new Counts(N(DeliveryState.Planned), N(DeliveryState.Sending), N(DeliveryState.Sent), N(DeliveryState.Delivered),
                N(DeliveryState.Failed), N(DeliveryState.AudioReady), N(DeliveryState.Unknown), rows.Where(r => r.Channel == channel && r.Retry).Sum(r => r.Count));
        }
        var total = perChannel.Values.Aggregate(new Counts(0, 0, 0, 0, 0, 0, 0), (a, c) => new Counts(a.Planned + c.Planned, a.Pending + c.Pending,
            a.Sent + c.Sent, a.Delivered + c.Delivered, a.Failed + c.Failed, a.AudioReady + c.AudioReady, a.Unknown + c.Unknown, a.Retrying + c.Retrying));
        return (perChannel, total);
    }

    /// <summary>
    /// How many failed deliveries the dashboard lists by name. Beyond it the page says how many are left out: the unreached list
    /// (paged, complete) is the one that names everybody to phone; this one explains why channels failed.
    /// </summary>
    public const int FailedListed = 500;

    public static async Task<Progress?> ProgressAsync(BinHubDb db, long id, CancellationToken ct)
    {
        var state = await db.Messages.Where(m => m.Id == id).Select(m => (MessageState?)m.State).FirstOrDefaultAsync(ct);
        if (state is null) return null;
        var (perChannel, total) = await CountAsync(db, id, ct);
        return new Progress(id, state.Value, perChannel, total, total.Planned + total.Pending == 0 && state != MessageState.AwaitingApproval)
        {
            Calls = await CallsAsync(db, id, ct),
        };
    }

    /// <param name="unreachedPage">Which page of the unreached households to list (see <see cref="Unreached"/>).</param>
    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, long id, CancellationToken ct, int unreachedPage = 1)
    {
        var m = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !await MaySeeAsync(db, actor, m, ct)) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "GetMessage", nameof(Message), id.ToString(), ct);
        var (perChannel, total) = await CountAsync(db, id, ct);

        // The members to phone: their names and numbers are personal data, for the BIN's coordinators and the zone's police.
        var failed = new List<FailedMember>();
        if (total.Failed > 0 && (actor.IsCoordinator || actor.IsOfficer))
        {
            failed = await db.Deliveries.Where(d => d.MessageId == id && d.State == DeliveryState.Failed)
                .Join(db.Members, d => d.MemberId, x => x.Id, (d, x) => new { d, x.Name })
                .OrderBy(r => r.Name).Take(FailedListed)
                .Select(r => new FailedMember(r.d.MemberId!.Value, r.Name, r.d.Channel.ToString(), r.d.Recipient, r.d.LastError)).ToListAsync(ct);
            if (failed.Count > 0)
            {
                AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Message), id.ToString(), $"{failed.Count} failed deliveries listed");
                await db.SaveChangesAsync(ct);
            }
        }
        var texts = Languages.All.Where(l => m.Text(l) is not null).ToDictionary(l => l, l => m.Text(l)!);
        return new Outcome<Result>.Ok(new Result(m.Id, m.Kind, m.State, m.SenderName, m.CreatedAt, m.TargetSummary, texts, perChannel, total,
            total.Planned + total.Pending == 0 && m.State != MessageState.AwaitingApproval, m.FeedbackForId, m.FeedbackSentAt, m.IsPublic, failed)
        {
            Calls = await CallsAsync(db, id, ct),
            NotReached = await Unreached.FindAsync(db, clock, actor, m, unreachedPage, ct),
            IsExercise = m.IsExercise, Amendment = m.Amendment, AmendsId = m.AmendsId,
        });
    }
}
