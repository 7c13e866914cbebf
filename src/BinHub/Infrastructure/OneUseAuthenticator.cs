using System.Security.Cryptography;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Infrastructure;

/// <summary>
/// The authenticator-app second factor (RFC 6238: SHA-1, 30 s, 6 digits, two steps of clock drift either way, as
/// Identity's own provider), with one addition: a code counts once. Identity's provider accepts the same code again
/// for its whole window, so a code read over a shoulder or from a phishing page signs in a second time. Here the last
/// accepted time step is stored per user and only a later step is accepted, advanced by one conditional statement so
/// that two requests racing with the same code cannot both win.
/// </summary>
public sealed class OneUseAuthenticator(BinHubDb db, TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "BinHubAuthenticator";
    // Kept in Identity's own token table beside the authenticator key ("[AspNetUserStore]", "AuthenticatorKey"), under a
    // provider name of ours. Only this class writes it, so Identity's UpdateAsync of the user row can never put an old
    // value back (a column on the user row would be overwritten by any stale copy of the user).
    private const string Provider = "[BinHub]";
    private const string StepName = "LastTotpStep";
    private const int Drift = 2;

    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) =>
        Task.FromResult(""); // the code comes from the user's app, never from us

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user) =>
        await manager.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key && await ValidateAsync(user.Id, key, token);

    /// <summary>
    /// Checks a code against <paramref name="base32Key"/> (the enrolled key, or one being enrolled) and uses it up.
    /// <paramref name="sameStepAsLast"/>: a code of a new key may share its time step with the old key's code that was
    /// just typed to ask for it (same half minute); it still uses the step up, so the new code cannot be replayed.
    /// </summary>
    public async Task<bool> ValidateAsync(string userId, string base32Key, string token, bool sameStepAsLast = false)
    {
        token = (token ?? "").Replace(" ", "").Replace("-", "");
        if (token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        var secret = Base32Decode(base32Key);
        if (secret.Length == 0) return false;
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        var given = System.Text.Encoding.ASCII.GetBytes(token);
        for (var step = now + Drift; step >= now - Drift; step--)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), given))
                return await ClaimStepAsync(userId, step, sameStepAsLast);
        }
        return false;
    }

    /// <summary>Records <paramref name="step"/> as used, unless it (or a later one) already was. True when this call won.</summary>
    private async Task<bool> ClaimStepAsync(string userId, long step, bool sameStepAsLast)
    {
        // Fixed width, so that comparing the stored text compares the numbers on both providers. The stored step must be
        // below the bound: below this step, or (same step allowed) below the next one.
        static string Text(long n) => n.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);
        var value = Text(step);
        var bound = Text(sameStepAsLast ? step + 1 : step);
        var changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({userId}, {Provider}, {StepName}, {value})
            ON CONFLICT ("UserId", "LoginProvider", "Name") DO UPDATE SET "Value" = excluded."Value"
            WHERE "AspNetUserTokens"."Value" < {bound}
            """);
        return changed == 1;
    }

    public static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var v = alphabet.IndexOf(c);
            if (v < 0) return [];
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) { bytes.Add((byte)(buffer >> (bits - 8))); bits -= 8; }
        }
        return [.. bytes];
    }
}
