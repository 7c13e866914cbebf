using System.Globalization;
using System.Text.Json;
using BinHub.Data;
using BinHub.Domain;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Geography;

public sealed class GeoImportException(string file, string where, string message) : Exception($"{file}, {where}: {message}")
{
    public string File { get; } = file;
}

/// <summary>
/// Imports the reference geography from the official formats (Statbel TopoJSON and REFNIS CSV, the police-zone
/// TopoJSON, the municipality → zone table, the 2025 merger list). Every file is read and checked before anything
/// is written; the write is one transaction and an upsert by code, so a second run changes nothing.
/// The 1 January 2025 mergers are applied: old codes stay as history pointing to their successor. A merged
/// municipality whose former parts lay in different police zones gets no zone: a person decides (<see cref="DecideZone"/>).
/// </summary>
public static class ImportGeo
{
    public sealed record ZoneConflict(string Nis, string Name, int[] Candidates);

    public sealed record Result(int Regions, int Provinces, int Zones, int Municipalities, int Current, int MergedAway, IReadOnlyList<ZoneConflict> Conflicts);

    public static readonly DateOnly LastDayBeforeMergers = new(2024, 12, 31);

    private sealed record MuniIn(string Nis, string NameNl, string NameFr, string? Province, string Region, long Population, List<List<List<double[]>>> Shape);

