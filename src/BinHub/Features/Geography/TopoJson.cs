using System.Globalization;
using System.Text;
using System.Text.Json;

namespace BinHub.Features.Geography;

/// <summary>
/// Decodes TopoJSON (quantised, delta-encoded arcs; a negative arc index means the arc reversed) into one
/// GeoJSON geometry per feature. Coordinates are rounded to 5 decimals (about a metre): enough to draw.
/// </summary>
public static class TopoJson
{
    public sealed record Feature(int Index, IReadOnlyDictionary<string, JsonElement> Properties, List<List<List<double[]>>> Polygons)
    {
        public string Prop(string name) => Properties.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
    }

    public static List<Feature> Read(JsonElement topology, string objectName)
    {
        var (scale, translate) = Transform(topology);
        var arcs = topology.GetProperty("arcs").EnumerateArray().Select(a => Decode(a, scale, translate)).ToList();
        if (!topology.GetProperty("objects").TryGetProperty(objectName, out var collection))
            throw new FormatException($"no object '{objectName}'");
        var features = new List<Feature>();
        var index = 0;
        foreach (var g in collection.GetProperty("geometries").EnumerateArray())
        {
            var props = g.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.Clone())
                : new Dictionary<string, JsonElement>();
            var type = g.GetProperty("type").GetString();
            var polygons = type switch
            {
                "Polygon" => [Polygon(g.GetProperty("arcs"), arcs)],
                "MultiPolygon" => g.GetProperty("arcs").EnumerateArray().Select(poly => Polygon(poly, arcs)).ToList(),
                _ => throw new FormatException($"geometry {index}: unsupported type {type}"),
            };
            features.Add(new Feature(index++, props, polygons));
        }
        return features;
    }

    public static string ToGeoJson(IEnumerable<List<List<double[]>>> polygons)
    {
        var list = polygons.ToList();
        var sb = new StringBuilder();
        sb.Append(list.Count == 1 ? "{\"type\":\"Polygon\",\"coordinates\":" : "{\"type\":\"MultiPolygon\",\"coordinates\":[");
        for (var p = 0; p < list.Count; p++)
        {
            if (p > 0) sb.Append(',');
            sb.Append('[');
            for (var r = 0; r < list[p].Count; r++)
            {
                if (r > 0) sb.Append(',');
                sb.Append('[');
                var ring = list[p][r];
                for (var i = 0; i < ring.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    sb.Append('[').Append(ring[i][0].ToString("0.#####", CultureInfo.InvariantCulture)).Append(',')
                        .Append(ring[i][1].ToString("0.#####", CultureInfo.InvariantCulture)).Append(']');
                }
                sb.Append(']');
            }
            sb.Append(']');
        }
        sb.Append(list.Count == 1 ? "}" : "]}");
        return sb.ToString();
    }

    private static (double[] Scale, double[] Translate) Transform(JsonElement topology)
    {
        if (!topology.TryGetProperty("transform", out var t)) return ([1, 1], [0, 0]);
        return (t.GetProperty("scale").EnumerateArray().Select(x => x.GetDouble()).ToArray(),
                t.GetProperty("translate").EnumerateArray().Select(x => x.GetDouble()).ToArray());
    }

    private static List<double[]> Decode(JsonElement arc, double[] scale, double[] translate)
    {
        double x = 0, y = 0;
        var points = new List<double[]>();
        foreach (var position in arc.EnumerateArray())
        {
            x += position[0].GetDouble();
            y += position[1].GetDouble();
            points.Add([x * scale[0] + translate[0], y * scale[1] + translate[1]]);
        }
        return points;
    }

    private static List<List<double[]>> Polygon(JsonElement rings, List<List<double[]>> arcs) =>
        rings.EnumerateArray().Select(ring =>
        {
            var points = new List<double[]>();
            foreach (var a in ring.EnumerateArray())
            {
                var i = a.GetInt32();
                var arc = i >= 0 ? arcs[i] : Enumerable.Reverse(arcs[~i]).ToList();
                points.AddRange(points.Count == 0 ? arc : arc.Skip(1)); // consecutive arcs share their joining point
            }
            return points;
        }).ToList();
}
