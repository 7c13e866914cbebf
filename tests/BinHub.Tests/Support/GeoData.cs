namespace BinHub.Tests.Support;

/// <summary>The reference geography BinHub ships (src/BinHub/ReferenceData/geo, copied beside the tests), or BINHUB_GEO_DIR.</summary>
public static class GeoData
{
    public static string Directory => BinHub.Features.Geography.GeoDirectory.Find()
        ?? throw new InvalidOperationException($"No reference geography at {BinHub.Features.Geography.GeoDirectory.Describe()}.");
}