    public static async Task<Result> RunAsync(BinHubDb db, string dir, IProgress<string>? progress, CancellationToken ct)
    {
        if (!Directory.Exists(dir)) throw new GeoImportException(dir, "directory", "does not exist");

        progress?.Report("Reading belgium.json (municipalities, provinces)…");
        var topology = ReadJson(dir, "belgium.json");
        var municipalities = ReadMunicipalities(topology);
        var provinceShapes = Features(topology, "provinces", "belgium.json")
            .Where(f => f.Prop("nis").Length == 5).ToDictionary(f => f.Prop("nis"), f => f);
        progress?.Report("Reading REFNIS_2019.csv…");
        var refnis = ReadRefnis(dir);
        progress?.Report("Reading Politiezones.json and muni2019_policezone2020.csv…");
        var zoneShapes = ReadZoneShapes(dir);
        var zoneOf = ReadZoneTable(dir, municipalities.Keys);
        progress?.Report("Reading mergers_2025.csv…");
        var mergers = ReadMergers(dir, municipalities);

        // Target rows, built entirely in memory first.
        var regions = municipalities.Values.Select(m => m.Region).Distinct().Select(code => Names.Region(code, refnis)).ToList();
        var provinces = municipalities.Values.Where(m => m.Province is not null).Select(m => m.Province!).Distinct()
            .Select(code => Names.Province(code, municipalities.Values.First(m => m.Province == code).Region, refnis,
                provinceShapes.TryGetValue(code, out var f) ? TopoJson.ToGeoJson(f.Polygons) : null)).ToList();
        var zones = zoneOf.Values.Select(z => z.Number).Distinct().Select(n => new PoliceZone
        {
            Number = n,
            Name = zoneShapes.TryGetValue(n, out var s) ? s.Name : zoneOf.Values.First(z => z.Number == n).Name,
            RegionCode = municipalities[zoneOf.First(kv => kv.Value.Number == n).Key].Region,
            BoundaryGeoJson = zoneShapes.TryGetValue(n, out var shape) ? shape.GeoJson : null,
        }).ToList();

        var rows = municipalities.Values.Select(m => new Municipality
        {
            Nis = m.Nis, NameNl = m.NameNl, NameFr = m.NameFr, NameDe = Names.GermanMunicipality(m.Nis), ProvinceCode = m.Province, RegionCode = m.Region,
            Population = m.Population, BoundaryGeoJson = TopoJson.ToGeoJson(m.Shape), PoliceZoneNumber = zoneOf[m.Nis].Number, IsCurrent = true,
        }).ToDictionary(m => m.Nis);

        var conflicts = new List<ZoneConflict>();
        foreach (var group in mergers.GroupBy(x => x.NewNis))
        {
            var parts = group.Select(x => municipalities[x.OldNis]).ToList();
            var sameArrondissement = parts.FirstOrDefault(p => p.Nis[..2] == group.Key[..2]) ?? parts[0];
            var namesake = parts.FirstOrDefault(p => p.NameNl == group.First().NewName);
            if (!rows.TryGetValue(group.Key, out var merged))
            {
                merged = new Municipality
                {
                    Nis = group.Key, NameNl = group.First().NewName, NameFr = namesake?.NameFr ?? group.First().NewName,
                    RegionCode = sameArrondissement.Region, ProvinceCode = sameArrondissement.Province,
                };
                rows[group.Key] = merged;
            }
            merged.IsCurrent = true;
            merged.MergedIntoNis = null;
            merged.Population = parts.Sum(p => p.Population);
            merged.BoundaryGeoJson = TopoJson.ToGeoJson(parts.SelectMany(p => p.Shape));
            var candidates = parts.Select(p => zoneOf[p.Nis].Number).Distinct().Order().ToArray();
            merged.PoliceZoneNumber = candidates.Length == 1 ? candidates[0] : null;
            merged.ZoneCandidates = candidates.Length == 1 ? null : string.Join(',', candidates);
            if (candidates.Length > 1) conflicts.Add(new ZoneConflict(merged.Nis, merged.NameNl, candidates));
            foreach (var part in parts.Where(p => p.Nis != group.Key))
            {
                var old = rows[part.Nis];
                old.IsCurrent = false;
                old.MergedIntoNis = group.Key;
                old.ValidUntil = LastDayBeforeMergers;
            }
        }

        progress?.Report("Writing…");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await UpsertAsync(db, db.Regions, regions, r => r.Code, (e, n) => { e.NameNl = n.NameNl; e.NameFr = n.NameFr; e.NameDe = n.NameDe; e.NameEn = n.NameEn; }, ct);
        await db.SaveChangesAsync(ct);
        await UpsertAsync(db, db.Provinces, provinces, p => p.Code, (e, n) =>
        {
            e.RegionCode = n.RegionCode; e.NameNl = n.NameNl; e.NameFr = n.NameFr; e.NameDe = n.NameDe; e.NameEn = n.NameEn; e.BoundaryGeoJson = n.BoundaryGeoJson;
        }, ct);
        await UpsertAsync(db, db.PoliceZones, zones, z => z.Number, (e, n) => { e.Name = n.Name; e.RegionCode = n.RegionCode; e.BoundaryGeoJson = n.BoundaryGeoJson; }, ct);
        await db.SaveChangesAsync(ct);
        await UpsertAsync(db, db.Municipalities, rows.Values, m => m.Nis, (e, n) =>
        {
            e.NameNl = n.NameNl; e.NameFr = n.NameFr; e.NameDe = n.NameDe ?? e.NameDe; e.ProvinceCode = n.ProvinceCode; e.RegionCode = n.RegionCode;
            e.Population = n.Population; e.BoundaryGeoJson = n.BoundaryGeoJson; e.IsCurrent = n.IsCurrent; e.MergedIntoNis = n.MergedIntoNis; e.ValidUntil = n.ValidUntil;
            // A zone a person already decided among the same candidates survives a re-import.
            var decided = n.ZoneCandidates is not null && e.PoliceZoneNumber is { } z && n.ZoneCandidates.Split(',').Contains(z.ToString(CultureInfo.InvariantCulture));
            if (!decided) { e.PoliceZoneNumber = n.PoliceZoneNumber; e.ZoneCandidates = n.ZoneCandidates; }
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        var open = await db.Municipalities.Where(m => m.IsCurrent && m.PoliceZoneNumber == null).Select(m => m.Nis).ToListAsync(ct);
        return new Result(regions.Count, provinces.Count, zones.Count, rows.Count, rows.Values.Count(m => m.IsCurrent),
            rows.Values.Count(m => !m.IsCurrent), conflicts.Where(c => open.Contains(c.Nis)).ToList());
    }

    private static async Task UpsertAsync<T, TKey>(BinHubDb db, DbSet<T> set, IEnumerable<T> incoming, Func<T, TKey> key, Action<T, T> update, CancellationToken ct)
        where T : class where TKey : notnull
    {
        var existing = (await set.ToListAsync(ct)).ToDictionary(key);
        foreach (var row in incoming)
        {
            if (existing.TryGetValue(key(row), out var current)) update(current, row);
            else set.Add(row);
        }
    }

    private static JsonElement ReadJson(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) throw new GeoImportException(file, "file", "missing");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.Clone();
        }
        catch (JsonException e) { throw new GeoImportException(file, $"line {e.LineNumber + 1}", "not valid JSON"); }
    }

    private static List<TopoJson.Feature> Features(JsonElement topology, string name, string file)
    {
        try { return TopoJson.Read(topology, name); }
        catch (Exception e) when (e is FormatException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new GeoImportException(file, $"object '{name}'", e.Message);
        }
    }

    private static Dictionary<string, MuniIn> ReadMunicipalities(JsonElement topology)
    {
        var result = new Dictionary<string, MuniIn>();
        foreach (var f in Features(topology, "municipalities", "belgium.json"))
        {
            var nis = f.Prop("nis");
            var where = $"municipality feature {f.Index}";
            if (!IsNis(nis)) throw new GeoImportException("belgium.json", where, $"invalid NIS code '{nis}'");
            if (f.Prop("name_nl").Length == 0 || f.Prop("name_fr").Length == 0) throw new GeoImportException("belgium.json", where, "missing name");
            if (!IsNis(f.Prop("reg_nis"))) throw new GeoImportException("belgium.json", where, "missing region");
            if (!long.TryParse(f.Prop("population"), out var population) || population < 0) throw new GeoImportException("belgium.json", where, "invalid population");
            var province = f.Prop("prov_nis");
            if (!result.TryAdd(nis, new MuniIn(nis, f.Prop("name_nl"), f.Prop("name_fr"), province.Length == 0 ? null : province, f.Prop("reg_nis"), population, f.Polygons)))
                throw new GeoImportException("belgium.json", where, $"duplicate NIS code {nis}");
        }
        if (result.Count == 0) throw new GeoImportException("belgium.json", "object 'municipalities'", "no municipalities");
        return result;
    }

