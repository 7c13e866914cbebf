using BinHub.Data;
using BinHub.Domain;

namespace BinHub.Infrastructure;

/// <summary>
/// Writes audit entries. Changes are audited in the same SaveChanges as the change itself, so an audit
/// line exists exactly when the change does; refusals are written on their own (nothing else is saved).
/// </summary>
public static class AuditLog
{
    public static void Add(BinHubDb db, TimeProvider clock, Actor actor, string action, string entityType, string? entityId,
        string? details = null, string outcome = "Ok") =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is { Length: > 2000 } ? details[..2000] : details,
            IpAddress = actor.IpAddress,
            Outcome = outcome,
        });

    /// <summary>An out-of-scope or unknown object was asked for: answered 404, recorded here.</summary>
    public static async Task DeniedAsync(BinHubDb db, TimeProvider clock, Actor actor, string action, string entityType, string? entityId,
        CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        Add(db, clock, actor, action, entityType, entityId, "outside scope or unknown", "Denied");
        await db.SaveChangesAsync(ct);
    }
}
