using BinHub.Gateways.Voice;

namespace BinHub.Tests.Voice;

/// <summary>What espeak-ng is given to read, per language, for real police-style texts.</summary>
public class SpeechTextTests
{
    private static string Say(string text, string lang) => SpeechText.Prepare(text, lang);

    [Theory]
    [InlineData("nl", "Verdacht voertuig met nummerplaat 1-ABC-234 gezien in de Kerkstraat.", "1, A B C, 2 3 4")]
    [InlineData("fr", "Véhicule suspect immatriculé 1-ABC-234 aperçu rue de l'Église.", "1, A B C, 2 3 4")]
    [InlineData("de", "Verdächtiges Fahrzeug mit dem Kennzeichen 1-ABC-234 in der Kirchstraße gesehen.", "1, A B C, 2 3 4")]
    [InlineData("en", "Suspicious car 1-ABC-234 seen in Church Street.", "1, Eh B C, 2 3 4")] // espeak's English "A" alone is the article
    public void A_belgian_plate_is_read_character_by_character_in_every_language(string lang, string text, string expected)
    {
        var spoken = Say(text, lang);
        Assert.Contains(expected, spoken);
        Assert.DoesNotContain("ABC", spoken);
        Assert.DoesNotContain("234", spoken);
    }

    [Theory]
    [InlineData("Witte bestelwagen 2ABC123 en een oude wagen ABC-123 gezien.", "2, A B C, 1 2 3", "A B C, 1 2 3")]
    [InlineData("Voiture 1-xyz-987 et ancienne plaque 123-XYZ.", "1, X Y Z, 9 8 7", "1 2 3, X Y Z")]
    public void Plates_without_dashes_in_lower_case_and_of_the_old_formats_are_spelled(string text, string first, string second)
    {
        var spoken = Say(text, "nl");
        Assert.Contains(first, spoken);
        Assert.Contains(second, spoken);
    }

    [Fact]
    public void A_foreign_plate_after_the_word_plate_is_spelled()
    {
        Assert.Contains("A B, 1 2 3, C D", Say("Voiture française, plaque AB-123-CD, en fuite.", "fr"));
        Assert.Contains("B, M K, 4 5 6", Say("Auto mit Kennzeichen B-MK-456 flüchtig.", "de"));
    }

    [Theory]
    [InlineData("nl", "Inbraak om 14:05 in de Dorpsstraat.", "14 uur 5")]
    [InlineData("nl", "Inbraak om 14u05.", "14 uur 5")]
    [InlineData("nl", "Gezien rond 3u 's nachts.", "3 uur")]
    [InlineData("nl", "Tussen 14.30 uur en 15 uur.", "14 uur 30")]
    [InlineData("nl", "Om 18.00 sluit het gemeentehuis.", "18 uur")]
    [InlineData("fr", "Cambriolage à 14h05 avenue Louise.", "14 heures 5")]
    [InlineData("fr", "Vol vers 1h du matin.", "une heure")]
    [InlineData("fr", "Rendez-vous à 21h30.", "vingt et une heures 30")]
    [InlineData("fr", "Fermeture à 12h00.", "midi")]
    [InlineData("de", "Einbruch um 14:05 Uhr in der Hauptstraße.", "14 Uhr 5")]
    [InlineData("de", "Gegen 1 Uhr nachts.", "ein Uhr")]
    [InlineData("en", "Burglary at 14:05 in Main Street.", "2 oh 5 P M")]
    [InlineData("en", "Seen at 9:30 this morning.", "9 30 A M")]
    [InlineData("en", "Seen at 2.30pm near the school.", "2 30 P M")]
    public void Times_are_said_the_local_way(string lang, string text, string expected)
    {
        var spoken = Say(text, lang);
        Assert.Contains(expected, spoken);
        Assert.DoesNotContain(":0", spoken);
    }

