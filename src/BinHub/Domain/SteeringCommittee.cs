namespace BinHub.Domain;

/// <summary>
/// One period a BIN in service had no coordinator. <see cref="Bin.CoordinatorVacantSince"/> only knows the current one;
/// these rows keep every vacancy so the steering committee's report can say how long they stayed open.
/// </summary>
public class BinVacancy
{
    public int Id { get; set; }
    public int BinId { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? FilledAt { get; set; }
}

/// <summary>The yearly meeting of the federal steering committee (begeleidingscomité / comité d'accompagnement).</summary>
public class SteeringMeeting
{
    public int Id { get; set; }
    public int Year { get; set; }
    public DateOnly HeldOn { get; set; }
    public string Place { get; set; } = "";
    /// <summary>Agenda items, one per line, in their order.</summary>
    public string Agenda { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<SteeringAttendee> Attendees { get; set; } = [];
    public List<SteeringDecision> Decisions { get; set; } = [];
    public List<SteeringDocument> Documents { get; set; } = [];

    public const int MaxPlace = 200, MaxAgenda = 4000, MaxName = 200, MaxText = 2000;

    public IEnumerable<string> AgendaItems => Agenda.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Someone at the meeting: personal data, read by the Kenniscentrum only (audited) and erasable.</summary>
public class SteeringAttendee
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public string Name { get; set; } = "";
    public string Organisation { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>Set when the Kenniscentrum erased the attendee: the row stays (the count), without identity.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}

public class SteeringDecision
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public string Text { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly? DueOn { get; set; }
}

/// <summary>A document attached to a meeting (minutes, slides as PDF), checked by its content before it is stored.</summary>
public class SteeringDocument
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
}
