using System.Globalization;
using System.Text.RegularExpressions;

namespace BinHub.Gateways.Voice;

public static partial class SpeechText
{
    /// <summary>
    /// The words and forms <see cref="Prepare"/> needs per language. These are not interface sentences (those live in
    /// tools/i18n/strings.tsv) but grammar for the speech rules: month names, how a time is said, abbreviations.
    /// </summary>
    private sealed class Lexicon
    {
        public required string Code { get; init; }
        public required CultureInfo Culture { get; init; }
        public required string At { get; init; }
        public required string Dot { get; init; }
        public required string Plus { get; init; }
        public required string And { get; init; }
        public required string Or { get; init; }
        public required string Percent { get; init; }
        public required string About { get; init; }
        public required string Number { get; init; }
        public required string Box { get; init; }
        public required string To { get; init; }
        public required string Metre { get; init; }
        public required string Metres { get; init; }
        public required string Kilometres { get; init; }
        public required string Centimetres { get; init; }
        public required string Kilograms { get; init; }
        public required string Minutes { get; init; }
        public required string KilometresPerHour { get; init; }
        public required Func<int, int, string> Time { get; init; }
        /// <summary>Day, month, year (null: not written), the word before the date (for German case endings).</summary>
        public required Func<int, int, int?, string, string> Date { get; init; }
        public required Func<string, string, string> Euro { get; init; }
        public required (Regex Pattern, string Word, bool Final)[] Abbreviations { get; init; }

        public static Lexicon For(string language) => language switch
        {
            "fr" => French,
            "de" => German,
            "en" => English,
            _ => Dutch,
        };

        private static (Regex, string, bool)[] Words(params (string Pattern, string Word)[] list) =>
            [.. list.Select(x => (new Regex(x.Pattern.TrimStart('!'), (x.Pattern.StartsWith('!') ? RegexOptions.None : RegexOptions.IgnoreCase) | RegexOptions.CultureInvariant),
                x.Word, x.Word is "enzovoort" or "et cetera" or "und so weiter" or "etc"))];

        private static string Cents(string cents) => cents.Length > 0 ? $" {cents}" : "";
        private static string Year(int? y) => y is int year ? $" {year}" : "";

        private static readonly string[] NlMonths = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
        private static readonly string[] FrMonths = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
        private static readonly string[] DeMonths = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
        private static readonly string[] EnMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
        /// <summary>German ordinal stems, 1 to 31, to which the case ending is added.</summary>
        private static readonly string[] DeOrdinals =
        [
            "erst", "zweit", "dritt", "viert", "fünft", "sechst", "siebt", "acht", "neunt", "zehnt", "elft", "zwölft", "dreizehnt",
            "vierzehnt", "fünfzehnt", "sechzehnt", "siebzehnt", "achtzehnt", "neunzehnt", "zwanzigst", "einundzwanzigst",
            "zweiundzwanzigst", "dreiundzwanzigst", "vierundzwanzigst", "fünfundzwanzigst", "sechsundzwanzigst", "siebenundzwanzigst",
            "achtundzwanzigst", "neunundzwanzigst", "dreißigst", "einunddreißigst",
        ];

        private static readonly Lexicon Dutch = new()
        {
            Code = "nl", Culture = new CultureInfo("nl-BE"), At = "apenstaartje", Dot = "punt", Plus = "plus", And = "en", Or = "of",
            Percent = "procent", About = "ongeveer", Number = "nummer", Box = "bus", To = "tot", Metre = "meter", Metres = "meter",
            Kilometres = "kilometer", Centimetres = "centimeter", Kilograms = "kilo", Minutes = "minuten", KilometresPerHour = "kilometer per uur",
            // 14:05 is "veertien uur vijf" in Belgium; a whole hour "veertien uur".
            Time = (h, m) => m == 0 ? $"{h} uur" : $"{h} uur {m}",
            Date = (d, m, y, _) => $"{d} {NlMonths[m - 1]}{Year(y)}",
            Euro = (whole, cents) => $"{whole} euro{Cents(cents)}",
            Abbreviations = Words(
                (@"\bbv\.|\bbvb\.|\bbijv\.", "bijvoorbeeld"), (@"\bca\.", "circa"), (@"\bong\.", "ongeveer"),
                (@"\bnr\.?(?=\s?[0-9])", "nummer"), (@"\bt\.h\.v\.?|\bthv\b", "ter hoogte van"), (@"\bi\.v\.m\.?", "in verband met"),
                (@"\bo\.a\.", "onder andere"), (@"\bm\.a\.w\.", "met andere woorden"), (@"\bm\.b\.t\.", "met betrekking tot"),
                (@"\ba\.u\.b\.?|\baub\b", "alstublieft"), (@"\benz\.", "enzovoort"), (@"\bdhr\.", "meneer"), (@"\bmevr\.", "mevrouw"),
                (@"\btel\.", "telefoon"), (@"\bzgn\.", "zogenaamde"), (@"(\p{L})str\.", "$1straat"), (@"\bstr\.", "straat"),
                (@"(\p{L})stwg\b\.?", "$1steenweg"), (@"\bstwg\b\.?", "steenweg"), (@"\bvs\.", "versus")),
        };