    [Theory]
    [InlineData("nl", "Tussen 14u-16u verhoogd toezicht.", "14 uur tot 16 uur")]
    [InlineData("fr", "Contrôles de 14h à 16h, 14h-16h.", "14 heures à 16 heures")]
    [InlineData("de", "Kontrollen 14-16 Uhr.", "14 Uhr bis 16 Uhr")]
    [InlineData("en", "Checks 14:00-16:00.", "2 P M to 4 P M")]
    public void A_time_range_is_read_with_the_local_word_for_to(string lang, string text, string expected) =>
        Assert.Contains(expected, Say(text, lang));

    [Fact]
    public void An_english_duration_in_hours_is_not_read_as_a_clock_time() =>
        Assert.Contains("2 hours", Say("The road is closed for 2h.", "en"));

    [Theory]
    [InlineData("nl", "Infoavond op 01/12 in de sporthal.", "1 december")]
    [InlineData("nl", "Inbraakgolf sinds 1.12.2026.", "1 december 2026")]
    [InlineData("fr", "Réunion le 01/12/2026 à la maison communale.", "premier décembre 2026")]
    [InlineData("fr", "Depuis le 15/08.", "15 août")]
    [InlineData("de", "Versammlung am 1.12. um 19 Uhr.", "am ersten Dezember")]
    [InlineData("de", "Datum: 03.10.26", "dritter Oktober 2026")]
    [InlineData("en", "Meeting on 01/12 at the town hall.", "the 1st of December")]
    [InlineData("en", "Since 22/03/2026.", "the 22nd of March 2026")]
    public void Dates_are_read_as_day_and_month_name(string lang, string text, string expected) =>
        Assert.Contains(expected, Say(text, lang));

    [Fact]
    public void A_german_date_keeps_its_closing_dot_only_where_the_sentence_ends()
    {
        Assert.Contains("ersten Dezember um", Say("Versammlung am 1.12. um 19 Uhr.", "de"));
        Assert.EndsWith("ersten Dezember.", Say("Versammlung am 1.12.", "de"));
    }

    [Theory]
    [InlineData("nl", "Bel bij twijfel de politie op 0470 12 34 56.", "0 4 7 0, 1 2, 3 4, 5 6")]
    [InlineData("nl", "Wijkagent: 09/123.45.67.", "0 9, 1 2 3, 4 5, 6 7")]
    [InlineData("fr", "Contactez le 0470123456.", "0 4 7 0, 1 2, 3 4, 5 6")]
    [InlineData("de", "Rufen Sie +32 87 12 34 56 an.", "plus 3 2, 8 7, 1 2, 3 4, 5 6")]
    [InlineData("en", "Call +32 (0)2 555 12 12.", "plus 3 2, 2, 5 5 5, 1 2, 1 2")]
    public void Phone_numbers_are_read_digit_by_digit_in_their_groups(string lang, string text, string expected) =>
        Assert.Contains(expected, Say(text, lang));

    [Fact]
    public void A_phone_number_followed_by_a_time_keeps_the_time()
    {
        var spoken = Say("Bel 09 123 45 67 14:05 gezien.", "nl");
        Assert.Contains("0 9, 1 2 3, 4 5, 6 7", spoken);
        Assert.Contains("14 uur 5", spoken);
    }

    [Theory]
    [InlineData("nl", "Bel 112 bij nood, 101 voor de politie.", "112", "101")]
    [InlineData("fr", "Appelez le 112 en cas d'urgence, le 101 pour la police.", "112", "101")]
    [InlineData("de", "Rufen Sie die 112 oder die 101 an.", "1 1 2", "1 0 1")]
    [InlineData("en", "Call 112 in an emergency or 101 for the police.", "1 1 2", "1 0 1")]
    public void Emergency_numbers_are_said_as_people_say_them_in_each_language(string lang, string text, string emergency, string police)
    {
        var spoken = Say(text, lang);
        Assert.Contains(emergency, spoken);
        Assert.Contains(police, spoken);
    }

    [Fact]
    public void The_doctor_on_duty_number_is_said_in_pairs_in_dutch_and_french()
    {
        Assert.Contains("17 33", Say("Huisarts van wacht: 1733.", "nl"));
        Assert.Contains("17 33", Say("Médecin de garde : 1733.", "fr"));
        Assert.Contains("1 7 3 3", Say("Bereitschaftsarzt: 1733.", "de"));
    }

