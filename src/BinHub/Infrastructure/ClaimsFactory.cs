using System.Security.Claims;
using BinHub.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BinHub.Infrastructure;

/// <summary>Puts the user's scope (zone, municipality) and language into the cookie so requests need no lookup.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var id = await base.GenerateClaimsAsync(user);
        if (user.PoliceZoneNumber is { } zone) id.AddClaim(new Claim(Actor.ZoneClaim, zone.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.AcademyId is { } academy) id.AddClaim(new Claim(Actor.AcademyClaim, academy.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MunicipalityNis is { } nis) id.AddClaim(new Claim(Actor.MunicipalityClaim, nis));
        if (!string.IsNullOrEmpty(user.DisplayName)) id.AddClaim(new Claim("binhub:name", user.DisplayName));
        return id;
    }
}
