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
    public static async Task<Upload> ReadAsync(Stream stream, string? fileName, CancellationToken ct) =>
        await Uploads.Attachments.ReadAtMostAsync(stream, MaxBytes, ct) is { } bytes ? new Upload(fileName, bytes) : new Upload(fileName, [], TooLarge: true);

    /// <summary>
    /// The largest picture decoded, by what its header declares: 40 megapixels is 160 MB of pixels, more than any phone
    /// photo under <see cref="MaxBytes"/> needs. A few hundred bytes of PNG can declare 20,000 × 20,000 (1.6 GB decoded).
    /// </summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>
    /// Decoding is the one step whose memory grows with the picture (up to <see cref="MaxPixels"/> × 4 bytes); only this
    /// many run at once, so a burst of large uploads queues instead of exhausting the process.
    /// </summary>
    private static readonly SemaphoreSlim Decoders = new(Math.Max(1, Environment.ProcessorCount));

    /// <summary>What became of an upload: the photo to store, or the reason key (with the pixel count the header declared).</summary>
    public sealed record Sanitized(ReportPhoto? Photo, string? ErrorKey, long DeclaredPixels = 0);

    /// <summary>
    /// The stored photo, or the reason it is refused. Everything that can be learned from the header (type, codec,
    /// dimensions) is checked before any pixel is decoded; a body that does not decode completely is not an image.
    /// </summary>
    public static async Task<Sanitized> SanitizeAsync(Upload upload, DateTimeOffset now, CancellationToken ct)
    {
        if (upload.TooLarge || upload.Bytes.Length > MaxBytes) return new(null, "Report.Photo.TooLarge");
        if (upload.Bytes.Length == 0 || Sniff(upload.Bytes) == Kind.Unknown) return new(null, "Report.Photo.NotAnImage");
        using var data = SKData.CreateCopy(upload.Bytes);
        // The right magic number in front of an HTML page or random bytes: no codec will take it.
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0) return new(null, "Report.Photo.NotAnImage");
        var pixels = (long)codec.Info.Width * codec.Info.Height;
        if (pixels > MaxPixels) return new(null, "Report.Photo.TooManyPixels", pixels);
        await Decoders.WaitAsync(ct);
        try { return Redraw(codec, now); }
        finally { Decoders.Release(); }
    }

    private static Sanitized Redraw(SKCodec codec, DateTimeOffset now)
    {
        var (ow, oh) = (codec.Info.Width, codec.Info.Height);
        // Decode at the smallest size the codec offers that is still no smaller than the stored photo will be: JPEG scales
        // by eighths, PNG only at full size. A 6000-pixel JPEG is decoded at 3000 pixels, a quarter of the memory.
        var target = Math.Min(MaxSide, Math.Max(ow, oh));
        var scaled = codec.GetScaledDimensions(Math.Min(1f, (float)target / Math.Max(ow, oh)));
        if (scaled.Width <= 0 || scaled.Height <= 0 || Math.Max(scaled.Width, scaled.Height) < target) scaled = new SKSizeI(ow, oh);
        var info = new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var original = new SKBitmap();
        if (!original.TryAllocPixels(info)) throw new InsufficientMemoryException($"No memory to decode a {scaled.Width} × {scaled.Height} photo.");
        // IncompleteInput is a file cut off (Skia would fill the rest with grey), ErrorInInput corrupt data: neither is the photo taken.
        if (codec.GetPixels(info, original.GetPixels()) != SKCodecResult.Success) return new(null, "Report.Photo.NotAnImage");
        original.SetImmutable();

        // A phone stores a portrait photo sideways with an orientation tag. The tag goes with the rest of the metadata,
        // so the rotation it asks for is applied to the pixels first: the police see the photo the right way up.
        var origin = codec.EncodedOrigin;
        var quarterTurn = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (w0, h0) = quarterTurn ? (oh, ow) : (ow, oh);
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
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, Quality);
        var bytes = encoded.ToArray();
        return new(new ReportPhoto
        {
            ContentType = "image/jpeg", Bytes = bytes, Width = width, Height = height,
            Sha256 = Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), CreatedAt = now,
        }, null);
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
