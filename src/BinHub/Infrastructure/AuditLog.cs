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

    /// <summary>
    /// Saves a new object and its audit line (which needs the object's generated id) in one transaction,
    /// so there is never an object without its audit line nor the other way round.
    /// </summary>
    public static async Task SaveNewAsync(BinHubDb db, TimeProvider clock, Actor actor, string action, string entityType,
        Func<string> id, string? details, CancellationToken ct, Action? once = null)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        once?.Invoke(); // what needs the new row's id, saved in the same transaction
        Add(db, clock, actor, action, entityType, id(), details);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Records the refusal and answers "not found" (out of scope and unknown look the same from outside).</summary>
    public static async Task<Features.Outcome<T>> NotFoundAsync<T>(BinHubDb db, TimeProvider clock, Actor actor, string action, string entityType,
        string? entityId, CancellationToken ct)
    {
        await DeniedAsync(db, clock, actor, action, entityType, entityId, ct);
        return new Features.Outcome<T>.NotFound();
    }

    /// <summary>An out-of-scope or unknown object was asked for: answered 404, recorded here.</summary>
    public static async Task DeniedAsync(BinHubDb db, TimeProvider clock, Actor actor, string action, string entityType, string? entityId,
        CancellationToken ct = default)
    {
        db.ChangeTracker.Clear();
        Add(db, clock, actor, action, entityType, entityId, "outside scope or unknown", "Denied");
        await db.SaveChangesAsync(ct);
    }
}
