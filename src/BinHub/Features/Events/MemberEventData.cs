using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Events;

/// <summary>A household's event registrations in its data export, and their removal when it is erased.</summary>
public static class MemberEventData
{
    public sealed record Registration(int EventId, string Title, DateTimeOffset StartsAt, string Place, int People, RegistrationState State,
        DateTimeOffset RegisteredAt, DateTimeOffset? CancelledAt);

    public static Task<List<Registration>> ExportAsync(BinHubDb db, int memberId, CancellationToken ct) =>
        db.EventRegistrations.AsNoTracking().Where(r => r.MemberId == memberId).OrderBy(r => r.Id)
            .Select(r => new Registration(r.EventId, r.Event!.Title, r.Event.StartsAt, r.Event.Place, r.People, r.State, r.CreatedAt, r.CancelledAt))
            .ToListAsync(ct);

    /// <summary>
    /// Deletes the household's registrations (in the caller's transaction), giving their seats back first; the reminders
    /// still waiting are withdrawn by the erasure with every other delivery to the household. Returns how many were deleted.
    /// </summary>
    public static async Task<int> EraseAsync(BinHubDb db, int memberId, CancellationToken ct)
    {
        var active = await db.EventRegistrations.Where(r => r.MemberId == memberId && r.State == RegistrationState.Registered)
            .Select(r => new { r.EventId, r.People }).ToListAsync(ct);
        foreach (var r in active)
            await db.BinEvents.Where(e => e.Id == r.EventId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Taken, e => e.Taken - r.People), ct);
        return await db.EventRegistrations.Where(r => r.MemberId == memberId).ExecuteDeleteAsync(ct);
    }
}