    [Fact]
    public void A_german_house_number_after_a_street_is_not_read_as_an_emergency_number() =>
        Assert.Contains("Hauptstraße 101", Say("Einbruch in der Hauptstraße 101.", "de"));

    [Theory]
    [InlineData("nl", "Inbraak in Kerkstraat 12A, nr. 14 en Stationsstraat 5/2.", "12 A", "nummer 14", "5 bus 2")]
    [InlineData("fr", "Vol au n° 12, av. Louise 14B bte 3.", "numéro 12", "avenue Louise 14 B", "boîte 3")]
    [InlineData("de", "Einbruch Kirchstr. 12, Nr. 14a.", "Kirchstraße 12", "Nummer 14 A", "Einbruch")]
    [InlineData("en", "Break-in at no. 12, 14A Station Rd.", "number 12", "14 Eh", "Station Road")]
    public void House_numbers_and_street_abbreviations_are_read_in_full(string lang, string text, string a, string b, string c)
    {
        var spoken = Say(text, lang);
        Assert.Contains(a, spoken);
        Assert.Contains(b, spoken);
        Assert.Contains(c, spoken);
    }

    [Theory]
    [InlineData("nl", "Verdachte, ca. 1m80, bv. zwarte jas, t.h.v. de Gentsestwg. gezien.", new[] { "circa 1 meter 80", "bijvoorbeeld", "ter hoogte van de Gentsesteenweg" })]
    [InlineData("nl", "Ong. 30 min. gewacht, enz. De dader vluchtte.", new[] { "ongeveer 30 minuten", "enzovoort. De dader" })]
    [InlineData("fr", "Suspect d'env. 1,80 m, vu bd Anspach et chée de Wavre, svp restez prudents.", new[] { "environ 1 mètre 80", "boulevard Anspach", "chaussée de Wavre", "s'il vous plaît" })]
    [InlineData("de", "Täter ca. 1,80 m groß, z.B. dunkle Jacke, usw. Bitte melden.", new[] { "circa 1 Meter 80", "zum Beispiel", "und so weiter" })]
    [InlineData("en", "Suspect approx. 1.80 m tall, e.g. dark jacket, seen on the E40 at 120 km/h.", new[] { "approximately 1 metre 80", "for example", "E 40", "120 kilometres per hour" })]
    public void Abbreviations_and_measures_common_in_police_texts_are_read_in_full(string lang, string text, string[] expected)
    {
        var spoken = Say(text, lang);
        foreach (var e in expected) Assert.Contains(e, spoken);
    }

    [Theory]
    [InlineData("nl", "Buit: € 1.500 en 12,50 € aan munten; 50% van de huizen.", new[] { "1500 euro", "12 euro 50", "50 procent" })]
    [InlineData("fr", "Butin : 1.500 € & 1 € ; 50 % des maisons.", new[] { "1500 euros", "1 euro", "et", "50 pour cent" })]
    [InlineData("de", "Beute: 1.500 EUR; 50% der Häuser.", new[] { "1500 Euro", "50 Prozent" })]
    [InlineData("en", "Loot: €1,500 and €12.50; 50% of homes.", new[] { "1500 euros", "12 euros 50", "50 percent" })]
    public void Amounts_percentages_and_symbols_become_words(string lang, string text, string[] expected)
    {
        var spoken = Say(text, lang);
        foreach (var e in expected) Assert.Contains(e, spoken);
        Assert.DoesNotContain("€", spoken);
        Assert.DoesNotContain("%", spoken);
        Assert.DoesNotContain("&", spoken);
    }

    [Fact]
    public void Web_addresses_are_reduced_to_the_site_and_mail_addresses_spelled()
    {
        var nl = Say("Meer info op https://www.politie.be/5415/nieuws?id=12 of mail naar info@bin-gent.be.", "nl");
        Assert.Contains("politie punt B E", nl);
        Assert.DoesNotContain("5415", nl);
        Assert.DoesNotContain("http", nl);
        Assert.Contains("info apenstaartje bin gent punt B E", nl);
        Assert.Contains("arobase", Say("Écrivez à contact@plp-namur.be.", "fr"));
    }

