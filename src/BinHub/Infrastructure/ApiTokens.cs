using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BinHub.Infrastructure;

/// <summary>
/// Authenticates <c>Authorization: Bearer binhub_…</c> with a personal API token. Only a hash is stored;
/// the token acts with its owner's current roles and scope, so revoking or demoting the owner takes effect at once.
/// </summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    BinHubDb db, IUserClaimsPrincipalFactory<AppUser> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        string secret;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) secret = header["Bearer ".Length..].Trim();
        else if (LiveRegistration.HubQueryToken(Request) is { } queryToken) secret = queryToken;
        else return AuthenticateResult.NoResult();
        if (secret.Length is < 10 or > 200) return AuthenticateResult.Fail("Malformed token.");
        var hash = TokenSecrets.Hash(secret);
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null);
        if (token?.User is null) return AuthenticateResult.Fail("Unknown or revoked token.");
        if (token.User.LockoutEnd > clock.GetUtcNow()) return AuthenticateResult.Fail("Account locked.");
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            token.LastUsedAt = now; // throttled so a busy script does not write on every call
            await db.SaveChangesAsync();
        }
        var principal = await principals.CreateAsync(token.User);
        // A token inherits its owner's two-factor requirement: a staff account that has not enrolled a second factor
        // (a token made before enrolment, by the CLI, or before the account was promoted to a staff role) cannot use one.
        if (!token.User.TwoFactorEnabled && TwoFactorGate.RequiresSecondFactor(principal.FindAll(ClaimTypes.Role).Select(c => c.Value)))
            return AuthenticateResult.Fail("Two-factor authentication is not enrolled for this account.");
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim("amr", "token"));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, SchemeName)), SchemeName));
    }
}

public static class TokenSecrets
{
    public const string Prefix = "binhub_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
