namespace BinHub.Domain;

public enum EventKind { InformationEvening = 0, Training = 1, NationalBinDay = 2, Other = 3 }

public enum EventState { Published = 0, Cancelled = 1 }

/// <summary>Who an event is for: the members of one BIN, of a municipality's BINs, of a region's, or everyone.</summary>
public enum EventAudience { Bin = 0, Municipality = 1, Region = 2, National = 3 }

/// <summary>
/// A BIN event (information evening, training, national BIN day) published by the Kenniscentrum, a municipality or a
/// coordinator. Times are UTC; <see cref="Taken"/> counts the registered people and is only changed by conditional
/// updates (see <c>Features.Events.RegisterForEvent</c>), so the capacity holds when two members take the last seat at once.
/// </summary>
public class BinEvent
{
    public int Id { get; set; }
    public EventKind Kind { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Address of the venue, and its municipality.</summary>
    public required string Place { get; set; }
    public required string PlaceNis { get; set; }
    /// <summary>Null: no limit.</summary>
    public int? Capacity { get; set; }
    public int Taken { get; set; }
    /// <summary>The languages spoken at the event, space-separated ("nl fr").</summary>
    public string Languages { get; set; } = "nl";
    public EventAudience Audience { get; set; }
    public int? AudienceBinId { get; set; }
    public string? AudienceNis { get; set; }
    public string? AudienceRegion { get; set; }
    public EventState State { get; set; }
    /// <summary>Goes up with every change members are told about; part of the reminders' dedup keys (a moved event's reminders are planned anew).</summary>
    public int Version { get; set; } = 1;
    public required string CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public Municipality? PlaceMunicipality { get; set; }
}

public enum RegistrationState { Registered = 0, Cancelled = 1 }

/// <summary>A household registered for an event, with how many people come. One row per household and event (re-registering re-opens it).</summary>
public class EventRegistration
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public int MemberId { get; set; }
    public int People { get; set; }
    public RegistrationState State { get; set; }
    /// <summary>Goes up when a cancelled registration is opened again: its reminders are planned anew.</summary>
    public int Version { get; set; } = 1;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public BinEvent? Event { get; set; }
    public Member? Member { get; set; }
}
