using BinHub.Domain;

namespace BinHub.Features.Events;

/// <summary>An event as publishers and the API see it (no personal data). Times are UTC.</summary>
public sealed record EventView(int Id, EventKind Kind, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Place,
    string PlaceNis, int? Capacity, int Taken, IReadOnlyList<string> Languages, EventAudience Audience, int? BinId, string? MunicipalityNis,
    string? RegionCode, EventState State, string CreatedByName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CancelledAt)
{
    public int? SeatsLeft => Capacity is { } c ? Math.Max(0, c - Taken) : null;

    public static EventView Of(BinEvent e) => new(e.Id, e.Kind, e.Title, e.Description, e.StartsAt, e.EndsAt, e.Place, e.PlaceNis, e.Capacity, e.Taken,
        e.Languages.Split(' ', StringSplitOptions.RemoveEmptyEntries), e.Audience, e.AudienceBinId, e.AudienceNis, e.AudienceRegion, e.State,
        e.CreatedByName, e.CreatedAt, e.UpdatedAt, e.CancelledAt);
}
