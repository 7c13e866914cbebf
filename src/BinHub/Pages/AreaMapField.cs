using System.Globalization;
using BinHub.Features.Geography;

namespace BinHub.Pages;

/// <summary>
/// What Shared/_AreaMap draws: the map as an image button posting to the page's "Map" handler, with the projection in data
/// attributes for wwwroot/js/area-map.js, and the ids of the inputs a click fills (a point) or the field it adds corners to.
/// </summary>
public sealed record AreaMapField(AreaMap Map, string Src, string Alt, string Hint, string? LatId = null, string? LonId = null,
    string? RadiusId = null, string? AreaId = null)
{
    public string Base => Src.Split('?')[0];

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The SVG's address with what is being entered, so the map shows it after a post.</summary>
    public static string Address(string path, double? lat, double? lon, double? radiusKm = null, string? corners = null)
    {
        var query = new List<string>();
        if (lat is { } a && lon is { } o) query.AddRange([$"lat={Num(a)}", $"lon={Num(o)}"]);
        if (radiusKm is { } r) query.Add($"r={Num(r)}");
        if (!string.IsNullOrEmpty(corners)) query.Add("c=" + Uri.EscapeDataString(corners));
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }
}
