using System.Globalization;
using BinHub.Domain;

namespace BinHub.Features.Geography;

/// <summary>
/// Official names the source files lack: German and English names of regions and provinces, and the German names
/// of the German-speaking municipalities. Anything not listed falls back to the names in the files.
/// </summary>
internal static class Names
{
    private static readonly Dictionary<string, (string Nl, string Fr, string De, string En)> Regions = new()
    {
        ["02000"] = ("Vlaams Gewest", "Région flamande", "Flämische Region", "Flemish Region"),
        ["03000"] = ("Waals Gewest", "Région wallonne", "Wallonische Region", "Walloon Region"),
        ["04000"] = ("Brussels Hoofdstedelijk Gewest", "Région de Bruxelles-Capitale", "Region Brüssel-Hauptstadt", "Brussels-Capital Region"),
    };

    private static readonly Dictionary<string, (string De, string En)> Provinces = new()
    {
        ["10000"] = ("Provinz Antwerpen", "Province of Antwerp"),
        ["20001"] = ("Provinz Flämisch-Brabant", "Province of Flemish Brabant"),
        ["20002"] = ("Provinz Wallonisch-Brabant", "Province of Walloon Brabant"),
        ["30000"] = ("Provinz Westflandern", "Province of West Flanders"),
        ["40000"] = ("Provinz Ostflandern", "Province of East Flanders"),
        ["50000"] = ("Provinz Hennegau", "Province of Hainaut"),
        ["60000"] = ("Provinz Lüttich", "Province of Liège"),
        ["70000"] = ("Provinz Limburg", "Province of Limburg"),
        ["80000"] = ("Provinz Luxemburg", "Province of Luxembourg"),
        ["90000"] = ("Provinz Namur", "Province of Namur"),
    };

    private static readonly Dictionary<string, string> GermanSpeaking = new()
    {
        ["63001"] = "Amel", ["63012"] = "Büllingen", ["63013"] = "Bütgenbach", ["63023"] = "Eupen", ["63040"] = "Kelmis",
        ["63048"] = "Lontzen", ["63061"] = "Raeren", ["63067"] = "Sankt Vith", ["63087"] = "Burg-Reuland",
    };

    public static Region Region(string code, Dictionary<string, (string Fr, string Nl)> refnis)
    {
        if (Regions.TryGetValue(code, out var n)) return new Region { Code = code, NameNl = n.Nl, NameFr = n.Fr, NameDe = n.De, NameEn = n.En };
        var (fr, nl) = refnis.TryGetValue(code, out var r) ? r : (code, code);
        return new Region { Code = code, NameNl = Title(nl), NameFr = Title(fr) };
    }

    public static Province Province(string code, string region, Dictionary<string, (string Fr, string Nl)> refnis, string? boundary)
    {
        var (fr, nl) = refnis.TryGetValue(code, out var r) ? r : (code, code);
        Provinces.TryGetValue(code, out var extra);
        return new Province { Code = code, RegionCode = region, NameNl = nl, NameFr = fr, NameDe = extra.De, NameEn = extra.En, BoundaryGeoJson = boundary };
    }

    public static string? GermanMunicipality(string nis) => GermanSpeaking.GetValueOrDefault(nis);

    private static string Title(string s) => CultureInfo.GetCultureInfo("fr-BE").TextInfo.ToTitleCase(s.ToLowerInvariant());
}
