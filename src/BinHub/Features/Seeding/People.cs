namespace BinHub.Features.Seeding;

/// <summary>Plausible Belgian names and neighbourhoods for synthetic data (no real persons).</summary>
internal static class People
{
    private static readonly string[] First = ["An", "Marc", "Sofie", "Jan", "Els", "Luc", "Nathalie", "Pieter", "Fatima", "Karim", "Marie", "Jean", "Isabelle", "Michel",
        "Lotte", "Wim", "Hanne", "Youssef", "Chantal", "Thomas", "Sarah", "Koen", "Inge", "Bart", "Julie", "Olivier", "Céline", "Dirk", "Nadia", "Stijn"];
    private static readonly string[] Last = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois",
        "Lambert", "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Vermeulen", "Van Damme", "El Amrani", "Bouzid", "Hermans", "Michiels", "Renard", "Lejeune"];
    private static readonly string[] QuarterNl = ["Centrum", "Noord", "Zuid", "Oost", "West", "Kerkwijk", "Stationsbuurt", "Molenwijk", "Dorp", "Heide", "Veld", "Kouter"];
    private static readonly string[] QuarterFr = ["Centre", "Nord", "Sud", "Est", "Ouest", "Église", "Gare", "Moulin", "Village", "Bruyères", "Plateau", "Château"];
    private static readonly string[] ZoneNl = ["Winkelcentrum", "Handelskern", "Markt", "Bedrijvenzone", "Winkelstraat"];
    private static readonly string[] ZoneFr = ["Centre commercial", "Cœur commerçant", "Marché", "Zoning", "Rue commerçante"];
    private static readonly string[] StreetsNl = ["Kerkstraat", "Stationsstraat", "Molenstraat", "Dorpsstraat", "Schoolstraat", "Nieuwstraat", "Kapelstraat", "Veldstraat", "Beekstraat", "Lindenlaan"];
    private static readonly string[] StreetsFr = ["Rue de l'Église", "Rue de la Gare", "Rue du Moulin", "Grand-Rue", "Rue de l'École", "Rue Neuve", "Rue de la Chapelle", "Place communale", "Rue du Centre", "Avenue des Tilleuls"];

    public static string Name(Random r) => $"{First[r.Next(First.Length)]} {Last[r.Next(Last.Length)]}";

    public static string BinName(Domain.BinType type, string municipality, bool french, int n, Random r)
    {
        var prefix = (type, french) switch { (Domain.BinType.Bin, false) => "BIN", (_, false) => "BIN-Z", (Domain.BinType.Bin, true) => "PLP", _ => "PLP-I" };
        var quarter = type == Domain.BinType.Bin ? (french ? QuarterFr : QuarterNl)[r.Next(12)] : (french ? ZoneFr : ZoneNl)[r.Next(5)];
        return n == 1 ? $"{prefix} {municipality} {quarter}" : $"{prefix} {municipality} {quarter} {n}";
    }

    public static IEnumerable<string> Streets(Random r, bool french) =>
        (french ? StreetsFr : StreetsNl).OrderBy(_ => r.Next()).Take(2 + r.Next(4));
}