    private static Dictionary<string, (string Fr, string Nl)> ReadRefnis(string dir)
    {
        var result = new Dictionary<string, (string, string)>();
        foreach (var (row, line) in Csv(dir, "REFNIS_2019.csv", ';', 5))
        {
            if (!IsNis(row[0])) throw new GeoImportException("REFNIS_2019.csv", $"line {line}", $"invalid code '{row[0]}'");
            result[row[0]] = (row[1], row[4]);
        }
        return result;
    }

    private static Dictionary<int, (string Name, string GeoJson)> ReadZoneShapes(string dir)
    {
        var topology = ReadJson(dir, "Politiezones.json");
        var objectName = topology.GetProperty("objects").EnumerateObject().First().Name;
        var result = new Dictionary<int, (string, string)>();
        foreach (var f in Features(topology, objectName, "Politiezones.json"))
        {
            var label = f.Prop("NAME_4");
            var space = label.IndexOf(' ');
            if (space < 4 || !int.TryParse(label[..space], out var number))
                throw new GeoImportException("Politiezones.json", $"feature {f.Index}", $"NAME_4 '{label}' does not start with a zone number");
            result[number] = (label[(space + 1)..], TopoJson.ToGeoJson(f.Polygons));
        }
        return result;
    }

    private static Dictionary<string, (int Number, string Name)> ReadZoneTable(string dir, IEnumerable<string> municipalities)
    {
        var result = new Dictionary<string, (int, string)>();
        foreach (var (row, line) in Csv(dir, "muni2019_policezone2020.csv", ',', 7))
        {
            if (!IsNis(row[0])) throw new GeoImportException("muni2019_policezone2020.csv", $"line {line}", $"invalid NIS code '{row[0]}'");
            if (!int.TryParse(row[5], out var zone) || zone is < 5000 or > 5999)
                throw new GeoImportException("muni2019_policezone2020.csv", $"line {line}", $"invalid police zone number '{row[5]}'");
            result[row[0]] = (zone, row[6]);
        }
        var missing = municipalities.Where(m => !result.ContainsKey(m)).ToList();
        if (missing.Count > 0) throw new GeoImportException("muni2019_policezone2020.csv", "file", $"no police zone for {string.Join(", ", missing.Take(5))}");
        return result;
    }

    private sealed record Merger(string OldNis, string NewNis, string NewName);

    private static List<Merger> ReadMergers(string dir, Dictionary<string, MuniIn> municipalities)
    {
        var result = new List<Merger>();
        foreach (var (row, line) in Csv(dir, "mergers_2025.csv", ',', 4))
        {
            if (!IsNis(row[0]) || !IsNis(row[2])) throw new GeoImportException("mergers_2025.csv", $"line {line}", "invalid NIS code");
            if (!municipalities.ContainsKey(row[0])) throw new GeoImportException("mergers_2025.csv", $"line {line}", $"unknown municipality {row[0]}");
            if (row[3].Trim().Length == 0) throw new GeoImportException("mergers_2025.csv", $"line {line}", "missing new name");
            result.Add(new Merger(row[0], row[2], row[3].Trim()));
        }
        return result;
    }

    /// <summary>Rows after the header, with their 1-based line numbers, each checked for the expected number of columns.</summary>
    private static IEnumerable<(string[] Row, int Line)> Csv(string dir, string file, char delimiter, int minColumns)
    {
        var path = Path.Combine(dir, file);
        if (!File.Exists(path)) throw new GeoImportException(file, "file", "missing");
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter.ToString(), HasHeaderRecord = true, BadDataFound = null, MissingFieldFound = null };
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        using var csv = new CsvParser(reader, config);
        var rows = new List<(string[], int)>();
        var header = true;
        while (csv.Read())
        {
            var record = csv.Record ?? [];
            if (header) { header = false; continue; }
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length < minColumns) throw new GeoImportException(file, $"line {csv.RawRow}", $"expected at least {minColumns} columns, found {record.Length}");
            rows.Add((record.Select(x => x.Trim()).ToArray(), csv.RawRow));
        }
        return rows;
    }

    private static bool IsNis(string s) => s.Length == 5 && s.All(char.IsAsciiDigit);
}
