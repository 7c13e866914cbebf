using System.Text;

namespace BinHub.Features.Members;

/// <summary>
/// Which encoding an uploaded CSV is in. Coordinators save their paper lists from Excel, which writes Windows-1252 on a
/// Belgian PC: read as UTF-8 that became mojibake ("D�sir�e") stored for good. A byte-order mark decides; else bytes that
/// are valid UTF-8 are UTF-8 (text in another encoding practically never is, once it has an accent); else Windows-1252
/// (which covers Latin-1). A file that is neither (NUL bytes of a UTF-16 file without a mark, bytes 1252 leaves undefined)
/// is refused rather than guessed.
/// </summary>
public static class CsvEncoding
{
    public sealed record Decoded(string Text, string Encoding);

    /// <summary>Part of the shared framework; asked directly so the process-wide encoding registry stays as it is.</summary>
    private static readonly Encoding Windows1252 =
        CodePagesEncodingProvider.Instance.GetEncoding(1252, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)!;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>The text without its byte-order mark and the encoding's name, or null when the encoding cannot be told.</summary>
    public static Decoded? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith<byte>([0xEF, 0xBB, 0xBF])) return Try(StrictUtf8, bytes[3..], "UTF-8");
        if (bytes.StartsWith<byte>([0xFF, 0xFE])) return Try(new UnicodeEncoding(false, false, true), bytes[2..], "UTF-16");
        if (bytes.StartsWith<byte>([0xFE, 0xFF])) return Try(new UnicodeEncoding(true, false, true), bytes[2..], "UTF-16");
        // No CSV a person saves holds NUL: it is UTF-16 without a mark, or not text at all.
        if (bytes.Contains((byte)0)) return null;
        return Try(StrictUtf8, bytes, "UTF-8") ?? Try(Windows1252, bytes, "Windows-1252");
    }

    private static Decoded? Try(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        try { return new Decoded(encoding.GetString(bytes), name); }
        catch (DecoderFallbackException) { return null; }
    }

    /// <summary>The stream's bytes, at most <paramref name="max"/> + 1 of them: one more than allowed is enough to refuse the file.</summary>
    public static async Task<byte[]> ReadAsync(Stream stream, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length <= max && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max + 1 - buffer.Length)), ct)) > 0)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }
}
