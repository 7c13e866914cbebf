using System.Text;
using SkiaSharp;

namespace BinHub.Tests.Practices;

/// <summary>A practice's attachments go through the one upload gate and are downloaded as what they were found to be.</summary>
public class PracticeFileTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static byte[] Png()
    {
        using var bitmap = new SKBitmap(40, 30);
        bitmap.Erase(SKColors.OrangeRed);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private async Task<(World.Person Author, int Id)> DraftAsync()
    {
        var author = await world.PersonAsync(Roles.KenniscentrumAdmin);
        return (author, await app.ProposeAsync(author.Token, PracticeBuilders.Proposal(submit: false)));
    }

    [Fact]
    public async Task A_flyer_PDF_is_attached_and_downloaded_as_an_attachment_with_its_checked_type()
    {
        var (author, id) = await DraftAsync();
        var response = await app.AttachAsync(author.Token, id, Pdf(), "../Flyer; inbraak.PDF", "application/octet-stream");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var fileId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var download = await app.ClientFor(author.Token).GetAsync($"/api/v1/practices/{id}/attachments/{fileId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("Flyer inbraak.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(Pdf(), await download.Content.ReadAsByteArrayAsync());
        // The same from the practice's page (where anonymous readers of a public practice get it).
        var fromPage = await app.ClientFor(author.Token).GetAsync($"/Practices/{id}?handler=File&fileId={fileId}");
        Assert.Equal(("application/pdf", "attachment"), (fromPage.Content.Headers.ContentType!.MediaType, fromPage.Content.Headers.ContentDisposition!.DispositionType));
        // Someone who cannot read the draft cannot fetch its file either.
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/api/v1/practices/{id}/attachments/{fileId}")).StatusCode);
        Assert.True(await app.DeniedAsync(stranger.User.Id, "GetPracticeFile", fileId.ToString()));
    }

    [Fact]
    public async Task An_HTML_page_named_as_a_PDF_is_refused_and_nothing_is_stored()
    {
        var (author, id) = await DraftAsync();
        var html = Encoding.UTF8.GetBytes("<html><body><script>alert(document.cookie)</script></body></html>");
        var response = await app.AttachAsync(author.Token, id, html, "flyer.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.PracticeAttachments.AnyAsync(a => a.PracticeId == id));
    }

    [Fact]
    public async Task An_image_is_re_encoded_before_it_is_stored()
    {
        var (author, id) = await DraftAsync();
        var png = Png();
        var response = await app.AttachAsync(author.Token, id, png, "affiche.png", "image/png");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = app.Db();
        var stored = await db.PracticeAttachments.SingleAsync(a => a.PracticeId == id);
        Assert.Equal(("image/jpeg", "affiche.jpg"), (stored.ContentType, stored.FileName));
        Assert.NotEqual(png, stored.Bytes);
        Assert.Equal([0xFF, 0xD8, 0xFF], stored.Bytes[..3]);
    }

    [Fact]
    public async Task A_practice_takes_at_most_five_files_and_none_once_published()
    {
        var (author, id) = await DraftAsync();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Created, (await app.AttachAsync(author.Token, id, Pdf(), $"flyer{i}.pdf", "application/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.AttachAsync(author.Token, id, Pdf(), "flyer5.pdf", "application/pdf")).StatusCode);

        var submitted = await app.ProposeAsync(author.Token, PracticeBuilders.Proposal());
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(author.Token).PostAsync($"/api/v1/practices/{submitted}/publish", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.AttachAsync(author.Token, submitted, Pdf(), "late.pdf", "application/pdf")).StatusCode);
    }
}