        private static readonly Lexicon French = new()
        {
            Code = "fr", Culture = new CultureInfo("fr-BE"), At = "arobase", Dot = "point", Plus = "plus", And = "et", Or = "ou",
            Percent = "pour cent", About = "environ", Number = "numéro", Box = "boîte", To = "à", Metre = "mètre", Metres = "mètres",
            Kilometres = "kilomètres", Centimetres = "centimètres", Kilograms = "kilos", Minutes = "minutes", KilometresPerHour = "kilomètres heure",
            // "quatorze heures cinq"; heure is feminine: "une heure", "vingt et une heures"; midi and minuit for the whole hours.
            Time = (h, m) => (h, m) switch
            {
                (0 or 24, 0) => "minuit",
                (12, 0) => "midi",
                _ => (h switch { 0 => "zéro heure", 1 => "une heure", 21 => "vingt et une heures", _ => $"{h} heures" }) + (m == 0 ? "" : $" {m}"),
            },
            Date = (d, m, y, _) => $"{(d == 1 ? "premier" : d.ToString(CultureInfo.InvariantCulture))} {FrMonths[m - 1]}{Year(y)}",
            Euro = (whole, cents) => $"{whole} {(whole is "0" or "1" ? "euro" : "euros")}{Cents(cents)}",
            Abbreviations = Words(
                (@"\benv\.", "environ"), (@"\bav\.(?=\s)", "avenue"), (@"\bbd\b\.?", "boulevard"), (@"\bch(?:ée\b|\.)", "chaussée"),
                (@"\bpl\.(?=\s)", "place"), (@"\bbte\b\.?", "boîte"), (@"\b(?:no|nr)\.?(?=\s?[0-9])", "numéro"),
                (@"\bt[ée]l\.", "téléphone"), (@"\bp\.\s?ex\.", "par exemple"), (@"\bs\.v\.p\.?|\bsvp\b", "s'il vous plaît"),
                (@"!\bM\.(?=\s\p{Lu})", "monsieur"), (@"\bMme\b\.?", "madame"), (@"\bc\.-?à-?d\.?|\bcàd\b", "c'est-à-dire"),
                (@"\bappt?\.", "appartement"), (@"\bvéh\.", "véhicule"), (@"\betc\.", "etc")),
        };

