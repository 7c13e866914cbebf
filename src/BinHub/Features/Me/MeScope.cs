using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;

namespace BinHub.Features.Me;

/// <summary>What every use case of a member's own space shares.</summary>
public static class MeScope
{
    /// <summary>
    /// The audit log is append-only and survives erasure, so a member's own actions are recorded under their user id
    /// and household id only, never under their name (their display name may be their real name).
    /// </summary>
    public static Actor Pseudonymous(Actor actor, Member? member) =>
        actor with { UserName = member is null ? "member" : $"member #{member.Id}" };

    /// <summary>The signed-in household, or a recorded refusal: no household (other roles, erased) answers 404.</summary>
    public static async Task<(Member? Member, Outcome<T>? Refusal)> HouseholdAsync<T>(BinHubDb db, TimeProvider clock, Actor actor, string action,
        CancellationToken ct)
    {
        var member = await MemberAccount.OfAsync(db, actor, ct);
        if (member is not null) return (member, null);
        return (null, await AuditLog.NotFoundAsync<T>(db, clock, Pseudonymous(actor, null), action, nameof(Member), null, ct));
    }

    public static readonly Channels[] Each = [Channels.Sms, Channels.Voice, Channels.Email, Channels.Web];

    public static List<Channels> Split(Channels c) => Each.Where(x => c.HasFlag(x)).ToList();

    public static Channels Join(IEnumerable<Channels>? list) => (list ?? []).Aggregate(Channels.None, (a, b) => a | b);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime);
}
