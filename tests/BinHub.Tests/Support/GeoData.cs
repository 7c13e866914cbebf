namespace BinHub.Tests.Support;

/// <summary>The shared reference geography beside the repository (../shared/data/geo), or BINHUB_GEO_DIR.</summary>
public static class GeoData
{
    public static string Directory => BinHub.Features.Geography.GeoDirectory.Find()
        ?? throw new InvalidOperationException("shared/data/geo not found beside the repository; set BINHUB_GEO_DIR.");
}