        private static readonly Lexicon German = new()
        {
            Code = "de", Culture = new CultureInfo("de-BE"), At = "at", Dot = "Punkt", Plus = "plus", And = "und", Or = "oder",
            Percent = "Prozent", About = "etwa", Number = "Nummer", Box = "Briefkasten", To = "bis", Metre = "Meter", Metres = "Meter",
            Kilometres = "Kilometer", Centimetres = "Zentimeter", Kilograms = "Kilo", Minutes = "Minuten", KilometresPerHour = "Stundenkilometer",
            // "vierzehn Uhr fünf"; "ein Uhr", not "eins Uhr".
            Time = (h, m) => $"{(h == 1 ? "ein" : h.ToString(CultureInfo.InvariantCulture))} Uhr" + (m == 0 ? "" : $" {m}"),
            // "am ersten Dezember", but "Datum: erster Dezember".
            Date = (d, m, y, before) => $"{GermanOrdinal(d, before)} {DeMonths[m - 1]}{Year(y)}",
            Euro = (whole, cents) => $"{whole} Euro{Cents(cents)}",
            Abbreviations = Words(
                (@"\bca\.", "circa"), (@"!(\p{Ll})str\.", "$1straße"), (@"!\bStr\.", "Straße"), (@"\bz\.\s?B\.", "zum Beispiel"),
                (@"\bbzw\.", "beziehungsweise"), (@"\bNr\.", "Nummer"), (@"\bTel\.", "Telefon"), (@"\bu\.\s?a\.", "unter anderem"),
                (@"\busw\.", "und so weiter"), (@"\bHr\.", "Herr"), (@"\bggf\.", "gegebenenfalls"), (@"\bevtl\.", "eventuell"),
                (@"\bmind\.", "mindestens"), (@"\bd\.\s?h\.", "das heißt"), (@"\bStd\.", "Stunden"), (@"\bMin\.", "Minuten"),
                (@"\bgeb\.", "geboren")),
        };

        private static readonly Lexicon English = new()
        {
            Code = "en", Culture = new CultureInfo("en-BE"), At = "at", Dot = "dot", Plus = "plus", And = "and", Or = "or",
            Percent = "percent", About = "about", Number = "number", Box = "box", To = "to", Metre = "metre", Metres = "metres",
            Kilometres = "kilometres", Centimetres = "centimetres", Kilograms = "kilos", Minutes = "minutes", KilometresPerHour = "kilometres per hour",
            // English listeners use the 12-hour clock: 14:05 is "two oh five P M".
            Time = (h, m) => (h, m) switch
            {
                (0 or 24, 0) => "midnight",
                (12, 0) => "noon",
                _ => $"{(h % 12 == 0 ? 12 : h % 12)}{(m == 0 ? "" : m < 10 ? $" oh {m}" : $" {m}")} {(h % 24 < 12 ? "A M" : "P M")}",
            },
            Date = (d, m, y, before) => $"{(before.Equals("the", StringComparison.OrdinalIgnoreCase) ? "" : "the ")}{d}{EnSuffix(d)} of {EnMonths[m - 1]}{Year(y)}",
            Euro = (whole, cents) => $"{whole} {(whole == "1" ? "euro" : "euros")}{Cents(cents)}",
            Abbreviations = Words(
                (@"\bapprox\.", "approximately"), (@"\be\.g\.", "for example"), (@"\bi\.e\.", "that is"), (@"\bno\.(?=\s?[0-9])", "number"),
                (@"!\bRd\.", "Road"), (@"!\bAve\.", "Avenue"), (@"!(?<=\p{Lu}\p{Ll}+\s)St\.", "Street"), (@"\btel\.", "telephone"),
                (@"\betc\.", "et cetera"), (@"\bapt\.", "apartment"), (@"\bvs\.", "versus")),
        };

        /// <summary>"ersten" after am/im/vom/zum…, "zweite" after der/die/das, "dritter" on its own.</summary>
        public static string GermanOrdinal(int n, string before) =>
            DeOrdinals[n - 1] + (DativeBefore().IsMatch(before) ? "en" : ArticleBefore().IsMatch(before) ? "e" : "er");

        public static readonly string[] DutchOrdinals =
        [
            "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende", "tiende", "elfde", "twaalfde",
            "dertiende", "veertiende", "vijftiende", "zestiende", "zeventiende", "achttiende", "negentiende", "twintigste",
            "eenentwintigste", "tweeëntwintigste", "drieëntwintigste", "vierentwintigste", "vijfentwintigste", "zesentwintigste",
            "zevenentwintigste", "achtentwintigste", "negenentwintigste", "dertigste", "eenendertigste",
        ];

        private static string EnSuffix(int d) => (d % 10, d / 10 % 10) switch
        {
            (_, 1) => "th", (1, _) => "st", (2, _) => "nd", (3, _) => "rd", _ => "th",
        };
    }

    [GeneratedRegex(@"^(?:am|im|vom|zum|dem|den|beim|seit|ab)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DativeBefore();
    [GeneratedRegex(@"^(?:der|die|das)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArticleBefore();
}
