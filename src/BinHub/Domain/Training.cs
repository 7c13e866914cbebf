namespace BinHub.Domain;

/// <summary>A police school that teaches the standard BIN course (issue 15, item 2).</summary>
public class Academy
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Region.Code of the geography (Flanders, Wallonia, Brussels).</summary>
    public required string RegionCode { get; set; }
    public required string Town { get; set; }
    /// <summary>The languages it teaches in, comma-separated codes ("nl", "fr,de").</summary>
    public required string Languages { get; set; }
}

public enum CurriculumState { Draft, Current, Retired }

/// <summary>One version of the standard curriculum. Only a draft is edited; exactly one version is current.</summary>
public class CurriculumVersion
{
    public int Id { get; set; }
    public required string Label { get; set; }
    public CurriculumState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CurrentSince { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public List<CurriculumModule> Modules { get; set; } = [];
}

public class CurriculumModule
{
    public int Id { get; set; }
    public int VersionId { get; set; }
    public int Position { get; set; }
    /// <summary>The language of this module's text (one text per module; a version may hold the same module in several languages).</summary>
    public required string Language { get; set; }
    public required string Title { get; set; }
    public required string LearningOutcomes { get; set; }
    public int Hours { get; set; }
}

public class TrainingSession
{
    public int Id { get; set; }
    public int AcademyId { get; set; }
    public Academy? Academy { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public required string Place { get; set; }
    public required string Trainer { get; set; }
    public required string Language { get; set; }
    /// <summary>The version that was current when the session was scheduled: what the participants are taught.</summary>
    public int CurriculumVersionId { get; set; }
    public CurriculumVersion? CurriculumVersion { get; set; }
    public int Capacity { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<TrainingParticipant> Participants { get; set; } = [];
}

/// <summary>Volunteer: an accepted volunteer of the programme, registered by the publisher of the call.</summary>
public enum ParticipantCategory { AspiringOfficer, MandatedOfficer, Coordinator, Volunteer }
public enum Attendance { Unrecorded, Present, Absent }
public enum TrainingResult { NotAssessed, Passed, Failed }

/// <summary>Someone in a session: a user of BinHub (officer, coordinator) or a named outside person (an aspiring officer).</summary>
public class TrainingParticipant
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public TrainingSession? Session { get; set; }
    public ParticipantCategory Category { get; set; }
    public string? UserId { get; set; }
    public required string Name { get; set; }
    public string? Email { get; set; }
    public int? PoliceZoneNumber { get; set; }
    public Attendance Attendance { get; set; }
    public TrainingResult Result { get; set; }
    public DateTimeOffset AddedAt { get; set; }
    public List<TrainingCertificate> Certificates { get; set; } = [];
}

/// <summary>Issued to a participant who passed; anyone can check its code. Revoked with a reason, never deleted.</summary>
public class TrainingCertificate
{
    public int Id { get; set; }
    public int ParticipantId { get; set; }
    public TrainingParticipant? Participant { get; set; }
    public required string Code { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string IssuedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? RevokedBy { get; set; }
}
