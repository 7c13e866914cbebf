using System.Text;
using BinHub.Features.Uploads;
using Microsoft.Extensions.Localization;
using SkiaSharp;

namespace BinHub.Tests.Uploads;

public class AttachmentTests
{
    /// <summary>Answers the resource key and its arguments, so a test can say which refusal it got.</summary>
    private sealed class Keys : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, name);
        public LocalizedString this[string name, params object[] arguments] => new(name, $"{name}|{string.Join("|", arguments)}");
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static Task<Attachments.Result> Check(string? name, byte[] bytes, bool tooLarge = false) =>
        Attachments.CheckAsync(new Attachments.Upload(name, bytes, tooLarge), new Keys(), DateTimeOffset.UtcNow, default);

    private static byte[] Pdf(string body = "") => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R " + body + " >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task A_plain_pdf_is_kept_as_sent_with_a_safe_name()
    {
        var bytes = Pdf();
        var r = await Check("..\\..\\folder/Flyer \"inbraak\"; 2026.PDF", bytes);
        Assert.Null(r.Error);
        Assert.Equal("application/pdf", r.File!.ContentType);
        Assert.Equal(bytes, r.File.Bytes);
        Assert.Equal("Flyer inbraak 2026.pdf", r.File.FileName);
        Assert.Equal(64, r.File.Sha256.Length);
    }

    [Theory]
    [InlineData("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", "JavaScript")]
    [InlineData("/AA << /O << /S /J#61vaScript >> >>", "JavaScript")]
    [InlineData("/OpenAction << /S /Launch /F (cmd.exe) >>", "Launch")]
    [InlineData("/Names << /EmbeddedFiles 3 0 R >>", "EmbeddedFiles")]
    public async Task A_pdf_with_active_content_is_refused_and_says_what_it_found(string body, string found)
    {
        var r = await Check("flyer.pdf", Pdf(body));
        Assert.Null(r.File);
        Assert.Equal($"Upload.PdfActiveContent|flyer.pdf|{found}", r.Error);
    }

    [Fact]
    public async Task A_name_that_only_starts_like_an_active_one_is_not_refused()
    {
        var r = await Check("flyer.pdf", Pdf("/JSON (x) /Launcher (y)"));
        Assert.Null(r.Error);
    }

    [Fact]
    public async Task A_cut_off_pdf_is_refused()
    {
        var bytes = Pdf();
        var r = await Check("flyer.pdf", bytes[..(bytes.Length - 10)]);
        Assert.StartsWith("Upload.PdfBroken|", r.Error);
    }

    [Theory]
    [InlineData("page.pdf", "<html><script>alert(1)</script></html>")]
    [InlineData("run.pdf", "MZ\u0090\u0000 an executable")]
    [InlineData("notes.jpg", "just text")]
    public async Task A_file_is_judged_by_its_bytes_not_its_name(string name, string content)
    {
        var r = await Check(name, Encoding.Latin1.GetBytes(content));
        Assert.Null(r.File);
        Assert.StartsWith("Upload.NotAllowed|", r.Error);
    }

    [Fact]
    public async Task An_image_is_encoded_again_as_jpeg_without_its_metadata()
    {
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(SKColors.Red);
        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        // A text chunk (tEXt) with a private note rides along in the original PNG.
        var bytes = WithTextChunk(png.ToArray(), "Comment", "Straat 12, sleutel onder de mat");
        var r = await Check("affiche.png", bytes);
        Assert.Null(r.Error);
        Assert.Equal("image/jpeg", r.File!.ContentType);
        Assert.Equal("affiche.jpg", r.File.FileName);
        Assert.Equal(0xFF, r.File.Bytes[0]);
        Assert.DoesNotContain("sleutel", Encoding.Latin1.GetString(r.File.Bytes));
    }

    [Fact]
    public async Task Too_large_and_empty_files_are_refused_with_the_limit()
    {
        Assert.Equal($"Upload.TooLarge|big.pdf|{Attachments.MaxPdfBytes / (1024 * 1024)}", (await Check("big.pdf", [], tooLarge: true)).Error);
        Assert.StartsWith("Upload.Empty|", (await Check("empty.pdf", [])).Error);
        var bigImage = new byte[Attachments.MaxImageBytes + 1];
        new byte[] { 0xFF, 0xD8, 0xFF }.CopyTo(bigImage, 0);
        Assert.Equal($"Upload.TooLarge|big.jpg|{Attachments.MaxImageBytes / (1024 * 1024)}", (await Check("big.jpg", bigImage)).Error);
    }

    [Fact]
    public async Task Reading_stops_past_the_limit()
    {
        using var stream = new MemoryStream(new byte[Attachments.MaxPdfBytes + 10]);
        var upload = await Attachments.ReadAsync(stream, "x.pdf", default);
        Assert.True(upload.TooLarge);
        Assert.Empty(upload.Bytes);
    }

    private static byte[] WithTextChunk(byte[] png, string keyword, string text)
    {
        var data = Encoding.Latin1.GetBytes(keyword + "\0" + text);
        var chunk = new List<byte>();
        chunk.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(data.Length)));
        var typeAndData = Encoding.ASCII.GetBytes("tEXt").Concat(data).ToArray();
        chunk.AddRange(typeAndData);
        chunk.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((int)Crc32(typeAndData))));
        // After the 8-byte signature and the 25-byte IHDR chunk.
        return [.. png[..33], .. chunk, .. png[33..]];
    }

    /// <summary>PNG's chunk checksum (ISO 3309 CRC-32), so the decoder takes the added chunk as genuine.</summary>
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
}
