namespace BinHub.Features.Geography;

/// <summary>
/// Where the reference geography lives: <c>Geo:Directory</c> (or <c>BINHUB_GEO_DIR</c>) if set, otherwise the copy
/// BinHub ships with itself (<c>ReferenceData/geo</c> beside BinHub.dll, from <c>src/BinHub/ReferenceData/geo</c>).
/// Nothing outside the application is looked for.
/// </summary>
public static class GeoDirectory
{
    /// <summary>The shipped copy, beside the application's assemblies.</summary>
    public static string Shipped => Path.Combine(AppContext.BaseDirectory, "ReferenceData", "geo");

    /// <summary>The configured folder, or null when none is configured.</summary>
    public static string? Configured(IConfiguration? config = null)
    {
        var configured = config?["Geo:Directory"] ?? Environment.GetEnvironmentVariable("BINHUB_GEO_DIR");
        return string.IsNullOrWhiteSpace(configured) ? null : Path.GetFullPath(configured);
    }

    /// <summary>The folder to import from, or null when the configured one (or, with none, the shipped one) is missing.</summary>
    public static string? Find(IConfiguration? config = null)
    {
        var configured = Configured(config);
        if (configured is not null) return Directory.Exists(configured) ? configured : null;
        return File.Exists(Path.Combine(Shipped, "belgium.json")) ? Shipped : null;
    }

    /// <summary>Where <see cref="Find"/> looked, for the message when it found nothing.</summary>
    public static string Describe(IConfiguration? config = null) =>
        Configured(config) is { } configured ? $"Geo:Directory = {configured}" : $"{Shipped} (shipped with BinHub; set Geo:Directory)";
}
