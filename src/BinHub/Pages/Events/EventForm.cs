using BinHub.Domain;
using BinHub.Features.Events;
using BinHub.Infrastructure;

namespace BinHub.Pages.Events;

/// <summary>The publisher's form: times are typed as Brussels wall-clock times and stored as UTC.</summary>
public sealed class EventForm
{
    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public EventKind? Kind { get; set; } = EventKind.InformationEvening;
    public string? Title { get; set; }
    public string? Description { get; set; }
    public DateTime? Starts { get; set; }
    public DateTime? Ends { get; set; }
    public string? Place { get; set; }
    public string? PlaceNis { get; set; }
    public int? Capacity { get; set; }
    public List<string> Languages { get; set; } = [];
    public EventAudience? Audience { get; set; } = EventAudience.Bin;
    public int? BinId { get; set; }
    public string? MunicipalityNis { get; set; }
    public string? RegionCode { get; set; }

    public SaveEvent.Request ToRequest() => new(Kind, Title, Description, Utc(Starts), Utc(Ends), Place, PlaceNis, Capacity, Languages, Audience,
        BinId, MunicipalityNis, RegionCode);

    public static EventForm Of(EventView e) => new()
    {
        Kind = e.Kind, Title = e.Title, Description = e.Description, Starts = BrusselsTime.ToBrussels(e.StartsAt).DateTime,
        Ends = BrusselsTime.ToBrussels(e.EndsAt).DateTime, Place = e.Place, PlaceNis = e.PlaceNis, Capacity = e.Capacity, Languages = [.. e.Languages],
        Audience = e.Audience, BinId = e.BinId, MunicipalityNis = e.MunicipalityNis, RegionCode = e.RegionCode,
    };

    /// <summary>A wall-clock time that does not exist (the spring gap) is read as the hour after it.</summary>
    private static DateTimeOffset? Utc(DateTime? local)
    {
        if (local is not { } l) return null;
        var t = DateTime.SpecifyKind(l, DateTimeKind.Unspecified);
        if (Brussels.IsInvalidTime(t)) t = t.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(t, Brussels), TimeSpan.Zero);
    }
}
