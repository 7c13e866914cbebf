using BinHub.Features.Geography;
using Microsoft.Extensions.Configuration;

namespace BinHub.Tests.Geography;

/// <summary>
/// BinHub carries the reference geography it needs (README, licences and attribution beside the data), so a clone or a
/// published copy runs its demo without anything beside the repository; <c>Geo:Directory</c> points elsewhere.
/// </summary>
public class ShippedGeographyTests
{
    private static readonly string[] DataFiles = ["belgium.json", "REFNIS_2019.csv", "Politiezones.json", "muni2019_policezone2020.csv", "mergers_2025.csv"];

    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void Without_Geo_Directory_the_geography_is_the_copy_shipped_with_the_app_with_its_licences()
    {
        var dir = GeoDirectory.Find(Config([]));

        Assert.NotNull(dir);
        Assert.Equal(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "ReferenceData", "geo")), Path.GetFullPath(dir));
        foreach (var f in DataFiles) Assert.True(File.Exists(Path.Combine(dir, f)), $"{f} missing in {dir}");
        var readme = File.ReadAllText(Path.Combine(dir, "README.md"));
        Assert.Contains("CC0", readme);
        Assert.Contains("MIT", readme);
        Assert.Contains("Statbel", readme);
        Assert.Contains("Copyright (c) 2020 Arne Hoefkens", File.ReadAllText(Path.Combine(dir, "LICENSE.Belgium-Map.txt")));
        Assert.Contains("CC0 1.0 Universal", File.ReadAllText(Path.Combine(dir, "LICENSE.belgium-topojson.md")));
    }

    [Fact]
    public void Geo_Directory_overrides_the_shipped_copy()
    {
        var elsewhere = Directory.CreateTempSubdirectory("binhub-geo-").FullName;
        File.WriteAllText(Path.Combine(elsewhere, "belgium.json"), "{}");

        Assert.Equal(Path.GetFullPath(elsewhere), Path.GetFullPath(GeoDirectory.Find(Config(new() { ["Geo:Directory"] = elsewhere }))!));
        Assert.Null(GeoDirectory.Find(Config(new() { ["Geo:Directory"] = Path.Combine(elsewhere, "missing") })));
    }

    [Fact]
    public async Task A_copy_of_the_app_started_far_from_the_repository_seeds_the_demo_on_first_start()
    {
        var app = BinHubExe.CopyOfTheApp();
        var elsewhere = Directory.GetParent(app)!.FullName; // a temporary folder: no repository, no ../shared above it

        BinHubExe.Outcome run;
        try
        {
            run = await BinHubExe.RunAsync(app, elsewhere, [], TimeSpan.FromMinutes(3),
                new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Development", ["ASPNETCORE_ENVIRONMENT"] = "Development" },
                until: text => text.Contains("=== BinHub demo accounts") && text.Contains("/Certificates/Verify: ")
                               || text.Contains("No demo data") || text.Contains("Now listening on"));
        }
        finally { BinHubExe.DeleteCopy(app); }

        Assert.Contains("==== BinHub demo accounts", run.Out);
        Assert.Contains("kenniscentrum@demo.binhub.be", run.Out);
        // With the accounts, the code of the demo's training certificate, to try the public verification page with.
        Assert.Matches(@"/Certificates/Verify: [A-Z2-9]{5}-[A-Z2-9]{5}", run.Out);
        Assert.DoesNotContain("No demo data", run.All);
    }
}
