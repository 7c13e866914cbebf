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

/// <summary>The check applies where a BIN's area is saved (API and Registry/Edit alike), and the edit page previews a saved area.</summary>
public class BinAreaSavingTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static object Input(World.Place place, Bin bin, string area) => new
    {
        name = bin.Name, type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms, Email", nonUrgentChannels = "Email",
        postcodes = "", areaGeoJson = area,
    };

    [Fact]
    public async Task A_crossing_outline_is_refused_and_a_simple_one_is_saved_and_previewed_on_the_edit_page()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);

        var bowTie = await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place, bin,
            """{"type":"Polygon","coordinates":[[[3.72,51.05],[3.73,51.06],[3.73,51.05],[3.72,51.06],[3.72,51.05]]]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bowTie.StatusCode);
        Assert.Contains("crosses itself", await bowTie.Content.ReadAsStringAsync());
        await using (var db = app.Db()) Assert.Null((await db.Bins.SingleAsync(b => b.Id == bin.Id)).AreaGeoJson);

        var square = """{"type":"Polygon","coordinates":[[[3.72,51.05],[3.73,51.05],[3.73,51.06],[3.72,51.06],[3.72,51.05]]]}""";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/v1/bins/{bin.Id}", Input(place, bin, square))).StatusCode);
        var edit = await client.GetStringAsync($"/Registry/Edit/{bin.Id}");
        Assert.Contains("id=\"area-preview\"", edit);
        Assert.Contains("<path class=\"area\"", edit);
    }
}
