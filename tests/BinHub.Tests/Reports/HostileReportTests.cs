using System.Text;

namespace BinHub.Tests.Reports;

/// <summary>
/// Reports are sent from phones over bad connections and by anyone with a member's token: an upload that is cut off,
/// an image that is not one, an image that would take gigabytes to decode. Each is a 400 in the member's language,
/// never a 500, and nothing is written.
/// </summary>
public class HostileReportTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(int Reports, int Photos)> StoredByAsync(int memberId)
    {
        await using var db = app.Db();
        return (await db.Reports.CountAsync(r => r.MemberId == memberId), await db.ReportPhotos.CountAsync(p => db.Reports.Any(r => r.Id == p.ReportId && r.MemberId == memberId)));
    }

    private static async Task<string> PhotoErrorAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join(" ", problem.GetProperty("errors").GetProperty("photos").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [MemberData(nameof(HostileInput.CorruptImages), MemberType = typeof(HostileInput))]
    public async Task An_image_whose_body_is_not_what_its_signature_says_is_a_400_in_the_members_language_and_nothing_is_stored(string what)
    {
        var s = await app.ReportSetupAsync(world);
        var response = await app.ClientFor(s.Home.Person.Token, "nl-BE").PostAsync("/api/v1/reports",
            ReportBuilders.Multipart(null, ($"{what}.img", HostileInput.ContentTypeOf(what), HostileInput.Image(what))));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var message = await PhotoErrorAsync(response);
        Assert.Contains($"{what}.img", message);
        Assert.Contains(what == "png-bomb" ? "megapixel" : "geen JPEG-, PNG- of WebP-afbeelding", message);
        Assert.Equal((0, 0), await StoredByAsync(s.Home.MemberId));
    }

    [Fact]
    public async Task A_png_declaring_20000_by_20000_pixels_is_refused_for_its_pixel_count_before_it_is_decoded()
    {
        var s = await app.ReportSetupAsync(world);
        var bomb = HostileInput.PngBomb();
        Assert.True(bomb.Length < 4096, $"the bomb is small on the wire: {bomb.Length} bytes");
        var response = await app.ClientFor(s.Home.Person.Token, "fr-BE").PostAsync("/api/v1/reports", ReportBuilders.Multipart(null, ("bomb.png", "image/png", bomb)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = await PhotoErrorAsync(response);
        Assert.Contains("bomb.png", message);
        Assert.Contains("400", message);          // 20,000 × 20,000 = 400 megapixels, said so
        Assert.Contains("40 mégapixels", message); // and the limit, in French
        Assert.Equal((0, 0), await StoredByAsync(s.Home.MemberId));
    }

    [Fact]
    public async Task A_hundred_bomb_uploads_at_once_are_all_refused_and_none_fails_the_server()
    {
        var s = await app.ReportSetupAsync(world);
        var bomb = HostileInput.PngBomb();
        var client = app.ClientFor(s.Home.Person.Token);
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            client.PostAsync("/api/v1/reports", ReportBuilders.Multipart(null, ($"bomb{i}.png", "image/png", bomb)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal((0, 0), await StoredByAsync(s.Home.MemberId));
        // And BinHub still takes a good report afterwards.
        var good = await client.PostAsync("/api/v1/reports", ReportBuilders.Multipart(null, ("ok.jpg", "image/jpeg", ReportBuilders.JpegWithGps())));
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
    }

    [Fact]
    public async Task A_large_jpeg_is_decoded_at_a_reduced_size_and_stored_at_2560_pixels()
    {
        var s = await app.ReportSetupAsync(world);
        using var bitmap = new SkiaSharp.SKBitmap(6000, 2000);
        using (var canvas = new SkiaSharp.SKCanvas(bitmap)) canvas.Clear(SkiaSharp.SKColors.SteelBlue);
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 80);
        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports", ReportBuilders.Multipart(null, ("wide.jpg", "image/jpeg", data.ToArray())));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = app.Db();
        var photo = await db.ReportPhotos.SingleAsync(p => db.Reports.Any(r => r.Id == p.ReportId && r.MemberId == s.Home.MemberId));
        Assert.Equal((2560, 853), (photo.Width, photo.Height));
        using var stored = SkiaSharp.SKBitmap.Decode(photo.Bytes);
        var middle = stored.GetPixel(1280, 426);
        Assert.True(Math.Abs(middle.Red - SkiaSharp.SKColors.SteelBlue.Red) < 8 && Math.Abs(middle.Blue - SkiaSharp.SKColors.SteelBlue.Blue) < 8, $"{middle}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_multipart_report_cut_off_or_without_boundary_is_a_400_in_the_members_language_and_nothing_is_stored(bool boundaryParameter)
    {
        var s = await app.ReportSetupAsync(world);
        var fields = new Dictionary<string, string> { ["category"] = "Burglary", ["street"] = "Kerkstraat", ["text"] = "Back door forced" };
        var response = await app.ClientFor(s.Home.Person.Token, "de-BE").PostAsync("/api/v1/reports", HostileInput.BrokenMultipart(fields, boundaryParameter));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Formular", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal((0, 0), await StoredByAsync(s.Home.MemberId));
    }

    public static TheoryData<string> Hostile => new() { "long-fields-json", "long-fields-multipart", "invalid-utf8-json", "invalid-utf8-multipart", "empty-multipart" };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Over_long_and_invalid_utf8_fields_are_refused_without_a_5xx_and_nothing_is_stored(string what)
    {
        var s = await app.ReportSetupAsync(world);
        var invalid = new byte[] { 0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE };
        HttpContent content = what switch
        {
            "long-fields-json" => JsonContent.Create(new
            {
                category = HostileInput.Long, street = HostileInput.Long, houseNumber = HostileInput.Long, text = HostileInput.Long,
                suspect = new { sex = HostileInput.Long, clothing = HostileInput.Long, licencePlate = HostileInput.Long },
            }),
            "long-fields-multipart" => new MultipartFormDataContent
            {
                { new StringContent("Theft"), "category" }, { new StringContent(HostileInput.Long), "street" }, { new StringContent(HostileInput.Long), "houseNumber" },
                { new StringContent(HostileInput.Long), "text" }, { new StringContent(HostileInput.Long), "suspect.clothing" }, { new StringContent(HostileInput.Long), "lat" },
            },
            "invalid-utf8-json" => new ByteArrayContent([.. """{"category":"Theft","street":"Kerkstraat","text":" """u8, .. invalid, .. "\"}"u8])
                { Headers = { ContentType = new("application/json") } },
            "invalid-utf8-multipart" => new MultipartFormDataContent
            {
                { new StringContent("Theft"), "category" }, { new ByteArrayContent([.. "Kerk"u8, .. invalid]), "street" }, { new ByteArrayContent(invalid), "text" },
            },
            _ => new MultipartFormDataContent { { new ByteArrayContent([]), "photos", "empty.jpg" } },
        };
        var response = await app.ClientFor(s.Home.Person.Token).PostAsync("/api/v1/reports", content);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal((0, 0), await StoredByAsync(s.Home.MemberId));
    }
}
