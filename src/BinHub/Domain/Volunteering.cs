namespace BinHub.Domain;

/// <summary>The roles of the volunteer programme (labels: Volunteering.Role.* in strings.tsv).</summary>
public enum VolunteerRole { Cpa = 0, CoordinatorDeputy = 1, EventHelper = 2, Translator = 3, Other = 4 }

public enum ApplicationState { Open = 0, Accepted = 1, Declined = 2, Withdrawn = 3 }

/// <summary>
/// A call for volunteers, published by the Kenniscentrum (a region, a municipality or all of Belgium) or by a municipality
/// (its own municipality only). It is open until the end of <see cref="OpenUntil"/> (Brussels calendar day).
/// </summary>
public class VolunteerCall
{
    public int Id { get; set; }
    public VolunteerRole Role { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    /// <summary>The area: a region, or a municipality; neither means all of Belgium (Kenniscentrum only).</summary>
    public string? RegionCode { get; set; }
    public string? MunicipalityNis { get; set; }
    public int HoursPerMonth { get; set; }
    /// <summary>A note on the training asked, in words (optional; the training itself is <see cref="TrainingSessionId"/>).</summary>
    public string? Training { get; set; }
    /// <summary>The session of the training registry an accepted volunteer is registered for; null: no training required.</summary>
    public int? TrainingSessionId { get; set; }
    public DateOnly OpenUntil { get; set; }
    public required string PublishedByUserId { get; set; }
    public required string PublishedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>How many households were told (web inbox and/or e-mail) when it was published.</summary>
    public int Notified { get; set; }
}

/// <summary>A household's application to a call; the motivation and the publisher's answer are personal data.</summary>
public class VolunteerApplication
{
    public int Id { get; set; }
    public int CallId { get; set; }
    public int MemberId { get; set; }
    public string? Motivation { get; set; }
    public ApplicationState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? Answer { get; set; }
    public VolunteerCall? Call { get; set; }
    public Member? Member { get; set; }
}

/// <summary>
/// The volunteer status a household gets when its application is accepted: role, start, municipality (of its BIN, with the
/// region kept for the counts per region), the training needed; ended with a date and a reason.
/// </summary>
public class VolunteerStatus
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    public int? ApplicationId { get; set; }
    public VolunteerRole Role { get; set; }
    public required string MunicipalityNis { get; set; }
    public required string RegionCode { get; set; }
    public string? Training { get; set; }
    /// <summary>Whether the call required training; its state is read from the registry (see Features/Volunteering/VolunteerTraining.cs).</summary>
    public bool TrainingRequired { get; set; }
    /// <summary>The registry's participant row made at acceptance; null while the training is to be planned.</summary>
    public int? TrainingParticipantId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
    public string? EndedBy { get; set; }
    public Member? Member { get; set; }
}
