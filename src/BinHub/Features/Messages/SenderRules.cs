using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Messages;

/// <summary>
/// Who may send which type of message, from the communication plan: an officer everything to the BINs of their zone,
/// a coordinator prevention and info to their own BINs when every one of them allows it. <see cref="SendMessage"/> decides
/// with it and the composer offers with it, so the page cannot offer (nor refuse) what the API would not.
/// </summary>
public static class SenderRules
{
    public static readonly IReadOnlyList<MessageKind> PoliceKinds = [MessageKind.Alarm, MessageKind.Feedback, MessageKind.Prevention, MessageKind.Info];
    public static readonly IReadOnlyList<MessageKind> CoordinatorKinds = [MessageKind.Prevention, MessageKind.Info];

    public static bool IsOfficerFor(Actor actor, IReadOnlyCollection<Bin> bins) => actor.IsOfficer && bins.All(b => b.PoliceZoneNumber == actor.ZoneNumber);

    public static bool IsCoordinatorFor(Actor actor, IReadOnlyCollection<Bin> bins) => actor.IsCoordinator && bins.All(b => actor.CoordinatedBinIds.Contains(b.Id));

    /// <summary>The types the actor may send to all of <paramref name="bins"/> together (none when they are outside the actor's role).</summary>
    public static IReadOnlyList<MessageKind> KindsFor(Actor actor, IReadOnlyCollection<Bin> bins) =>
        IsOfficerFor(actor, bins) ? PoliceKinds
        : IsCoordinatorFor(actor, bins) && bins.All(b => b.CoordinatorsMaySendPrevention) ? CoordinatorKinds
        : [];

    /// <summary>The types the composer offers: those the actor may send to at least one of the BINs it lists.</summary>
    public static IReadOnlyList<MessageKind> Offered(Actor actor, IReadOnlyCollection<Bin> choices) =>
        actor.IsOfficer ? PoliceKinds : PoliceKinds.Where(k => choices.Any(b => KindsFor(actor, [b]).Contains(k))).ToList();

    /// <summary>Why <paramref name="kind"/> is refused to someone who is officer or coordinator of these BINs.</summary>
    public static string Refusal(MessageKind kind, Microsoft.Extensions.Localization.IStringLocalizer L) =>
        kind is MessageKind.Alarm or MessageKind.Feedback ? L["Message.OnlyPoliceAlarms"] : L["Message.PlanForbidsCoordinator"];
}
