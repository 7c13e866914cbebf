namespace BinHub.Domain;

public enum MemberState { Pending = 0, Active = 1, Refused = 2, Left = 3 }

/// <summary>A household (or, in a BIN-Z, a business) that receives the BIN's messages.</summary>
public class Member
{
    public int Id { get; set; }
    public int BinId { get; set; }
    public required string Name { get; set; }
    public string? CompanyName { get; set; }
    public required string Street { get; set; }
    public required string HouseNumber { get; set; }
    public string? Email { get; set; }
    /// <summary>nl, fr, de or en: every message to this member is in this language.</summary>
    public string Language { get; set; } = "nl";
    public MemberState State { get; set; }
    /// <summary>Version of the BIN's privacy notice the member agreed to, and how (on paper or online).</summary>
    public required string ConsentVersion { get; set; }
    public DateTimeOffset ConsentAt { get; set; }
    public bool ConsentOnPaper { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<MemberPhone> Phones { get; set; } = [];
    public Bin? Bin { get; set; }
}

public class MemberPhone
{
    public int Id { get; set; }
    public int MemberId { get; set; }
    /// <summary>E.164, e.g. +32470123456.</summary>
    public required string Number { get; set; }
    public bool IsMobile { get; set; }
    public bool Verified { get; set; }
    /// <summary>Set by an SMS "STOP" from this number; cleared by "START".</summary>
    public DateTimeOffset? SmsOptOutAt { get; set; }
    public Member? Member { get; set; }
}
