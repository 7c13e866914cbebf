using Microsoft.AspNetCore.Identity;

namespace BinHub.Domain;

public static class Roles
{
    public const string KenniscentrumAdmin = nameof(KenniscentrumAdmin);
    public const string PoliceOfficer = nameof(PoliceOfficer);
    public const string MunicipalityOfficial = nameof(MunicipalityOfficial);
    public const string Coordinator = nameof(Coordinator);
    public const string Member = nameof(Member);
    public const string Admin = nameof(Admin);
    /// <summary>A police school's staff: schedules BIN training sessions of their academy (scoped by AppUser.AcademyId).</summary>
    public const string PoliceAcademy = nameof(PoliceAcademy);

    public static readonly string[] All = [KenniscentrumAdmin, PoliceOfficer, MunicipalityOfficial, Coordinator, Member, Admin, PoliceAcademy];
    /// <summary>Roles that see personal data or act for the police/municipality: two factors are mandatory.</summary>
    public static readonly string[] RequireTwoFactor = [KenniscentrumAdmin, PoliceOfficer, MunicipalityOfficial, Coordinator, Admin, PoliceAcademy];
    public static readonly string[] Registry = [KenniscentrumAdmin, PoliceOfficer, MunicipalityOfficial, Coordinator];
}

public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>nl, fr, de or en; null means "follow the browser".</summary>
    public string? Language { get; set; }
    /// <summary>Scope of a PoliceOfficer.</summary>
    public int? PoliceZoneNumber { get; set; }
    /// <summary>Scope of a MunicipalityOfficial.</summary>
    public string? MunicipalityNis { get; set; }
    /// <summary>Scope of a PoliceAcademy user.</summary>
    public int? AcademyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A personal API token: only its SHA-256 is stored; the secret is shown once.</summary>
public class ApiToken
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public AppUser? User { get; set; }
}
