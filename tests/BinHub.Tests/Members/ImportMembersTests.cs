using System.Text;

namespace BinHub.Tests.Members;

public class ImportMembersTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);
    private const string Header = "name;company;street;house_number;phone;phone2;email;language;consent_signed_on";

    private async Task<(Bin Bin, HttpClient Client)> CoordinatorAsync(string lang = "nl-BE")
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        return (bin, app.ClientFor(coordinator.Token, lang));
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task A_dry_run_reports_each_bad_line_by_number_in_the_coordinators_language_and_writes_nothing()
    {
        var (bin, client) = await CoordinatorAsync();
        var csv = string.Join("\n", Header,
            "Jan Peeters;;Kerkstraat;1;0470 11 22 33;;;nl;2026-01-10",
            "Marie Dubois;;Rue de Paris;2;0470 11 22 34;;;fr;2026-01-10",
            "Karim El Amrani;;Dorpsstraat;3;0412;;;nl;10/01/2026",
            "Els Maes;;Kerkstraat;1;0470 11 22 35;;;nl;2026-13-45");
        var response = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/import", Csv(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, report.GetProperty("lines").GetInt32());
        Assert.Equal(1, report.GetProperty("valid").GetInt32());
        Assert.False(report.GetProperty("imported").GetBoolean());
        var problems = report.GetProperty("problems").EnumerateArray().ToDictionary(p => p.GetProperty("line").GetInt32());
        Assert.Contains("ligt niet in het gebied", problems[3].GetProperty("errors")[0].GetString());
        Assert.Contains("geen geldig telefoonnummer", problems[4].GetProperty("errors")[0].GetString());
        Assert.Contains("datum", problems[5].GetProperty("errors")[0].GetString());
        Assert.False(problems.ContainsKey(2));
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task The_import_is_all_or_nothing()
    {
        var (bin, client) = await CoordinatorAsync();
        var csv = string.Join("\n", Header, "Jan Peeters;;Kerkstraat;1;0470 11 22 33;;;nl;2026-01-10", "Bad Line;;Kerkstraat;;;;;nl;2026-01-10");
        var response = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false", Csv(csv));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("problems")[0].GetProperty("line").GetInt32());
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task Five_thousand_lines_import_in_one_go_with_paper_consent_and_an_audit_line()
    {
        var (bin, client) = await CoordinatorAsync("en");
        var sb = new StringBuilder(Header.Replace(';', ',')).Append('\n');
        for (var n = 0; n < 5000; n++)
            sb.Append($"Household {n},,{(n % 2 == 0 ? "Kerkstraat" : "Dorpsstraat")},{n + 1},+3247{n:0000000},,,{(n % 3 == 0 ? "fr" : "nl")},20/02/2026\n");
        var response = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false", Csv(sb.ToString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(report.GetProperty("imported").GetBoolean());
        await using var db = app.Db();
        Assert.Equal(5000, await db.Members.CountAsync(m => m.BinId == bin.Id && m.ConsentOnPaper && m.State == MemberState.Active));
        Assert.Equal(5000, await db.MemberPhones.CountAsync(p => p.Member!.BinId == bin.Id));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Import" && a.Details!.Contains($"bin={bin.Id}; 5000 members")));
    }

    [Fact]
    public async Task A_file_without_the_required_columns_is_refused_with_their_names()
    {
        var (bin, client) = await CoordinatorAsync("en");
        var response = await client.PostAsync($"/api/v1/bins/{bin.Id}/members/import", Csv("name;phone\nJan;0470112233"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("street, house_number, language, consent_signed_on", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_bins_coordinator_cannot_import_into_this_bin()
    {
        var (bin, _) = await CoordinatorAsync();
        var (_, other) = await CoordinatorAsync();
        var response = await other.PostAsync($"/api/v1/bins/{bin.Id}/members/import?dryRun=false",
            Csv(Header + "\nJan Peeters;;Kerkstraat;1;0470 11 22 33;;;nl;2026-01-10"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Members.AnyAsync(m => m.BinId == bin.Id));
    }
}
