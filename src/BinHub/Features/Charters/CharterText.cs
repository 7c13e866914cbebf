namespace BinHub.Features.Charters;

/// <summary>
/// The charter template (version <see cref="Domain.CharterTemplate.CurrentVersion"/>) in the three national languages
/// and English. A change of wording is a new template version: approved charters keep the version they were signed on.
/// </summary>
public static class CharterText
{
    public sealed record Text(string Title, string Parties, string[] Articles, string Validity, string[] PartyNames, string Template);

    public static readonly IReadOnlyDictionary<string, Text> All = new Dictionary<string, Text>
    {
        ["nl"] = new("Charter Buurtinformatienetwerk",
            "Tussen het buurtinformatienetwerk {0}, de politiezone {1} en de gemeente {2} wordt het volgende overeengekomen.",
            [
                "Het BIN bevordert de veiligheid en de sociale samenhang in de buurt door informatie uit te wisselen tussen burgers, politie en gemeente.",
                "Leden melden verdachte feiten aan de politie; het BIN vervangt nooit de noodnummers 112 en 101.",
                "De gemandateerde politieambtenaar beoordeelt meldingen en beslist over berichten aan de leden, via de kanalen van het communicatieplan.",
                "De coördinator is het aanspreekpunt van het BIN en houdt de ledenlijst bij in overeenstemming met de privacyregels (AVG).",
                "De gemeente ondersteunt het BIN en volgt het op samen met de politie.",
                "De partners evalueren de werking jaarlijks; elke partij kan het charter met redenen opzeggen.",
            ],
            "Dit charter is geldig tot {0} en wordt daarna hernieuwd.",
            ["Voor het BIN (coördinator)", "Voor de politie", "Voor de gemeente"], "Sjabloon"),
        ["fr"] = new("Charte du Partenariat Local de Prévention",
            "Entre le partenariat local de prévention {0}, la zone de police {1} et la commune de {2}, il est convenu ce qui suit.",
            [
                "Le PLP favorise la sécurité et la cohésion sociale du quartier par l'échange d'informations entre citoyens, police et commune.",
                "Les membres signalent les faits suspects à la police ; le PLP ne remplace jamais les numéros d'urgence 112 et 101.",
                "Le fonctionnaire de police mandaté évalue les signalements et décide des messages aux membres, par les canaux du plan de communication.",
                "Le coordinateur est le point de contact du PLP et tient la liste des membres conformément aux règles de protection des données (RGPD).",
                "La commune soutient le PLP et en assure le suivi avec la police.",
                "Les partenaires évaluent le fonctionnement chaque année ; chaque partie peut résilier la charte de manière motivée.",
            ],
            "La présente charte est valable jusqu'au {0} et sera ensuite renouvelée.",
            ["Pour le PLP (coordinateur)", "Pour la police", "Pour la commune"], "Modèle"),
        ["de"] = new("Charta des Bürgerinformationsnetzwerks",
            "Zwischen dem Bürgerinformationsnetzwerk {0}, der Polizeizone {1} und der Gemeinde {2} wird Folgendes vereinbart.",
            [
                "Das BIN fördert die Sicherheit und den sozialen Zusammenhalt im Viertel durch den Informationsaustausch zwischen Bürgern, Polizei und Gemeinde.",
                "Mitglieder melden verdächtige Tatsachen der Polizei; das BIN ersetzt niemals die Notrufnummern 112 und 101.",
                "Der beauftragte Polizeibeamte bewertet die Meldungen und entscheidet über Nachrichten an die Mitglieder über die Kanäle des Kommunikationsplans.",
                "Der Koordinator ist die Kontaktperson des BIN und führt die Mitgliederliste gemäß den Datenschutzregeln (DSGVO).",
                "Die Gemeinde unterstützt das BIN und begleitet es gemeinsam mit der Polizei.",
                "Die Partner bewerten die Arbeit jährlich; jede Partei kann die Charta mit Begründung kündigen.",
            ],
            "Diese Charta gilt bis zum {0} und wird danach erneuert.",
            ["Für das BIN (Koordinator)", "Für die Polizei", "Für die Gemeinde"], "Vorlage"),
        ["en"] = new("Neighbourhood Information Network Charter",
            "Between the neighbourhood information network {0}, police zone {1} and the municipality of {2}, the following is agreed.",
            [
                "The BIN furthers safety and social cohesion in the neighbourhood by sharing information between citizens, police and municipality.",
                "Members report suspicious facts to the police; the BIN never replaces the emergency numbers 112 and 101.",
                "The mandated police officer assesses reports and decides on messages to the members, over the channels of the communication plan.",
                "The coordinator is the BIN's contact point and keeps the member list in line with data protection rules (GDPR).",
                "The municipality supports the BIN and follows it up together with the police.",
                "The partners review the work every year; each party may end the charter, giving reasons.",
            ],
            "This charter is valid until {0} and is renewed afterwards.",
            ["For the BIN (coordinator)", "For the police", "For the municipality"], "Template"),
    };

    public static Text For(string lang) => All.TryGetValue(lang, out var t) ? t : All["nl"];
}
