using System.Security.Cryptography;
using System.Text;
using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Verification;

/// <summary>
/// One-time secrets: a 6-digit code (SMS, voice) or a link token (e-mail). Only a hash is stored. A code lives
/// 10 minutes, allows 5 tries and is used once; after 5 wrong tries the address is locked for 15 minutes, and at
/// most 3 secrets are sent to one address per 15 minutes (so nobody can flood a phone through BinHub).
/// </summary>
public static class OneTimeCodes
{
    public const int MaxTries = 5;
    public const int MaxPerWindow = 3;
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public enum Refusal { None, TooMany, Locked }

    public enum Result { Ok, Wrong, Expired, Locked, Used }

    public sealed record Checked(Result Result, long CodeId, int MemberId, int TriesLeft);

    /// <summary>Whether a new secret may be sent to this address now.</summary>
    public static async Task<Refusal> MaySendAsync(BinHubDb db, string target, DateTimeOffset now, CancellationToken ct)
    {
        var since = now - Window;
        var recent = await db.VerificationCodes.Where(c => c.Target == target && c.CreatedAt > since).Select(c => c.Attempts).ToListAsync(ct);
        if (recent.Any(a => a >= MaxTries)) return Refusal.Locked;
        return recent.Count >= MaxPerWindow ? Refusal.TooMany : Refusal.None;
    }

    /// <summary>Adds a code row to the context (saved with the caller's change) and returns the secret to send.</summary>
    public static string Issue(BinHubDb db, Member member, CodePurpose purpose, OutboxChannel channel, string target, DateTimeOffset now)
    {
        if (member.Id == 0) throw new InvalidOperationException("Save the member before sending it a code.");
        var secret = channel == OutboxChannel.Email
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_')
            : RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000");
        db.VerificationCodes.Add(new VerificationCode
        {
            MemberId = member.Id, Purpose = purpose, Channel = channel, Target = target, SecretHash = channel == OutboxChannel.Email ? Hash("", secret) : Hash(target, secret), CreatedAt = now,
            ExpiresAt = now + (channel == OutboxChannel.Email ? LinkLifetime : CodeLifetime),
        });
        return secret;
    }

    /// <summary>Checks a typed code against the newest code sent to the address for this purpose; counts a wrong try.</summary>
    public static async Task<Checked> CheckCodeAsync(BinHubDb db, string target, CodePurpose purpose, string? typed, DateTimeOffset now, CancellationToken ct)
    {
        var code = await db.VerificationCodes.Where(c => c.Target == target && c.Purpose == purpose && c.Channel != OutboxChannel.Email)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (code is null) return new Checked(Result.Expired, 0, 0, 0);
        if (code.Attempts >= MaxTries) return new Checked(Result.Locked, code.Id, code.MemberId, 0);
        if (code.UsedAt is not null) return new Checked(Result.Used, code.Id, code.MemberId, 0);
        if (code.ExpiresAt <= now) return new Checked(Result.Expired, code.Id, code.MemberId, 0);
        var digits = new string((typed ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 6 && Matches(code, target, digits))
        {
            code.UsedAt = now;
            return new Checked(Result.Ok, code.Id, code.MemberId, MaxTries - code.Attempts);
        }
        code.Attempts++;
        await db.SaveChangesAsync(ct);
        return new Checked(code.Attempts >= MaxTries ? Result.Locked : Result.Wrong, code.Id, code.MemberId, MaxTries - code.Attempts);
    }

    /// <summary>
    /// Checks a link token: 192 random bits, so it is found by its hash alone. A used link is reported as such (a replay
    /// does nothing), and a link is only good for its purpose.
    /// </summary>
    public static async Task<Checked> CheckLinkAsync(BinHubDb db, string? secret, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 64) return new Checked(Result.Wrong, 0, 0, 0);
        var hash = Hash("", secret);
        var code = await db.VerificationCodes.FirstOrDefaultAsync(c => c.SecretHash == hash && c.Channel == OutboxChannel.Email, ct);
        if (code is null) return new Checked(Result.Wrong, 0, 0, 0);
        if (code.UsedAt is not null) return new Checked(Result.Used, code.Id, code.MemberId, 0);
        if (code.ExpiresAt <= now) return new Checked(Result.Expired, code.Id, code.MemberId, 0);
        code.UsedAt = now;
        return new Checked(Result.Ok, code.Id, code.MemberId, 0);
    }

    /// <summary>What to tell the person when a typed code is not accepted.</summary>
    public static string Explain(IStringLocalizer L, Result result, int triesLeft) => result switch
    {
        Result.Wrong => L["Code.Wrong", triesLeft],
        Result.Locked => L["Code.Locked"],
        _ => L["Code.Expired"],
    };

    /// <summary>What to tell the person when no new code may be sent now.</summary>
    public static string Explain(IStringLocalizer L, Refusal refusal) => L[refusal == Refusal.Locked ? "Code.Locked" : "Code.TooMany"];

    /// <summary>Records that the household proved it holds this number (code, sign-in code or SMS reply), in its history.</summary>
    public static void Proven(BinHubDb db, MemberPhone phone, DateTimeOffset now, string how)
    {
        phone.Verified = true;
        phone.VerifiedAt = now;
        Members.MemberHistory.Add(db, phone.MemberId, "Verified", now, details: how);
    }

    private static bool Matches(VerificationCode code, string target, string secret) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(code.SecretHash), Encoding.ASCII.GetBytes(Hash(target, secret)));

    // The address salts the hash, so one leaked table row does not reveal codes sent elsewhere.
    private static string Hash(string target, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{target}\n{secret}")));
}