    [Fact]
    public void Emoji_and_pictographs_are_dropped_and_words_kept()
    {
        var spoken = Say("🚨⚠️ INBRAAK 🏠 in de buurt! 👮‍♂️ Blijf alert 👍🏽", "nl");
        Assert.Equal("inbraak in de buurt! Blijf alert.", spoken);
    }

    [Fact]
    public void Capital_words_are_read_as_words_and_acronyms_are_spelled()
    {
        var spoken = Say("OPGELET: INBRAAK IN DE WIJK. Zwarte BMW, PV opgesteld, meld het via de GSM aan uw BIN.", "nl");
        Assert.Contains("opgelet: inbraak in de wijk.", spoken);
        Assert.Contains("B M W", spoken);
        Assert.Contains("P V", spoken);
        Assert.Contains("G S M", spoken);
        Assert.Contains("uw bin", spoken);
        Assert.Contains("P L P", Say("Message de votre PLP.", "fr"));
    }

    [Fact]
    public void Lines_and_bullets_become_sentences_so_espeak_pauses()
    {
        var spoken = Say("Signalement\n- homme, 30 ans\n- veste rouge\n\nPrudence", "fr");
        Assert.Equal("Signalement. homme, 30 ans. veste rouge. Prudence.", spoken);
    }

    [Fact]
    public void Brackets_slashes_and_quotes_become_pauses_or_words()
    {
        var spoken = Say("Twee daders (man/vrouw) \"gewapend\" en/of gemaskerd!!!", "nl");
        Assert.Equal("Twee daders, man of vrouw, gewapend en of gemaskerd!", spoken);
    }

    [Theory]
    [InlineData("nl", "Inbraak op de 2e verdieping, voor de 3de keer, de 21ste.", new[] { "tweede verdieping", "derde keer", "eenentwintigste" })]
    [InlineData("fr", "Vol au 2e étage, pour la 1re fois.", new[] { "2ème étage", "première fois" })]
    [InlineData("de", "Einbruch im 2. Stock, der 3. Fall am 1. Dezember.", new[] { "im zweiten Stock", "der dritte Fall", "am ersten Dezember" })]
    public void Ordinals_are_read_as_ordinals(string lang, string text, string[] expected)
    {
        var spoken = Say(text, lang);
        foreach (var e in expected) Assert.Contains(e, spoken);
    }

    [Fact]
    public void Long_reference_numbers_are_read_digit_by_digit()
    {
        var spoken = Say("Dossier 2026123456 geopend.", "nl");
        Assert.Contains("2 0 2 6, 1 2, 3 4, 5 6", spoken);
        Assert.Contains("9000 Gent", Say("Politiepost 9000 Gent.", "nl")); // a postcode is said as a number
    }

    [Theory]
    [InlineData("nl")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("en")]
    public void Nothing_is_cut_off_however_long_the_text(string lang)
    {
        var text = string.Join(" ", Enumerable.Range(1, 400).Select(i => $"Zin {i} over de wijk.")) + " Einde van het bericht slotwoord";
        var spoken = Say(text, lang);
        Assert.Contains("Zin 1 over", spoken);
        Assert.Contains("Zin 400 over", spoken);
        Assert.EndsWith("slotwoord.", spoken);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("🚨🚨")]
    public void An_empty_text_stays_empty(string text) => Assert.Equal("", Say(text, "nl"));

    [Fact]
    public void An_unknown_language_is_read_in_dutch() =>
        Assert.Contains("14 uur 5", Say("Om 14:05.", "xx"));

    [Fact]
    public void A_full_dutch_alarm_reads_naturally()
    {
        var spoken = Say("INBRAAK BEZIG Kerkstraat 12A, 9000 Gent, om 14u05. Daders gevlucht in grijze VW 1-ABC-234 richting E40. Zie je iets? Bel 112!", "nl");
        Assert.Equal("inbraak bezig Kerkstraat 12 A, 9000 Gent, om 14 uur 5. Daders gevlucht in grijze V W 1, A B C, 2 3 4, richting E 40. Zie je iets? Bel 112!", spoken);
    }
}
