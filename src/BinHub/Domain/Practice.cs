namespace BinHub.Domain;

public enum PracticeTheme { Burglary = 0, Fraud = 1, Cybercrime = 2, MissingPersons = 3, Fire = 4, SocialCohesion = 5, Recruitment = 6, Succession = 7 }

public enum PracticeState { Draft = 0, Submitted = 1, Published = 2, Rejected = 3 }

/// <summary>
/// A good practice shared between people in the field (issue 15, item 1). Proposed by the Kenniscentrum, an officer or a
/// coordinator; reviewed and published by the Kenniscentrum. <see cref="SearchText"/> is title, summary and body folded to
/// lower case without accents, kept by the slices that write the texts, so one LIKE serves SQLite and PostgreSQL alike.
/// </summary>
public class Practice
{
    public const int MaxTitle = 200, MaxSummary = 1000, MaxBody = 20_000, MaxReason = 1000;

    public int Id { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Body { get; set; } = "";
    public PracticeTheme Theme { get; set; }
    /// <summary>A <see cref="Region"/> code; null for a national practice.</summary>
    public string? RegionCode { get; set; }
    /// <summary>nl, fr, de or en: the language the practice is written in.</summary>
    public string Language { get; set; } = "nl";
    public int? BinId { get; set; }
    public string AuthorUserId { get; set; } = "";
    public string AuthorName { get; set; } = "";
    /// <summary>The author agreed that anonymous visitors may read the practice once published; when they agreed.</summary>
    public bool PublicConsent { get; set; }
    public DateTimeOffset? PublicConsentAt { get; set; }
    public PracticeState State { get; set; }
    public string? RejectionReason { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>Practices with the same group are translations of each other (at most one per language); null when alone.</summary>
    public int? TranslationGroup { get; set; }
    public string SearchText { get; set; } = "";
    public Bin? Bin { get; set; }
    public List<PracticeAttachment> Attachments { get; set; } = [];
}

/// <summary>A flyer (PDF) or image of a practice, checked by its content when uploaded.</summary>
public class PracticeAttachment
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public byte[] Bytes { get; set; } = [];
    public int Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A coordinator's "we use this" for one of their BINs.</summary>
public class PracticeUptake
{
    public int Id { get; set; }
    public int PracticeId { get; set; }
    public int BinId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public Bin? Bin { get; set; }
}
