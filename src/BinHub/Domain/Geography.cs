namespace BinHub.Domain;

/// <summary>A Belgian region (NIS code such as 02000 Flanders).</summary>
public class Region
{
    public required string Code { get; set; }
    public required string NameNl { get; set; }
    public required string NameFr { get; set; }
    public string? NameDe { get; set; }
    public string? NameEn { get; set; }

    public string Name(string lang) => Localised.Pick(lang, NameNl, NameFr, NameDe, NameEn);
}

public class Province
{
    public required string Code { get; set; }
    public required string RegionCode { get; set; }
    public required string NameNl { get; set; }
    public required string NameFr { get; set; }
    public string? NameDe { get; set; }
    public string? NameEn { get; set; }
    public string? BoundaryGeoJson { get; set; }

    public string Name(string lang) => Localised.Pick(lang, NameNl, NameFr, NameDe, NameEn);

    /// <summary>A projection for lists and figures: the names without the boundary (a province's is a large GeoJSON).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Province, Province>> WithoutBoundary = p => new Province
    {
        Code = p.Code, RegionCode = p.RegionCode, NameNl = p.NameNl, NameFr = p.NameFr, NameDe = p.NameDe, NameEn = p.NameEn,
    };
}

public class PoliceZone
{
    /// <summary>The federal zone number, e.g. 5415 (PZ Gent).</summary>
    public int Number { get; set; }
    public required string Name { get; set; }
    public string? RegionCode { get; set; }
    public string? BoundaryGeoJson { get; set; }
}

/// <summary>
/// A municipality by NIS code. Codes that ceased to exist in a merger stay as history rows
/// (<see cref="MergedIntoNis"/> set) so that BINs registered under an old code still resolve.
/// </summary>
public class Municipality
{
    public required string Nis { get; set; }
    public required string NameNl { get; set; }
    public required string NameFr { get; set; }
    public string? NameDe { get; set; }
    public string? NameEn { get; set; }
    public string? ProvinceCode { get; set; }
    public required string RegionCode { get; set; }
    public int? PoliceZoneNumber { get; set; }
    public long Population { get; set; }
    public string? BoundaryGeoJson { get; set; }
    public bool IsCurrent { get; set; } = true;
    public string? MergedIntoNis { get; set; }
    public DateOnly? ValidUntil { get; set; }
    /// <summary>Zones of the former parts when they differ: a person must choose, we never guess.</summary>
    public string? ZoneCandidates { get; set; }

    public Region? Region { get; set; }
    public Province? Province { get; set; }
    public PoliceZone? PoliceZone { get; set; }

    public bool NeedsZoneDecision => PoliceZoneNumber is null && !string.IsNullOrEmpty(ZoneCandidates);
    public string Name(string lang) => Localised.Pick(lang, NameNl, NameFr, NameDe, NameEn);
}

public static class Localised
{
    /// <summary>Picks the name in the language asked, falling back nl → fr for de/en (no official names there).</summary>
    public static string Pick(string lang, string nl, string fr, string? de, string? en) => lang switch
    {
        "fr" => fr,
        "de" => de ?? nl,
        "en" => en ?? nl,
        _ => nl,
    };
}
