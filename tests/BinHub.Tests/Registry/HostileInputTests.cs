using System.Text;

namespace BinHub.Tests.Registry;

/// <summary>Bad input gets 400 or 404 with a ProblemDetails body, never 500, and nothing is written.</summary>
public class HostileInputTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    public static TheoryData<string, string> Bodies => new()
    {
        { "over-long name", $$"""{"name":"{{new string('x', 5000)}}","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms"}""" },
        { "script tag", """{"name":"<script>alert(1)</script>","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms"}""" },
        { "wrong type", """{"name":"BIN","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms","enteredHouseholds":"many"}""" },
        { "unknown enum", """{"name":"BIN","type":"Castle","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms"}""" },
        { "numeric enum out of range", """{"name":"BIN","type":7,"municipalityNis":"@nis","language":"nl","urgentChannels":"Sms"}""" },
        { "foreign municipality", """{"name":"BIN","type":"Bin","municipalityNis":"99999","language":"nl","urgentChannels":"Sms"}""" },
        { "no channels", """{"name":"BIN","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"None"}""" },
        { "bad language", """{"name":"BIN","type":"Bin","municipalityNis":"@nis","language":"xx","urgentChannels":"Sms"}""" },
        { "broken json", """{"name":"BIN",""" },
        { "not a polygon", """{"name":"BIN","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms","areaGeoJson":"{\"type\":\"Point\"}"}""" },
        { "negative households", """{"name":"BIN","type":"Bin","municipalityNis":"@nis","language":"nl","urgentChannels":"Sms","enteredHouseholds":-5}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Bad_create_request_is_a_400_problem_and_writes_nothing(string what, string body)
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var response = await app.ClientFor(officer.Token).PostAsync("/api/v1/bins",
            new StringContent(body.Replace("@nis", place.Nis), Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = app.Db();
        Assert.False(await db.Bins.AnyAsync(b => b.PoliceZoneNumber == place.Zone), what);
    }

    [Fact]
    public async Task Validation_messages_come_in_the_requests_language()
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var body = new { name = "", type = "Bin", municipalityNis = place.Nis, language = "nl", urgentChannels = "Sms" };
        var fr = await (await app.ClientFor(officer.Token, "fr-BE").PostAsJsonAsync("/api/v1/bins", body)).Content.ReadFromJsonAsync<JsonElement>();
        var nl = await (await app.ClientFor(officer.Token, "nl-BE").PostAsJsonAsync("/api/v1/bins", body)).Content.ReadFromJsonAsync<JsonElement>();
        var frMessage = fr.GetProperty("errors").GetProperty("Name")[0].GetString();
        var nlMessage = nl.GetProperty("errors").GetProperty("Name")[0].GetString();
        Assert.Contains("obligatoire", frMessage);
        Assert.Contains("verplicht", nlMessage);
    }

    [Theory]
    [InlineData("/api/v1/bins/abc")]
    [InlineData("/api/v1/bins/2147483647")]
    [InlineData("/api/v1/bins?page=abc")]
    [InlineData("/api/v1/bins?status=Exploded")]
    public async Task Bad_ids_and_query_values_are_400_or_404_never_500(string url)
    {
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var response = await app.ClientFor(kc.Token).GetAsync(url);
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.NotFound });
    }
}
