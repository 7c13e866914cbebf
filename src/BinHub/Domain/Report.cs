namespace BinHub.Domain;

public enum ReportCategory
{
    SuspiciousPerson = 0, SuspiciousVehicle = 1, Burglary = 2, Theft = 3, Vandalism = 4, Fraud = 5, Cybercrime = 6, MissingPerson = 7,
    Fire = 8, Other = 9,
}

public enum ReportSource { Web = 0, Sms = 1, OnBehalf = 2 }

public enum ReportState { New = 0, Claimed = 1, Decided = 2 }

public enum ReportDecision { NoAction = 0, ForwardedToDispatch = 1, PreventionLater = 2, Alarm = 3 }

/// <summary>High first in the police inbox.</summary>
public enum ReportUrgency { Normal = 0, High = 1 }

/// <summary>
/// Something a member (or a coordinator for a member who phoned, or a member by SMS) reports to the police of the BIN's zone.
/// Personal data (reporter, address, description): every officer's read is audited.
/// </summary>
public class Report
{
    public int Id { get; set; }
    /// <summary>What the reporter is told, e.g. R-2026-000123 (year of the report, then the id).</summary>
    public string Reference { get; set; } = "";
    public int BinId { get; set; }
    /// <summary>The reporting household; null for an unknown caller reported on behalf.</summary>
    public int? MemberId { get; set; }
    /// <summary>The account that submitted it (member, coordinator); null for an SMS.</summary>
    public string? ReportedByUserId { get; set; }
    public bool OnBehalf { get; set; }
    public ReportCategory Category { get; set; }
    public ReportUrgency Urgency { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string? Street { get; set; }
    public string? HouseNumber { get; set; }
    public double? Lat { get; set; }
    public double? Lon { get; set; }
    public string Text { get; set; } = "";
    public string? SuspectSex { get; set; }
    public string? SuspectApparentAge { get; set; }
    public string? SuspectHeight { get; set; }
    public string? SuspectBuild { get; set; }
    public string? SuspectSkinHair { get; set; }
    public string? SuspectClothing { get; set; }
    public string? SuspectMarks { get; set; }
    public string? VehicleMakeModel { get; set; }
    public string? VehicleColour { get; set; }
    public string? LicencePlate { get; set; }
    public string? Direction { get; set; }
    public ReportSource Source { get; set; }
    public ReportState State { get; set; }
    public string? ClaimedByUserId { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public ReportDecision? Decision { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionNote { get; set; }
    public int? IncidentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public Bin? Bin { get; set; }
    public Member? Member { get; set; }
    public Incident? Incident { get; set; }
    public List<ReportPhoto> Photos { get; set; } = [];
    public List<ReportNote> Notes { get; set; } = [];
    public List<ReportEvent> Events { get; set; } = [];

    public static ReportUrgency UrgencyOf(ReportCategory c) =>
        c is ReportCategory.Burglary or ReportCategory.MissingPerson or ReportCategory.Fire ? ReportUrgency.High : ReportUrgency.Normal;

    public static string ReferenceFor(int id, DateTimeOffset createdAt) => $"R-{createdAt.UtcDateTime.Year}-{id:000000}";

    public const int MaxText = 4000;
    public const int MaxShort = 100;
    public const int MaxStreet = 120;
    public const int MaxHouse = 12;
}

/// <summary>A photo as stored: re-encoded JPEG without any metadata (EXIF, GPS, XMP).</summary>
public class ReportPhoto
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public string ContentType { get; set; } = "image/jpeg";
    public byte[] Bytes { get; set; } = [];
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>Hex SHA-256 of the stored bytes.</summary>
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An officer's working note on a report.</summary>
public class ReportNote
{
    public int Id { get; set; }
    public int ReportId { get; set; }
    public required string UserId { get; set; }
    public string? UserName { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>The trail of a report: submitted, claimed, noted, linked to an incident, decided — who and when.</summary>
public class ReportEvent
{
    public long Id { get; set; }
    public int ReportId { get; set; }
    /// <summary>Submitted, Claimed, Noted, Linked, Decided.</summary>
    public required string Kind { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Details { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>One event in a zone that several reports may be about.</summary>
public class Incident
{
    public int Id { get; set; }
    public int ZoneNumber { get; set; }
    public required string Title { get; set; }
    /// <summary>Open incidents accept more reports; a decided alarm/feedback may close it later.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByUserId { get; set; }
}
