namespace BinHub.Domain;

public enum BinType { Bin = 0, BinZ = 1 }

public enum BinStatus { Draft = 0, AwaitingSignatures = 1, Active = 2, Suspended = 3, Dissolved = 4 }

[Flags]
public enum Channels { None = 0, Sms = 1, Voice = 2, Email = 4, Web = 8 }

/// <summary>A BuurtInformatieNetwerk / Partenariat Local de Prévention.</summary>
public class Bin
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public BinType Type { get; set; }
    public required string MunicipalityNis { get; set; }
    /// <summary>Copied from the municipality when created so scoping by zone is a plain column filter.</summary>
    public int PoliceZoneNumber { get; set; }
    /// <summary>Streets of the area, one per line.</summary>
    public string AreaStreets { get; set; } = "";
    public string? AreaGeoJson { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    /// <summary>nl, fr or de: the language of the charter and of messages by default.</summary>
    public string Language { get; set; } = "nl";
    public Channels UrgentChannels { get; set; } = Channels.Sms | Channels.Email | Channels.Web;
    public Channels NonUrgentChannels { get; set; } = Channels.Email | Channels.Web;
    public bool CoordinatorsMaySendPrevention { get; set; } = true;
    public bool PreventionNeedsOfficerApproval { get; set; }
    public TimeOnly? QuietFrom { get; set; }
    public TimeOnly? QuietUntil { get; set; }
    /// <summary>Households entered by hand until members are registered on the platform.</summary>
    public int? EnteredHouseholds { get; set; }
    public DateOnly? StartDate { get; set; }
    public BinStatus Status { get; set; } = BinStatus.Draft;
    public string? RegistrationNumber { get; set; }
    public string? MandatedOfficerId { get; set; }
    /// <summary>New members are active without the coordinator's approval.</summary>
    public bool AutoApproveMembers { get; set; }
    /// <summary>Postcodes of the area, space-separated: how the public finder matches "1000" or "9000".</summary>
    public string Postcodes { get; set; } = "";
    /// <summary>Since when the BIN has no active coordinator (null while it has one); flagged after 30 days.</summary>
    public DateTimeOffset? CoordinatorVacantSince { get; set; }
    public DateTimeOffset? VacancyReminderSentAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public Municipality? Municipality { get; set; }
    public PoliceZone? PoliceZone { get; set; }
    public AppUser? MandatedOfficer { get; set; }
    public List<BinCoordinator> Coordinators { get; set; } = [];
    public List<BinStatusChange> StatusChanges { get; set; } = [];
    public List<Charter> Charters { get; set; } = [];
}

public class BinCoordinator
{
    public int Id { get; set; }
    public int BinId { get; set; }
    public required string UserId { get; set; }
    public bool IsPrimary { get; set; }
    /// <summary>Announced last day as coordinator; the BIN shows on the vacancy board from the announcement.</summary>
    public DateOnly? StopsOn { get; set; }
    public DateTimeOffset? StopAnnouncedAt { get; set; }
    public Bin? Bin { get; set; }
    public AppUser? User { get; set; }
}

/// <summary>One lifecycle transition, kept forever: the BIN's history and the source of year-end statistics.</summary>
public class BinStatusChange
{
    public long Id { get; set; }
    public int BinId { get; set; }
    public BinStatus? From { get; set; }
    public BinStatus To { get; set; }
    public string Reason { get; set; } = "";
    public string? ByUserId { get; set; }
    public string? ByName { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Hands out never-reused registration sequence numbers per police zone.</summary>
public class RegistrationCounter
{
    public int ZoneNumber { get; set; }
    public int LastValue { get; set; }
}
