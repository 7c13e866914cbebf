using System.Security.Cryptography;
using BinHub.Domain;
using SkiaSharp;

namespace BinHub.Features.Reports;

/// <summary>
/// Photos attached to a report. The type is decided by the bytes (JPEG, PNG or WebP magic numbers), never by the file
/// name or the browser's content type. Accepted images are decoded and encoded again as JPEG: the new file carries
/// pixels only, so EXIF (with GPS position, camera serial number, time), XMP and any other metadata are gone.
/// </summary>
public static class ReportPhotos
{
    public const int MaxPhotos = 3;
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxSide = 2560;
    public const int Quality = 85;

    /// <summary>A file as the browser or script sent it.</summary>
    public sealed record Upload(string? FileName, byte[] Bytes, bool TooLarge = false);

    public enum Kind { Unknown, Jpeg, Png, WebP }

    public static Kind Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return Kind.Jpeg;
        if (b.Length >= 8 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return Kind.Png;
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return Kind.WebP;
        return Kind.Unknown;
    }

    /// <summary>Reads at most <see cref="MaxBytes"/> + 1 bytes, so an oversized upload is recognised without holding all of it.</summary>
    public static async Task<Upload> ReadAsync(Stream stream, string? fileName, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) return new Upload(fileName, [], TooLarge: true);
        }
        return new Upload(fileName, buffer.ToArray());
    }

    /// <summary>The stored photo, or null with the reason key when the upload is refused.</summary>
    public static (ReportPhoto? Photo, string? ErrorKey) Sanitize(Upload upload, DateTimeOffset now)
    {
        if (upload.TooLarge || upload.Bytes.Length > MaxBytes) return (null, "Report.Photo.TooLarge");
        if (upload.Bytes.Length == 0 || Sniff(upload.Bytes) == Kind.Unknown) return (null, "Report.Photo.NotAnImage");
        using var original = SKBitmap.Decode(upload.Bytes);
        if (original is null || original.Width <= 0 || original.Height <= 0) return (null, "Report.Photo.NotAnImage");
        // A phone stores a portrait photo sideways with an orientation tag. The tag goes with the rest of the metadata,
        // so the rotation it asks for is applied to the pixels first: the police see the photo the right way up.
        var origin = Origin(upload.Bytes);
        var quarterTurn = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w0, h0) = quarterTurn ? (original.Height, original.Width) : (original.Width, original.Height);
        var scale = Math.Min(1.0, (double)MaxSide / Math.Max(w0, h0));
        var width = Math.Max(1, (int)Math.Round(w0 * scale));
        var height = Math.Max(1, (int)Math.Round(h0 * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White); // transparent PNG/WebP areas become white, as JPEG has no alpha
        canvas.SetMatrix(Orientation(origin, width, height));
        var (sw, sh) = quarterTurn ? (height, width) : (width, height);
        using (var image = SKImage.FromBitmap(original))
            canvas.DrawImage(image, new SKRect(0, 0, sw, sh), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, Quality);
        var bytes = data.ToArray();
        return (new ReportPhoto
        {
            ContentType = "image/jpeg", Bytes = bytes, Width = width, Height = height,
            Sha256 = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), CreatedAt = now,
        }, null);
    }

    private static SKEncodedOrigin Origin(byte[] bytes)
    {
        using var stream = new SKMemoryStream(bytes);
        using var codec = SKCodec.Create(stream);
        return codec?.EncodedOrigin ?? SKEncodedOrigin.TopLeft;
    }

    /// <summary>The transform that draws the stored pixels upright into a <paramref name="w"/> × <paramref name="h"/> picture (EXIF orientations 1–8).</summary>
    public static SKMatrix Orientation(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
