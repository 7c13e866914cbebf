using System.Text.RegularExpressions;

namespace BinHub.Tests.Web;

/// <summary>Scrolling table regions are landmarks: on a page with several, each is named after its table's caption.</summary>
public class TableRegionTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    [Fact]
    public async Task Each_table_region_on_a_page_has_its_own_name_in_the_users_language()
    {
        var admin = await new World(app).PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await app.ClientFor(admin.Token, "nl-BE").GetStringAsync("/Admin/Outbox"));
        var names = Regex.Matches(html, "role=\"region\" aria-label=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.EndsWith("(tabel, schuift opzij op kleine schermen)", n));
        Assert.DoesNotContain("Tabel (schuift opzij op kleine schermen)", names);
    }
}
