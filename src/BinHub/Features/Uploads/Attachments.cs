using System.Security.Cryptography;
using System.Text;
using BinHub.Features.Reports;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Uploads;

/// <summary>
/// The one gate for files people attach to shared content (a practice's flyer, the steering committee's minutes): only
/// PDF documents and JPEG/PNG/WebP images, decided by their bytes, never by the name or the browser's content type.
/// Images are decoded and encoded again exactly as report photos are (<see cref="ReportPhotos.SanitizeAsync"/>), so no
/// metadata survives. A PDF cannot be re-encoded without a PDF engine, so it is kept as sent but refused when it carries
/// active content (scripts, launch actions, embedded files): these documents are downloaded by officers and volunteers
/// who trust them because BinHub published them. The check reads the document's own names, including #-escaped ones;
/// names hidden inside compressed object streams are not seen, which is why downloads are also served as attachments
/// with nosniff (the features' download endpoints).
/// </summary>
public static class Attachments
{
    public const int MaxPdfBytes = 10 * 1024 * 1024;
    /// <summary>Images keep the report photos' limits: they go through the same decoder.</summary>
    public const int MaxImageBytes = ReportPhotos.MaxBytes;
    public const int MaxFileName = 100;

    public sealed record Upload(string? FileName, byte[] Bytes, bool TooLarge = false);

    /// <summary>A file fit to store: its safe name (extension from its content), content type, bytes and SHA-256.</summary>
    public sealed record Checked(string FileName, string ContentType, byte[] Bytes, string Sha256);

    /// <summary>The file to store, or the reason it is refused, in the caller's language.</summary>
    public sealed record Result(Checked? File, string? Error);

    /// <summary>Reads at most the largest allowed size + 1 byte, so an oversized upload is recognised without holding all of it.</summary>
    public static async Task<Upload> ReadAsync(Stream stream, string? fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxPdfBytes) return new Upload(fileName, [], TooLarge: true);
        }
        return new Upload(fileName, buffer.ToArray());
    }

    public static async Task<Result> CheckAsync(Upload upload, IStringLocalizer L, DateTimeOffset now, CancellationToken ct)
    {
        var shown = SafeName(upload.FileName, Path.GetExtension(upload.FileName ?? "").ToLowerInvariant());
        if (upload.TooLarge) return new(null, L["Upload.TooLarge", shown, MaxPdfBytes / (1024 * 1024)]);
        if (upload.Bytes.Length == 0) return new(null, L["Upload.Empty", shown]);
        if (IsPdf(upload.Bytes))
        {
            if (upload.Bytes.Length > MaxPdfBytes) return new(null, L["Upload.TooLarge", shown, MaxPdfBytes / (1024 * 1024)]);
            if (!HasEnd(upload.Bytes)) return new(null, L["Upload.PdfBroken", shown]);
            if (ActiveContent(upload.Bytes) is { } name) return new(null, L["Upload.PdfActiveContent", shown, name]);
            return new(new Checked(SafeName(upload.FileName, ".pdf"), "application/pdf", upload.Bytes, Sha(upload.Bytes)), null);
        }
        if (ReportPhotos.Sniff(upload.Bytes) == ReportPhotos.Kind.Unknown) return new(null, L["Upload.NotAllowed", shown]);
        if (upload.Bytes.Length > MaxImageBytes) return new(null, L["Upload.TooLarge", shown, MaxImageBytes / (1024 * 1024)]);
        var image = await ReportPhotos.SanitizeAsync(new ReportPhotos.Upload(upload.FileName, upload.Bytes), now, ct);
        if (image.Photo is null)
            return new(null, image.ErrorKey == "Report.Photo.TooManyPixels"
                ? L["Upload.TooManyPixels", shown, ReportPhotos.MaxPixels / 1_000_000, image.DeclaredPixels / 1_000_000]
                : L["Upload.NotAllowed", shown]);
        return new(new Checked(SafeName(upload.FileName, ".jpg"), image.Photo.ContentType, image.Photo.Bytes, image.Photo.Sha256), null);
    }

    /// <summary>A PDF starts with its header; readers accept it anywhere in the first KB, but a file that needs that leniency is not one we publish.</summary>
    public static bool IsPdf(ReadOnlySpan<byte> b) => b.Length >= 8 && b[..5].SequenceEqual("%PDF-"u8) && b[5] is (byte)'1' or (byte)'2';

    /// <summary>A complete PDF ends with %%EOF (after the last incremental update); a cut-off upload does not.</summary>
    private static bool HasEnd(byte[] b) => b.AsSpan(Math.Max(0, b.Length - 1024)).IndexOf("%%EOF"u8) >= 0;

    /// <summary>PDF names that run something or carry other files when the document is opened.</summary>
    private static readonly string[] Active = ["JavaScript", "JS", "Launch", "EmbeddedFile", "EmbeddedFiles", "RichMedia", "XFA", "SubmitForm", "ImportData"];

    /// <summary>The first active-content name in the document, reading names as a PDF reader does (/J#61vaScript is /JavaScript).</summary>
    public static string? ActiveContent(byte[] b)
    {
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i] != (byte)'/') continue;
            var name = new StringBuilder();
            var j = i + 1;
            for (; j < b.Length && name.Length < 32; j++)
            {
                var c = b[j];
                if (c is (byte)'#' && j + 2 < b.Length && IsHex(b[j + 1]) && IsHex(b[j + 2]))
                {
                    name.Append((char)Convert.ToByte(Encoding.ASCII.GetString(b, j + 1, 2), 16));
                    j += 2;
                }
                else if (c <= 32 || c is (byte)'/' or (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'%') break;
                else name.Append((char)c);
            }
            var found = name.ToString();
            if (Active.Contains(found, StringComparer.Ordinal)) return found;
            i = j - 1;
        }
        return null;
    }

    private static bool IsHex(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    /// <summary>
    /// The name to store and to offer on download: no folders, no control or quoting characters (it ends up in a
    /// Content-Disposition header), at most <see cref="MaxFileName"/> characters, and the extension of what it really is.
    /// </summary>
    public static string SafeName(string? fileName, string extension)
    {
        var name = Path.GetFileNameWithoutExtension((fileName ?? "").Replace('\\', '/').Split('/')[^1]);
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '\'' or ';' or '<' or '>' or '*' or '?' or ':' or '|')).ToArray()).Trim(' ', '.');
        if (name.Length == 0) name = "file";
        if (name.Length > MaxFileName - extension.Length) name = name[..(MaxFileName - extension.Length)];
        return name + extension;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();
}
