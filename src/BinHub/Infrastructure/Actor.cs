using System.Security.Claims;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Infrastructure;

/// <summary>
/// Who is acting and what they may see. Loaded once per request from the user's claims and their
/// coordinator rows; every registry query goes through <see cref="VisibleBins"/>.
/// </summary>
public sealed record Actor(
    string UserId,
    string UserName,
    IReadOnlySet<string> Roles,
    int? ZoneNumber,
    string? MunicipalityNis,
    IReadOnlyList<int> CoordinatedBinIds,
    string? IpAddress)
{
    public const string ZoneClaim = "binhub:zone";
    public const string MunicipalityClaim = "binhub:municipality";
    public const string AcademyClaim = "binhub:academy";

    /// <summary>Scope of a PoliceAcademy user: the one academy whose training sessions they run.</summary>
    public int? AcademyId { get; init; }
    public bool IsAcademy => Is(BinHub.Domain.Roles.PoliceAcademy) && AcademyId is not null;

    public bool Is(string role) => Roles.Contains(role);
    public bool IsNational => Is(BinHub.Domain.Roles.KenniscentrumAdmin);
    public bool IsOfficer => Is(BinHub.Domain.Roles.PoliceOfficer) && ZoneNumber is not null;
    public bool IsMunicipality => Is(BinHub.Domain.Roles.MunicipalityOfficial) && MunicipalityNis is not null;
    public bool IsCoordinator => Is(BinHub.Domain.Roles.Coordinator);

    /// <summary>The BINs inside this actor's scope. Anything else is reported as "not found".</summary>
    public IQueryable<Bin> VisibleBins(IQueryable<Bin> bins)
    {
        if (IsNational) return bins;
        var zone = IsOfficer ? ZoneNumber : null;
        var muni = IsMunicipality ? MunicipalityNis : null;
        var coordinated = IsCoordinator ? CoordinatedBinIds.ToArray() : [];
        return bins.Where(b =>
            (zone != null && b.PoliceZoneNumber == zone) ||
            (muni != null && (b.MunicipalityNis == muni || b.Municipality!.MergedIntoNis == muni)) ||
            coordinated.Contains(b.Id));
    }

    public bool CanSeeRegistry => IsNational || IsOfficer || IsMunicipality || IsCoordinator;

    public static async Task<Actor?> LoadAsync(ClaimsPrincipal principal, BinHubDb db, string? ip, CancellationToken ct = default)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        int? zone = int.TryParse(principal.FindFirstValue(ZoneClaim), out var z) ? z : null;
        var muni = principal.FindFirstValue(MunicipalityClaim);
        var coordinated = roles.Contains(BinHub.Domain.Roles.Coordinator)
            ? await db.BinCoordinators.Where(c => c.UserId == id).Select(c => c.BinId).ToListAsync(ct)
            : [];
        var name = principal.FindFirstValue("binhub:name") ?? principal.Identity?.Name ?? id;
        int? academy = int.TryParse(principal.FindFirstValue(AcademyClaim), out var a) ? a : null;
        return new Actor(id, name, roles, zone, muni, coordinated, ip) { AcademyId = academy };
    }

    /// <summary>Someone not signed in (sign-in attempts, public pages), known only by their address.</summary>
    public static Actor Anonymous(string? ip) => new("anonymous", "anonymous", new HashSet<string>(), null, null, [], ip);

    /// <summary>For the CLI and background work: acts with the system's authority, still audited.</summary>
    public static Actor System(string what) =>
        new("system", what, new HashSet<string> { BinHub.Domain.Roles.KenniscentrumAdmin }, null, null, [], null);
}
