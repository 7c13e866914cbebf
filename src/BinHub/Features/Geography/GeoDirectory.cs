namespace BinHub.Features.Geography;

/// <summary>
/// Where the reference geography lives: <c>Geo:Directory</c> if configured, otherwise the project's sibling
/// <c>shared/data/geo</c> folder, found by walking up from the working and application directories.
/// </summary>
public static class GeoDirectory
{
    public static string? Find(IConfiguration? config = null)
    {
        var configured = config?["Geo:Directory"] ?? Environment.GetEnvironmentVariable("BINHUB_GEO_DIR");
        if (!string.IsNullOrWhiteSpace(configured)) return Directory.Exists(configured) ? configured : null;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "geo");
                if (File.Exists(Path.Combine(candidate, "belgium.json"))) return candidate;
            }
        }
        return null;
    }
}
