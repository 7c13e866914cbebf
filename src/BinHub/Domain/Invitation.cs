namespace BinHub.Domain;

/// <summary>
/// An officer or the Kenniscentrum invites someone by e-mail to become Coordinator of a BIN or MunicipalityOfficial of a
/// municipality. Only the hash of the one-time token is kept; the link works once, until <see cref="ExpiresAt"/>.
/// </summary>
public class Invitation
{
    public int Id { get; set; }
    public required string Email { get; set; }
    /// <summary><see cref="Roles.Coordinator"/> or <see cref="Roles.MunicipalityOfficial"/>.</summary>
    public required string Role { get; set; }
    public int? BinId { get; set; }
    public string? MunicipalityNis { get; set; }
    /// <summary>The police zone the scope lies in: who sees the invitation in the pending list (its officers).</summary>
    public int ZoneNumber { get; set; }
    /// <summary>The invitee's language (the e-mail and the acceptance page).</summary>
    public string Language { get; set; } = "nl";
    public required string TokenHash { get; set; }
    public string? InvitedByUserId { get; set; }
    public string InvitedByName { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptedUserId { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public Bin? Bin { get; set; }
}
