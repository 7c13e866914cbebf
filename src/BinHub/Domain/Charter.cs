namespace BinHub.Domain;

public enum CharterParty { Bin = 0, Police = 1, Municipality = 2 }

public enum CharterState { None, AwaitingApprovals, Valid, ExpiringSoon, Lapsed }

/// <summary>The agreement signed by BIN, police and municipality; a new version replaces the old on renewal.</summary>
public class Charter
{
    public int Id { get; set; }
    public int BinId { get; set; }
    public int Version { get; set; }
    public string TemplateVersion { get; set; } = CharterTemplate.CurrentVersion;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FullyApprovedAt { get; set; }
    public DateTimeOffset? ValidUntil { get; set; }
    public int ValidityMonths { get; set; } = 36;
    public List<CharterApproval> Approvals { get; set; } = [];
    public Bin? Bin { get; set; }

    public CharterState StateAt(DateTimeOffset now)
    {
        if (FullyApprovedAt is null) return CharterState.AwaitingApprovals;
        if (ValidUntil <= now) return CharterState.Lapsed;
        if (ValidUntil <= now.AddDays(60)) return CharterState.ExpiringSoon;
        return CharterState.Valid;
    }
}

public class CharterApproval
{
    public int Id { get; set; }
    public int CharterId { get; set; }
    public CharterParty Party { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset At { get; set; }
}

public static class CharterTemplate
{
    public const string CurrentVersion = "2024-1";
}
