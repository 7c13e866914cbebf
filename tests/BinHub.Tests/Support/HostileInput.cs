using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using SkiaSharp;

namespace BinHub.Tests.Support;

/// <summary>
/// What an attacker (or a broken phone app) sends: images whose first bytes say JPEG/PNG/WebP but whose body is not,
/// a PNG that declares more pixels than memory holds, multipart bodies without their boundary, over-long and
/// invalid UTF-8 fields. Built byte by byte so the test shows exactly what is sent.
/// </summary>
public static class HostileInput
{
    public const int LongField = 100_000;
    public static readonly string Long = new('x', LongField);

    /// <summary>Bytes that are not UTF-8 (a lone continuation byte, an overlong form, 0xFF), percent-encoded as a browser would send them.</summary>
    public const string InvalidUtf8Escaped = "%C3%28%A0%A1%E2%28%A1%F0%28%8C%BC%FF%FE%C0%AF";

    /// <summary>A JPEG's start of image and APP0 marker followed by an HTML page, as a web server's error page saved as "photo.jpg".</summary>
    public static byte[] JpegHeaderThenHtml() =>
        [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n")];

    /// <summary>The first 40 bytes of a real PNG: the signature and the header chunk, then nothing.</summary>
    public static byte[] PngFirst40Bytes()
    {
        using var bitmap = new SKBitmap(64, 48);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.SteelBlue);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray()[..40];
    }

    /// <summary>A real JPEG cut off halfway, as an interrupted upload from a phone.</summary>
    public static byte[] JpegCutInHalf()
    {
        using var bitmap = new SKBitmap(640, 480);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.SteelBlue);
            using var paint = new SKPaint { Color = SKColors.Orange };
            for (var i = 0; i < 40; i++) canvas.DrawCircle(i * 16, i * 12, 30, paint);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();
        return jpeg[..(jpeg.Length / 2)];
    }

    /// <summary>A RIFF/WEBP container header followed by random bytes (seeded, so every run sends the same).</summary>
    public static byte[] WebpHeaderThenRandom()
    {
        var body = new byte[4096];
        new Random(11).NextBytes(body);
        var riff = new byte[12];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(4 + body.Length));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        return [.. riff, .. body];
    }

    /// <summary>
    /// A decompression bomb: a PNG of a few hundred bytes whose header declares <paramref name="width"/> × <paramref name="height"/>
    /// RGBA pixels (20,000 × 20,000 is 1.6 GB decoded). Signature, IHDR with its CRC, an IDAT with a few zero rows, IEND.
    /// </summary>
    public static byte[] PngBomb(int width = 20_000, int height = 20_000)
    {
        var png = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // RGBA
        // compression, filter, interlace: 0
        Chunk(png, "IHDR", ihdr);
        using var zipped = new MemoryStream();
        using (var z = new ZLibStream(zipped, CompressionLevel.SmallestSize, leaveOpen: true))
            for (var row = 0; row < 4; row++) z.Write(new byte[1 + 4 * width]); // filter byte 0 + zero pixels
        Chunk(png, "IDAT", zipped.ToArray());
        Chunk(png, "IEND", []);
        return [.. png];
    }

    /// <summary>Appends a PNG chunk with its length and checksum.</summary>
    public static void Chunk(List<byte> png, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)data.Length);
        png.AddRange(len);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.AddRange(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.AddRange(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    public static TheoryData<string> CorruptImages => new() { "jpeg-header-then-html", "png-first-40-bytes", "webp-header-then-random", "jpeg-cut-in-half", "png-bomb" };

    public static byte[] Image(string what) => what switch
    {
        "jpeg-header-then-html" => JpegHeaderThenHtml(),
        "png-first-40-bytes" => PngFirst40Bytes(),
        "webp-header-then-random" => WebpHeaderThenRandom(),
        "jpeg-cut-in-half" => JpegCutInHalf(),
        "png-bomb" => PngBomb(),
        _ => throw new ArgumentOutOfRangeException(nameof(what)),
    };

    public static string ContentTypeOf(string what) => what.StartsWith("jpeg") ? "image/jpeg" : what.StartsWith("webp") ? "image/webp" : "image/png";

    /// <summary>
    /// A multipart body as a client that died mid-upload leaves it: the fields, the start of a file, no closing boundary.
    /// With <paramref name="boundaryParameter"/> false the Content-Type names no boundary at all.
    /// </summary>
    public static HttpContent BrokenMultipart(IReadOnlyDictionary<string, string> fields, bool boundaryParameter, string fileField = "photos")
    {
        const string boundary = "----binhub-hostile";
        var body = new StringBuilder();
        foreach (var (name, value) in fields)
            body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        body.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{fileField}\"; filename=\"cut.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        byte[] bytes = [.. Encoding.UTF8.GetBytes(body.ToString()), .. JpegCutInHalf()[..512]];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(boundaryParameter ? $"multipart/form-data; boundary={boundary}" : "multipart/form-data");
        return content;
    }

    /// <summary>A form body whose every value is <see cref="InvalidUtf8Escaped"/>, plus the given fields as they are (the antiforgery token).</summary>
    public static HttpContent InvalidUtf8Form(IEnumerable<string> names, IReadOnlyDictionary<string, string> asIs)
    {
        var parts = names.Select(n => $"{Uri.EscapeDataString(n)}={InvalidUtf8Escaped}")
            .Concat(asIs.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));
        // Raw (unescaped) invalid bytes too: a client that does not encode at all.
        byte[] bytes = [.. Encoding.ASCII.GetBytes(string.Join("&", parts) + "&raw="), 0xC3, 0x28, 0xFF, 0xFE];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }
}
