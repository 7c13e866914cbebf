using BinHub.Features.Bins;
using BinHub.Features.Geography;

namespace BinHub.Tests.Geography;

/// <summary>The projection of the clickable area maps, and the outline drawn on them corner by corner.</summary>
public class AreaMapTests
{
    private const string Square = """{"type":"Polygon","coordinates":[[[3.7,51.0],[3.8,51.0],[3.8,51.1],[3.7,51.1],[3.7,51.0]]]}""";
    private const string Tall = """{"type":"Polygon","coordinates":[[[5.0,50.0],[5.01,50.0],[5.01,50.5],[5.0,50.5],[5.0,50.0]]]}""";

    [Theory]
    [InlineData(Square, 0, 0)]
    [InlineData(Square, 240, 120)]
    [InlineData(Square, 479, 300)]
    [InlineData(Tall, 13, 577)]
    [InlineData(null, 333, 111)]
    public void A_pixel_turned_into_a_point_turns_back_into_the_same_pixel(string? outline, int x, int y)
    {
        var map = AreaMap.Fit([outline]);

        var (lat, lon) = map.ToPoint(x, y);
        var (px, py) = map.ToPixel(lat, lon);

        Assert.InRange(px, x - 0.5, x + 0.5);
        Assert.InRange(py, y - 0.5, y + 0.5);
    }

    [Fact]
    public void The_middle_of_the_map_is_the_middle_of_the_area_and_the_area_fits_inside()
    {
        var map = AreaMap.Fit([Square]);

        var (lat, lon) = map.ToPoint(AreaMap.Width / 2.0, map.Height / 2.0);
        Assert.Equal(51.05, lat, 0.001);
        Assert.Equal(3.75, lon, 0.001);
        foreach (var (cLat, cLon) in new[] { (51.0, 3.7), (51.1, 3.8) })
        {
            var (x, y) = map.ToPixel(cLat, cLon);
            Assert.InRange(x, 0, AreaMap.Width);
            Assert.InRange(y, 0, map.Height);
        }
    }

    [Fact]
    public void A_tall_area_is_widened_so_the_map_stays_usable()
    {
        var map = AreaMap.Fit([Tall]);

        Assert.InRange(map.Height, 1, AreaMap.Width * 1.25 + 1);
    }

    [Fact]
    public void Corners_added_one_by_one_close_themselves_into_an_outline_that_passes_the_check()
    {
        var area = DrawnArea.AddCorner(null, 51.02, 3.72);
        area = DrawnArea.AddCorner(area, 51.02, 3.78);
        Assert.Equal("Validation.AreaTooFewPoints", AreaShape.Problem(area));
        area = DrawnArea.AddCorner(area, 51.08, 3.75);

        Assert.Null(AreaShape.Problem(area));
        Assert.Equal(new List<(double, double)> { (51.02, 3.72), (51.02, 3.78), (51.08, 3.75) }, DrawnArea.Corners(area));
        Assert.Equal(new List<(double, double)> { (51.02, 3.72), (51.02, 3.78) }, DrawnArea.Corners(DrawnArea.RemoveLastCorner(area)));
        Assert.Equal("", DrawnArea.RemoveLastCorner(DrawnArea.AddCorner(null, 51.02, 3.72)));
    }
}
