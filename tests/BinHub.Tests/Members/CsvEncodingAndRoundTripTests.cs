using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace BinHub.Tests.Members;

/// <summary>What a coordinator's CSV file is read as (Excel on a Belgian PC saves Windows-1252), and export → import giving the same members.</summary>
public partial class CsvEncodingAndRoundTripTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private const string Header = "name;company;street;house_number;phone;phone2;email;language;consent_signed_on";

    /// <summary>
    /// The bytes Excel writes for "CSV (puntkomma's)" on a Belgian PC, spelled out: é = E9, ü = FC, á = E1 and Š = 8A (that one is
    /// Windows-1252 only, not Latin-1). Encoding.Latin1 writes each char below 256 as that very byte, so "\u008A" is byte 8A.
    /// </summary>
    private static readonly byte[] ExcelFile = Encoding.Latin1.GetBytes(string.Join("\r\n", Header,
        "D\u00E9sir\u00E9e M\u00FCller;;Kerkstraat;1;0470 11 22 33;;;nl;20/02/2026",
        "\u008Aimon Nov\u00E1k;;Dorpsstraat;2;0470 11 22 34;;;nl;20/02/2026") + "\r\n");

    private async Task<(Bin Bin, World.Person Coordinator)> BinAsync(string lang = "en")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        return (bin, await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id, lang: lang));
    }

    private static ByteArrayContent Csv(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private async Task<List<string>> NamesAsync(int binId)
    {
        await using var db = app.Db();
        return await db.Members.Where(m => m.BinId == binId).Select(m => m.Name).OrderBy(n => n).ToListAsync();
    }

    [Fact]
    public async Task A_windows_1252_file_is_stored_with_its_accents_and_the_report_names_the_encoding()
    {
        var (bin, coordinator) = await BinAsync();
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(ExcelFile)); // really not UTF-8
        var response = await app.ClientFor(coordinator.Token).PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false", Csv(ExcelFile));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("imported").GetBoolean());
        Assert.Equal("Windows-1252", report.GetProperty("encoding").GetString());
        Assert.Equal(["D\u00E9sir\u00E9e M\u00FCller", "\u0160imon Nov\u00E1k"], await NamesAsync(bin.Id));
    }

    [Theory]
    [InlineData("utf-8", "UTF-8")]
    [InlineData("utf-8-bom", "UTF-8")]
    [InlineData("utf-16-bom", "UTF-16")]
    public async Task A_unicode_file_is_read_as_unicode_with_or_without_a_byte_order_mark(string saved, string encoding)
    {
        var (bin, coordinator) = await BinAsync();
        var text = Encoding.Latin1.GetString(ExcelFile).Replace('\u008A', '\u0160');
        var bytes = saved switch
        {
            "utf-8" => new UTF8Encoding(false).GetBytes(text),
            "utf-8-bom" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
            _ => [.. Encoding.Unicode.Preamble, .. Encoding.Unicode.GetBytes(text)],
        };
        var response = await app.ClientFor(coordinator.Token).PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false", Csv(bytes));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("encoding").GetString());
        Assert.Equal(["D\u00E9sir\u00E9e M\u00FCller", "\u0160imon Nov\u00E1k"], await NamesAsync(bin.Id));
    }

    [Fact]
    public async Task A_file_whose_encoding_cannot_be_told_is_refused_in_the_coordinators_language_and_nothing_is_stored()
    {
        var (bin, coordinator) = await BinAsync("nl");
        // UTF-16 without a byte-order mark: every other byte is NUL, which no text file a person saves contains.
        var bytes = Encoding.Unicode.GetBytes(Encoding.Latin1.GetString(ExcelFile));
        var response = await app.ClientFor(coordinator.Token, "nl-BE").PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false", Csv(bytes));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("De tekenset van het bestand werd niet herkend", await response.Content.ReadAsStringAsync());
        Assert.Empty(await NamesAsync(bin.Id));
    }

    [Fact]
    public async Task The_members_page_preview_says_which_encoding_the_file_was_read_in_and_imports_what_it_showed()
    {
        var (bin, coordinator) = await BinAsync("nl");
        var client = app.ClientFor(coordinator.Token, "nl-BE");
        var url = $"/Registry/Members/{bin.Id}";
        var form = new MultipartFormDataContent { { new StringContent(await TokenAsync(client, url)), "__RequestVerificationToken" } };
        var file = Csv(ExcelFile);
        form.Add(file, "file", "leden.csv");
        var html = WebUtility.HtmlDecode(await (await client.PostAsync($"{url}?handler=ImportCheck", form)).Content.ReadAsStringAsync());
        Assert.Contains("Het bestand werd gelezen als Windows-1252.", html);
        Assert.Contains("2 regels nagekeken, 2 geldig", html);

        var confirm = new Dictionary<string, string> { ["payload"] = Payload().Match(html).Groups[1].Value, ["__RequestVerificationToken"] = await TokenAsync(client, url) };
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync($"{url}?handler=ImportConfirm", new FormUrlEncodedContent(confirm))).StatusCode);
        Assert.Equal(["D\u00E9sir\u00E9e M\u00FCller", "\u0160imon Nov\u00E1k"], await NamesAsync(bin.Id));
    }

    [Fact]
    public async Task Exporting_a_bins_members_and_importing_the_file_gives_the_same_members_formula_guard_and_all()
    {
        var (from, fromCoordinator) = await BinAsync();
        var (to, toCoordinator) = await BinAsync();
        await using (var db = app.Db())
        {
            // No street list: the streets below start like formulas, which a real list would not hold.
            await db.Bins.Where(b => b.Id == from.Id || b.Id == to.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.AreaStreets, ""));
        }
        var original = string.Join("\n", Header,
            "-Jan;;Kerkstraat;1;+32 470 11 22 33;+32 2 555 12 12;;nl;2026-02-20",
            "=SUM(1);@home;-Dorpsstraat;2;0470 11 22 34;;;fr;2026-02-21",
            "+Marie;+Bakkerij;=Kerkstraat;3;+32470112235;;marie@test.invalid;de;2026-02-22",
            "@home;;@Markt;4;;;home@test.invalid;en;2026-02-23",
            "'t Hoekske;;'s-Gravenwezelsteenweg;5;0470 11 22 36;;;nl;2026-02-24");
        var first = await app.ClientFor(fromCoordinator.Token).PostAsync($"/api/v1/bins/{from.Id}/members/import?dryRun=false",
            new StringContent(original, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var export = await app.ClientFor(fromCoordinator.Token).GetByteArrayAsync($"/api/v1/bins/{from.Id}/members/export.csv");
        Assert.Contains("'=SUM(1)", Encoding.UTF8.GetString(export)); // the guard is still there in the file
        var again = await app.ClientFor(toCoordinator.Token).PostAsync($"/api/v1/bins/{to.Id}/members/import?dryRun=false", Csv(export));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var exported = await MembersAsync(from.Id);
        Assert.Equal(5, exported.Count);
        Assert.Contains(exported, m => m.StartsWith("-Jan|||Kerkstraat|1|nl|+3225551212 +32470112233|"));
        Assert.Contains(exported, m => m.StartsWith("=SUM(1)|@home||-Dorpsstraat|2|fr|+32470112234|"));
        Assert.Contains(exported, m => m.StartsWith("'t Hoekske|||'s-Gravenwezelsteenweg|5|nl|+32470112236|"));
        Assert.Equal(exported, await MembersAsync(to.Id));
    }

    private async Task<List<string>> MembersAsync(int binId)
    {
        await using var db = app.Db();
        var members = await db.Members.Where(m => m.BinId == binId).Include(m => m.Phones).ToListAsync();
        return members.Select(m => string.Join('|', m.Name, m.CompanyName, m.Email, m.Street, m.HouseNumber, m.Language,
                string.Join(' ', m.Phones.Select(p => p.Number).Order()), m.ConsentAt.UtcTicks))
            .Order().ToList();
    }

    private static async Task<string> TokenAsync(HttpClient client, string pageUrl) =>
        Token().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"payload\" value=\"([^\"]+)\"")]
    private static partial Regex Payload();
}
