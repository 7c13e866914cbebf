using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Messages;

namespace BinHub.Features.Dispatch;

/// <summary>
/// BinHub's own messages — codes, confirmations, reminders, notices — join the one sending queue here, in the caller's
/// transaction (the change and the message to send are saved together, or neither is). Police and coordinator messages
/// are planned by <see cref="Messages.Planner"/> into the same queue.
/// </summary>
public static class Outgoing
{
    public static Delivery Queue(BinHubDb db, Delivery d)
    {
        DispatchPolicy.Stamp(d, d.Kind);
        d.CreatedAt ??= d.DueAt;
        db.Deliveries.Add(d);
        return d;
    }
}
