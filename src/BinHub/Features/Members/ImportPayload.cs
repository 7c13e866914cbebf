using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace BinHub.Features.Members;

/// <summary>
/// Carries an uploaded CSV from the dry run to the confirmed import without storing it on the server: compressed,
/// encrypted and signed for this BIN and this coordinator, and valid for 30 minutes. The confirmed import is exactly
/// the file that was checked; a tampered, foreign or stale payload is refused. The clock is BinHub's, not the
/// protector's, so expiry follows <see cref="TimeProvider"/>.
/// </summary>
public sealed class ImportPayload(IDataProtectionProvider provider, TimeProvider clock)
{
    /// <summary>What the page accepts: comfortably above a BIN's paper list, well under the form's 4 MB field limit once wrapped.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(30);

    private IDataProtector For(int binId, string userId) => provider.CreateProtector("BinHub.MemberImport.v1", binId.ToString(), userId);

    public string Wrap(int binId, string userId, string csv)
    {
        using var buffer = new MemoryStream();
        buffer.Write(BitConverter.GetBytes(clock.GetUtcNow().UtcTicks));
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(Encoding.UTF8.GetBytes(csv));
        return WebEncoders.Base64UrlEncode(For(binId, userId).Protect(buffer.ToArray()));
    }

    /// <summary>The CSV, or null when the payload is not this coordinator's for this BIN, was altered, or is older than 30 minutes.</summary>
    public string? Unwrap(int binId, string userId, string? payload)
    {
        if (string.IsNullOrEmpty(payload) || payload.Length > MaxBytes * 2) return null;
        byte[] plain;
        try { plain = For(binId, userId).Unprotect(WebEncoders.Base64UrlDecode(payload)); }
        catch (Exception e) when (e is CryptographicException or FormatException) { return null; }
        var at = new DateTimeOffset(BitConverter.ToInt64(plain, 0), TimeSpan.Zero);
        var now = clock.GetUtcNow();
        if (at > now.AddMinutes(1) || now - at > ValidFor) return null;
        using var gz = new GZipStream(new MemoryStream(plain, 8, plain.Length - 8), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var chars = new char[ImportMembers.MaxChars + 1];
        var read = reader.ReadBlock(chars, 0, chars.Length);
        return new string(chars, 0, read);
    }
}
