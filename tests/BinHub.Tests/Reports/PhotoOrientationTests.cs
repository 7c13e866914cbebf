using BinHub.Features.Reports;
using SkiaSharp;

namespace BinHub.Tests.Reports;

public class PhotoOrientationTests
{
    [Fact]
    public async Task A_sideways_phone_photo_is_stored_upright_without_its_orientation_tag()
    {
        var original = ReportBuilders.JpegRotatedByExif(80, 40); // red band on the left of the stored pixels
        var (photo, error, _) = await ReportPhotos.SanitizeAsync(new ReportPhotos.Upload("portrait.jpg", original), DateTimeOffset.UtcNow, default);
        Assert.Null(error);
        Assert.Equal((40, 80), (photo!.Width, photo.Height));         // portrait now
        Assert.DoesNotContain((byte)0xE1, ReportBuilders.JpegMarkers(photo.Bytes));
        using var stored = SKBitmap.Decode(photo.Bytes);
        var top = stored.GetPixel(20, 5);
        var bottom = stored.GetPixel(20, 75);
        Assert.True(top.Red > 200 && top.Green < 80, $"top {top}");       // rotated clockwise: the left band is now on top
        Assert.True(bottom.Red > 200 && bottom.Green > 200, $"bottom {bottom}");
    }
}
