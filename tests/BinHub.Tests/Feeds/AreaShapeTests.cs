using BinHub.Features.Bins;

namespace BinHub.Tests.Feeds;

/// <summary>A BIN's own area is published as its CAP polygon: only a closed, simple shape inside Belgium is accepted.</summary>
public class AreaShapeTests
{
    private const string Square = "[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06],[3.72,51.05]]";

    [Theory]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[" + Square + "]}")]
    [InlineData("{\"type\":\"Feature\",\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[" + Square + "],[[[5.5,50.6],[5.6,50.6],[5.55,50.7],[5.5,50.6]]]]}}")]
    public void A_closed_simple_shape_in_belgium_is_accepted(string geoJson) => Assert.Null(AreaShape.Problem(geoJson));

    [Theory]
    [InlineData("not json", "Validation.GeoJson")]
    [InlineData("{\"type\":\"Point\",\"coordinates\":[3.72,51.05]}", "Validation.GeoJson")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[3.72,51.05],\"x\",[3.72,51.05]]]}", "Validation.GeoJson")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[3.72,51.05],[3.73,51.05],[3.72,51.05]]]}", "Validation.AreaTooFewPoints")]
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06]]]}", "Validation.AreaNotClosed")]
    // Latitude and longitude swapped: somewhere in the Indian Ocean.
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[51.05,3.72],[51.05,3.73],[51.06,3.73],[51.05,3.72]]]}", "Validation.AreaOutsideBelgium")]
    // A bow tie: the second and fourth edges cross.
    [InlineData("{\"type\":\"Polygon\",\"coordinates\":[[[3.72,51.05],[3.73,51.06],[3.73,51.05],[3.72,51.06],[3.72,51.05]]]}", "Validation.AreaSelfIntersects")]
    public void A_broken_shape_is_refused_with_its_reason(string geoJson, string expected) => Assert.Equal(expected, AreaShape.Problem(geoJson));
}
