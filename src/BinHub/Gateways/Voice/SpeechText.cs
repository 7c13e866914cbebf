using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BinHub.Gateways.Voice;

/// <summary>
/// Turns a police text into text that espeak-ng reads the way a neighbour would say it, in nl, fr, de or en. Pure (no
/// I/O) and total: every word of the input is kept, nothing is cut off, whatever the length.
/// <para>Rules, in order (each rule's output is protected from the rules after it, so a plate is not read as a date):</para>
/// <list type="number">
/// <item>Emoji, pictographs, private-use and format characters are dropped; bullets and line breaks become sentence ends.</item>
/// <item>URLs are reduced to their site name ("politie punt be"): a listener can remember a site, not a path. E-mail
/// addresses are spelled out with the local word for @ and the dot.</item>
/// <item>Belgian licence plates (1-ABC-234, ABC-123, 123-ABC, and any code after "nummerplaat/plaque/Kennzeichen/plate")
/// are read character by character in groups: "1, A B C, 2 3 4" (espeak otherwise reads ABC as a word and 234 as a number).</item>
/// <item>Phone numbers (0470 12 34 56, 09/123.45.67, +32 …) are read digit by digit in the groups written, with a pause
/// between groups, so they can be written down.</item>
/// <item>Times (14:05, 14u05, 14h05, 14.05 uur, 3u, 14 Uhr, 2.30pm) are said the local way: nl "14 uur 5", fr "14 heures 5"
/// ("une heure", "midi", "minuit"), de "14 Uhr 5" ("ein Uhr"), en on the 12-hour clock ("2 oh 5 P M"). A range
/// "14u-16u" gets "tot/à/bis/to".</item>
/// <item>Dates (01/12, 1.12.2026, 01-12-26) become day and month name: nl "1 december", fr "premier décembre",
/// de "erster/ersten Dezember" (ersten after am/vom/zum/…), en "the 1st of December".</item>
/// <item>Emergency numbers as people say them: nl and fr as numbers ("honderdtwaalf", "cent douze", 101 "honderdeen",
/// "cent un", 1733 "zeventien drieëndertig") — that is how Belgians say them in Dutch and French; de and en digit by
/// digit ("eins eins zwei", "one one two"), the German and English convention (except as a house number after a street).</item>
/// <item>Amounts (€ 50, 12,50 €), percentages, heights (1m80), km/u, thousands separators (1.500) and long reference
/// numbers (5+ digits, read digit by digit).</item>
/// <item>House numbers ("12A" → "12 A", "nr. 12" → "nummer 12", "Kerkstraat 12/3" → "12 bus 3"), road numbers ("E40" → "E 40").</item>
/// <item>Abbreviations common in police texts per language (nl bv., ca., ong., str., t.h.v.; fr env., av., bd, bte;
/// de ca., Str., z.B., Nr.; en approx., e.g., Rd.).</item>
/// <item>ALL CAPS words are read as words (lower-cased); acronyms (no vowel, or a known one such as PV, SUV, GSM) are
/// spelled letter by letter.</item>
/// <item>Symbols (€ % &amp; / # + ±) become words or pauses; quotes and brackets become pauses; every sentence ends in
/// punctuation so espeak pauses.</item>
/// </list>
/// </summary>
public static partial class SpeechText
{
    public static string Prepare(string? text, string language)
    {
        var lex = Lexicon.For(language);
        var p = new Protected();
        var t = Clean(text ?? "");
        t = Urls(t, lex, p);
        t = Emails(t, lex, p);
        t = Plates(t, lex, p);
        t = Phones(t, lex, p);
        t = Times(t, lex, p);
        t = HouseBoxes(t, lex, p);
        t = Dates(t, lex, p);
        t = Ordinals(t, lex, p);
        t = Amounts(t, lex, p);
        t = Measures(t, lex, p);
        t = Emergency(t, lex, p);
        t = Numbers(t, lex, p);
        t = Abbreviations(t, lex);
        t = Capitals(t, lex, p);
        t = Symbols(t, lex);
        t = Sentences(t);
        return Tidy(p.Expand(t));
    }

    /// <summary>Reads characters one by one with a pause between groups: "1-ABC-234" → "1, A B C, 2 3 4".</summary>
    public static string Spell(params string[] groups) =>
        string.Join(", ", groups.Where(g => g.Length > 0).Select(g => string.Join(" ", g.ToUpperInvariant().ToCharArray())));

    /// <summary><see cref="Spell(string[])"/> for espeak-ng in one language.</summary>
    private static string SpellIn(Lexicon lex, params string[] groups)
    {
        var spelled = Spell(groups);
        // English espeak-ng reads a lone "A" as the article (a schwa); "Eh" is how it says the letter.
        return lex.Code == "en" ? LetterA().Replace(spelled, "Eh") : spelled;
    }

    // ---- 1. characters and lines -------------------------------------------------------------------------------

    private static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var r in text.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n').EnumerateRunes())
        {
            if (r.Value is '\n') { sb.Append('\n'); continue; }
            if (r.Value is '\u2019' or '\u2018' or '\u02BC') { sb.Append('\''); continue; } // typographic apostrophes: l’homme
            if (r.Value is '°' or 'º') { sb.Append('°'); continue; } // kept for n° (number), dropped later
            if (r.Value is '…') { sb.Append('.'); continue; }
            if (r.Value is '•' or '·' or '▪' or '►' or '➤') { sb.Append("\n"); continue; } // a bullet starts a new sentence
            switch (Rune.GetUnicodeCategory(r))
            {
                case UnicodeCategory.Control or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    sb.Append(r.Value == '\u2028' || r.Value == '\u2029' ? '\n' : ' ');
                    break;
                // Emoji and pictographs (So), skin tones (Sk), variation selectors and keycaps (Mn, Me), joiners (Cf),
                // private use (Co: also reserved for the protection markers below) and stray surrogates.
                case UnicodeCategory.OtherSymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.NonSpacingMark
                    or UnicodeCategory.EnclosingMark or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                    or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned:
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(r.ToString());
                    break;
            }
        }
        // Bullets and dashes at the start of a line are list markers, not words.
        return LineBullet().Replace(sb.ToString(), "");
    }

    // ---- 2. web and mail ----------------------------------------------------------------------------------------

    private static string Urls(string t, Lexicon lex, Protected p) => Url().Replace(t, m =>
    {
        var url = m.Value;
        var trail = TrailingPunctuation().Match(url).Value;
        url = url[..^trail.Length];
        var host = url.Contains("://") ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        host = host.Split('/', '?', '#')[0];
        if (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) host = host[4..];
        return p.Keep(Domain(host, lex)) + trail;
    });

    private static string Emails(string t, Lexicon lex, Protected p) => Email().Replace(t, m =>
        p.Keep($"{Domain(m.Groups[1].Value, lex)} {lex.At} {Domain(m.Groups[2].Value, lex)}"));

    private static string Domain(string host, Lexicon lex) =>
        string.Join($" {lex.Dot} ", host.ToLowerInvariant().Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(label => label.Length <= 2 ? SpellIn(lex, label) : label.Replace('-', ' ').Replace('_', ' ')));

    // ---- 3. plates ------------------------------------------------------------------------------------------------

    // A plate or a phone number ends with a pause, so the next word is not heard as one more character.
    private static string Plates(string t, Lexicon lex, Protected p)
    {
        t = PlateAfterWord().Replace(t, m =>
            m.Groups["code"].Value.Any(char.IsLetter) && m.Groups["code"].Value.Any(char.IsDigit)
                ? m.Groups["word"].Value + p.Keep(SpellIn(lex, PlateGroups(m.Groups["code"].Value)) + ",")
                : m.Value);
        t = PlateNew().Replace(t, m => p.Keep(SpellIn(lex, m.Groups[1].Value, m.Groups[2].Value + m.Groups[3].Value, m.Groups[4].Value) + ","));
        t = PlateOld().Replace(t, m => p.Keep(SpellIn(lex, m.Groups[1].Value + m.Groups[3].Value, m.Groups[2].Value + m.Groups[4].Value) + ","));
        return t;
    }

    /// <summary>Splits a plate into its groups: at separators, and where letters meet digits.</summary>
    private static string[] PlateGroups(string code)
    {
        var groups = new List<string>();
        var current = new StringBuilder();
        foreach (var c in code)
        {
            if (!char.IsLetterOrDigit(c)) { groups.Add(current.ToString()); current.Clear(); continue; }
            if (current.Length > 0 && char.IsDigit(c) != char.IsDigit(current[^1])) { groups.Add(current.ToString()); current.Clear(); }
            current.Append(c);
        }
        groups.Add(current.ToString());
        return [.. groups.Where(g => g.Length > 0)];
    }

    // ---- 4. phones ------------------------------------------------------------------------------------------------

    private static string Phones(string t, Lexicon lex, Protected p)
    {
        t = PhoneInternational().Replace(t, m =>
        {
            var groups = DigitGroups().Matches(m.Groups[2].Value.Replace("(0)", "")).Select(g => g.Value).ToList(); // (0) is not dialled from abroad
            var digits = m.Groups[1].Value.Length + groups.Sum(g => g.Length);
            if (digits is < 9 or > 15) return m.Value;
            if (groups.Count == 1) groups = Chunk(groups[0]);
            return p.Keep($"{lex.Plus} {Spell(m.Groups[1].Value)}, {Spell([.. groups])},");
        });
        return PhoneNational().Replace(t, m =>
        {
            var groups = new List<string> { m.Groups[1].Value };
            groups.AddRange(m.Groups[2].Captures.Select(c => c.Value.TrimStart(' ', '.', '/', '-')));
            // The longest run of groups that is a Belgian number (9 or 10 digits); a time or date right after stays itself.
            for (var n = groups.Count; n >= 1; n--)
            {
                var take = groups.Take(n).ToList();
                var digits = take.Sum(g => g.Length);
                if (digits is < 9 or > 10) continue;
                var rest = string.Concat(m.Groups[2].Captures.Skip(n - 1).Select(c => c.Value));
                if (take.Count == 1) take = Chunk(take[0]);
                return p.Keep(Spell([.. take]) + ",") + rest;
            }
            return m.Value;
        });
    }

    /// <summary>An unseparated Belgian number in its usual groups: 0470 12 34 56, 09 123 45 67, 050 12 34 56.</summary>
    private static List<string> Chunk(string digits)
    {
        int[] sizes = digits.Length switch
        {
            10 => [4, 2, 2, 2],
            9 when digits[0] == '0' && "2349".Contains(digits[1]) => [2, 3, 2, 2],
            9 => [3, 2, 2, 2],
            _ => [.. Enumerable.Repeat(3, digits.Length / 3), .. digits.Length % 3 == 0 ? Array.Empty<int>() : [digits.Length % 3]],
        };
        var result = new List<string>();
        var at = 0;
        foreach (var s in sizes) { if (at >= digits.Length) break; result.Add(digits.Substring(at, Math.Min(s, digits.Length - at))); at += s; }
        if (at < digits.Length) result.Add(digits[at..]);
        return result;
    }

    // ---- 5. times -------------------------------------------------------------------------------------------------

    private static string Times(string t, Lexicon lex, Protected p)
    {
        if (lex.Code == "en")
            t = TimeAmPm().Replace(t, m => Hour(m.Groups[1].Value) is int h and >= 1 and <= 12
                ? p.Keep(lex.Time(h % 12 + (m.Groups[3].Value.Equals("p", StringComparison.OrdinalIgnoreCase) ? 12 : 0), Minute(m.Groups[2].Value)))
                : m.Value);
        // "14-16u", "14u-16u": a range of whole hours.
        t = HourRange().Replace(t, m => Hour(m.Groups[1].Value) is int a && Hour(m.Groups[2].Value) is int b
            ? p.Keep($"{lex.Time(a, 0)} {lex.To} {lex.Time(b, 0)}") : m.Value);
        t = TimeWithMinutes().Replace(t, m => Hour(m.Groups[1].Value) is int h
            ? p.Keep(lex.Time(h, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))) : m.Value);
        t = TimeWithDot().Replace(t, m => Hour(m.Groups[2].Value) is int h
            ? m.Groups[1].Value + p.Keep(lex.Time(h, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))) : m.Value);
        t = TimeHourOnly().Replace(t, m =>
        {
            if (Hour(m.Groups[1].Value) is not int h) return m.Value;
            // English "2h" is as often a duration as a time: only after a word that introduces a time is it a clock time.
            if (lex.Code == "en" && !EnglishClockWord().IsMatch(t[..m.Index])) return p.Keep($"{h} {(h == 1 ? "hour" : "hours")}");
            return p.Keep(lex.Time(h, 0));
        });
        return TimeRange().Replace(t, m => $"{m.Groups[1].Value} {lex.To} {m.Groups[2].Value}");
    }

    private static int? Hour(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h <= 24 ? h : null;
    private static int Minute(string s) => s.Length == 0 ? 0 : int.Parse(s, CultureInfo.InvariantCulture);

    // ---- 6. dates -------------------------------------------------------------------------------------------------

    private static string HouseBoxes(string t, Lexicon lex, Protected p) =>
        HouseBox().Replace(t, m => p.Keep($"{m.Groups[1].Value} {lex.Box} {m.Groups[2].Value}"));

    private static string Dates(string t, Lexicon lex, Protected p)
    {
        t = DateFull().Replace(t, m =>
        {
            var year = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
            return p.Keep(lex.Date(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                year < 100 ? 2000 + year : year, Before(t, m.Index)));
        });
        return DateShort().Replace(t, m =>
        {
            var sep = m.Groups[2].Value;
            if (sep == "." && lex.Code == "en") return m.Value; // English writes decimals with a dot
            if (UnitAfter().IsMatch(t, m.Index + m.Length)) return m.Value; // 1.10 m is a height
            var spoken = p.Keep(lex.Date(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
                null, Before(t, m.Index)));
            // "am 1.12. um 14 Uhr": the closing dot belongs to the date unless a sentence ends there.
            var closing = m.Groups[4].Value;
            return closing.Length > 0 && !LowerContinues().IsMatch(t, m.Index + m.Length) ? spoken + closing : spoken;
        });
    }

    /// <summary>
    /// "2e verdieping", "3de keer", "2e étage", "1re fois", "im 2. Stock": espeak-ng reads the number and then the suffix
    /// as a letter ("twee de", "deux e", "zwei"), so ordinals are written out (nl, de) or in the form it knows (fr "2ème").
    /// </summary>
    private static string Ordinals(string t, Lexicon lex, Protected p) => lex.Code switch
    {
        "nl" => OrdinalNl().Replace(t, m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var n and >= 1 and <= 31
            ? p.Keep(Lexicon.DutchOrdinals[n - 1]) : m.Value),
        "fr" => OrdinalFr().Replace(t, m => m.Groups[1].Value == "1" && m.Groups[2].Value.StartsWith('r') ? p.Keep("première")
            : m.Groups[2].Value.StartsWith('r') ? m.Value : p.Keep($"{m.Groups[1].Value}ème")),
        "de" => OrdinalDe().Replace(t, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) is var n and >= 1 and <= 31
            ? m.Groups[1].Value + p.Keep(Lexicon.GermanOrdinal(n, m.Groups[1].Value.Trim())) : m.Value),
        _ => t,
    };

    private static string Before(string t, int index)
    {
        var m = LastWord().Match(t[..index]);
        return m.Success ? m.Groups[1].Value : "";
    }

    // ---- 7. numbers -----------------------------------------------------------------------------------------------

    private static string Amounts(string t, Lexicon lex, Protected p)
    {
        string Say(string amount)
        {
            var (whole, cents) = SplitAmount(amount, lex);
            return p.Keep(lex.Euro(whole, cents));
        }
        t = EuroBefore().Replace(t, m => Say(m.Groups[1].Value));
        t = EuroAfter().Replace(t, m => Say(m.Groups[1].Value));
        return Percent().Replace(t, m => p.Keep($"{m.Groups[1].Value} {lex.Percent}"));
    }

    private static (string Whole, string Cents) SplitAmount(string amount, Lexicon lex)
    {
        var decimalSeparator = lex.Code == "en" ? '.' : ',';
        var at = amount.LastIndexOf(decimalSeparator);
        // A separator followed by exactly three digits groups thousands ("1.500", "1,500"); one or two digits are cents.
        if (at >= 0 && amount.Length - at - 1 is 1 or 2)
            return (Digits(amount[..at]), amount[(at + 1)..].PadRight(2, '0').TrimStart('0'));
        return (Digits(amount), "");
    }

    private static string Digits(string s) => new(s.Where(char.IsAsciiDigit).ToArray());

    private static string Measures(string t, Lexicon lex, Protected p)
    {
        t = Height().Replace(t, m => p.Keep($"{m.Groups[1].Value} {lex.Metre} {(m.Groups[2].Success ? m.Groups[2] : m.Groups[3]).Value}"));
        t = Speed().Replace(t, m => p.Keep($"{m.Groups[1].Value} {lex.KilometresPerHour}"));
        return Unit().Replace(t, m =>
        {
            var n = m.Groups[1].Value;
            var word = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "km" => lex.Kilometres, "m" => lex.Metres, "cm" => lex.Centimetres, "kg" => lex.Kilograms, _ => lex.Minutes,
            };
            return p.Keep($"{n} {word}");
        });
    }

    private static string Emergency(string t, Lexicon lex, Protected p) => EmergencyNumber().Replace(t, m =>
    {
        var n = m.Groups[1].Value;
        if (lex.Code is "nl" or "fr") return p.Keep(n == "1733" ? "17 33" : n);
        // A house number after a street ("Hauptstraße 101") is a number, not a phone number.
        return StreetBefore().IsMatch(t[..m.Index]) ? m.Value : p.Keep(Spell(n));
    });

    private static string Numbers(string t, Lexicon lex, Protected p)
    {
        t = (lex.Code == "en" ? ThousandsComma() : ThousandsDot()).Replace(t, m => Digits(m.Value));
        t = LongNumber().Replace(t, m => p.Keep(Spell([.. Chunk(m.Value)])));
        t = HouseLetter().Replace(t, m => p.Keep($"{m.Groups[1].Value} {SpellIn(lex, m.Groups[2].Value)}"));
        t = Road().Replace(t, m => p.Keep($"{SpellIn(lex, m.Groups[1].Value)} {m.Groups[2].Value}"));
        t = Hash().Replace(t, m => $"{lex.Number} {m.Groups[1].Value}");
        return t;
    }

    // ---- 8. words ---------------------------------------------------------------------------------------------------

    private static string Abbreviations(string t, Lexicon lex)
    {
        foreach (var (pattern, word, final) in lex.Abbreviations)
            t = pattern.Replace(t, m =>
            {
                var replaced = m.Result(word);
                // The abbreviation's dot may also end the sentence: keep a stop where a line or the text ends, or where a
                // capital follows an abbreviation that ends lists ("enz.", "usw."), not one before a name ("t.h.v. Kerkstraat").
                if (!m.Value.EndsWith('.')) return replaced;
                var after = t[(m.Index + m.Length)..];
                var ends = after.Length == 0 || after[0] == '\n' || (final && SentenceStart().IsMatch(after));
                return ends ? replaced + "." : replaced;
            });
        return NumberSign().Replace(t, $"{lex.Number} ");
    }

    private static string Capitals(string t, Lexicon lex, Protected p) => CapitalWord().Replace(t, m =>
    {
        var w = m.Value;
        if (Acronyms.Contains(w) || !w.Any(IsVowel)) return p.Keep(SpellIn(lex, w));
        // A short capital word on its own ("ABC", "AVP") is an acronym unless it reads as a syllable ("BIN", "TEC");
        // inside a shouted sentence ("INBRAAK IN DE STRAAT") every word is a word.
        var shouted = CapitalWord().IsMatch(LastWord().Match(t[..m.Index]).Value) || NextCapitalWord().IsMatch(t, m.Index + m.Length);
        if (!shouted && w.Length <= 3 && !(w.Length == 3 && !IsVowel(w[0]) && IsVowel(w[1]) && !IsVowel(w[2]))) return p.Keep(SpellIn(lex, w));
        return w.ToLower(lex.Culture);
    });

    private static bool IsVowel(char c) => "AEIOUYÀÂÄÉÈÊËÎÏÔÖÛÜŸ".Contains(c);

    private static readonly HashSet<string> Acronyms =
    [
        "PV", "SUV", "ANPR", "GSM", "SMS", "BTW", "OCMW", "CPAS", "TVA", "NMBS", "SNCB", "MIVB", "STIB", "GPS", "ATM", "EU", "USA",
        "ID", "ING", "KBC", "BNP", "DNA", "ADN", "OK", "PIN", "IBAN", "CCTV", "AED", "EHBO", "ASBL", "VZW", "RTBF", "VRT", "BRF",
    ];

    private static string Symbols(string t, Lexicon lex)
    {
        t = t.Replace("+/-", $" {lex.About} ").Replace("±", $" {lex.About} ").Replace("~", $" {lex.About} ");
        t = t.Replace("&", $" {lex.And} ").Replace("+", $" {lex.Plus} ").Replace("%", $" {lex.Percent} ").Replace("€", " euro ");
        // "inbraak/diefstal" is "inbraak of diefstal"; "en/of" stays "en of".
        t = SlashBetweenWords().Replace(t, m => m.Groups[1].Value.Equals(lex.Or, StringComparison.OrdinalIgnoreCase) || m.Groups[2].Value.Equals(lex.Or, StringComparison.OrdinalIgnoreCase)
            ? $"{m.Groups[1].Value} {m.Groups[2].Value}" : $"{m.Groups[1].Value} {lex.Or} {m.Groups[2].Value}");
        t = Brackets().Replace(t, ", ");
        t = Dash().Replace(t, ", ");
        t = Drop().Replace(t, " ");
        t = Ellipsis().Replace(t, ".");
        t = RepeatedMark().Replace(t, m => m.Value.Contains('?') ? "?" : m.Value[..1]);
        return t;
    }

    /// <summary>Every line becomes a sentence (so espeak pauses), then one line.</summary>
    private static string Sentences(string t)
    {
        var lines = t.Split('\n').Select(l => l.Trim().TrimEnd(',', ' ').Trim()).Where(l => l.Length > 0 && l.Any(char.IsLetterOrDigit) || l.Contains(Protected.Open));
        return string.Join(" ", lines.Select(l => ".!?:;".Contains(l[^1]) ? l : l + "."));
    }

    private static string Tidy(string t)
    {
        t = Spaces().Replace(t, " ");
        t = SpaceBeforeMark().Replace(t, "$1");
        // ". ," or ", ." (a rule's pause next to the writer's): keep the strongest mark, once.
        t = DoubleMark().Replace(t, m => (m.Value.FirstOrDefault(c => ".!?".Contains(c)) is var stop and not '\0' ? stop
            : m.Value.FirstOrDefault(c => ":;".Contains(c)) is var half and not '\0' ? half : ',') + (char.IsWhiteSpace(m.Value[^1]) ? " " : ""));
        t = CommaRun().Replace(t, ",");
        t = t.Trim().TrimStart(',', '.', ' ', ';', ':').Trim();
        if (t.Length > 0 && !".!?".Contains(t[^1])) t = t.TrimEnd(',', ';', ':') + ".";
        return t;
    }

    /// <summary>
    /// Spoken forms already decided are swapped for a marker (private-use characters, removed from the input) so later
    /// rules leave them alone; <see cref="Expand"/> puts them back.
    /// </summary>
    private sealed class Protected
    {
        public const char Open = '\uE000';
        private readonly List<string> spoken = [];

        public string Keep(string text)
        {
            if (spoken.Count >= 0xFFFF) return $" {text} "; // more markers than can be numbered: keep the text itself
            spoken.Add(text);
            var i = spoken.Count - 1;
            return $" {Open}{(char)(0xE100 + (i >> 8))}{(char)(0xE200 + (i & 0xFF))} ";
        }

        public string Expand(string t) => Marker().Replace(t, m => spoken[((m.Value[1] - 0xE100) << 8) + (m.Value[2] - 0xE200)]);
    }

    // ---- patterns -----------------------------------------------------------------------------------------------

    private const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const RegexOptions C = RegexOptions.CultureInvariant;

    [GeneratedRegex(@"^[ \t]*[-*>–—]+[ \t]+", RegexOptions.Multiline | C)]
    private static partial Regex LineBullet();
    [GeneratedRegex(@"\uE000[\uE100-\uE1FF][\uE200-\uE2FF]")]
    private static partial Regex Marker();
    [GeneratedRegex(@"(?<![\w@.])(?:https?://|www\.)[^\s<>""]+", I)]
    private static partial Regex Url();
    [GeneratedRegex(@"[.,;:!?)\]]+$")]
    private static partial Regex TrailingPunctuation();
    [GeneratedRegex(@"(?<![\w.+-])([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)", C)]
    private static partial Regex Email();
    [GeneratedRegex(@"(?<word>\b(?:nummerplaat|nrplaat|kenteken|kentekenplaat|immatriculation|plaque|Kennzeichen|Nummernschild|licen[cs]e plate|number plate|registration|plate)\s*(?:nr\.?|n°)?\s*:?\s*)(?<code>[A-Za-z0-9]{1,4}(?:-?[A-Za-z0-9]{1,4}){0,3})(?![\w-])", I)]
    private static partial Regex PlateAfterWord();
    [GeneratedRegex(@"(?<![\w-])([1-9])(?:-([A-Za-z]{3})-|\s?([A-Z]{3})\s?)([0-9]{3})(?![\w-])", C)]
    private static partial Regex PlateNew();
    [GeneratedRegex(@"(?<![\w-])(?:([A-Z]{3})-([0-9]{3})|([0-9]{3})-([A-Z]{3}))(?![\w-])", C)]
    private static partial Regex PlateOld();
    [GeneratedRegex(@"(?<![\w+])(?:\+|00)(3[0-9]|4[0-9]|[1-9][0-9]{0,2}?)((?:[ ./-]?\(0\))?(?:[ ./-]?[0-9]{1,4}){1,6})(?![\w:])", C)]
    private static partial Regex PhoneInternational();
    [GeneratedRegex(@"[0-9]+")]
    private static partial Regex DigitGroups();
    [GeneratedRegex(@"(?<![\w+.,/:-])(0[0-9]{1,3}|0[0-9]{8,9})([ ./-][0-9]{2,3})*(?![\w]|[.,/:-][0-9])", C)]
    private static partial Regex PhoneNational();
    [GeneratedRegex(@"(?<![\w.:/,])([0-9]{1,2})(?:[:.]([0-5][0-9]))?\s?([ap])\.?\s?m\b\.?", I)]
    private static partial Regex TimeAmPm();
    [GeneratedRegex(@"(?<![\w.:/,])([01]?[0-9]|2[0-4])\s?(?:u|h|uur|Uhr)?\s?[-–]\s?([01]?[0-9]|2[0-4])\s?(?:uur|u|h|heures|Uhr)\b", C)]
    private static partial Regex HourRange();
    [GeneratedRegex(@"(?<![\w.:/,])([01]?[0-9]|2[0-4])(?::|u|h|H|\s?h\s?|\.(?=[0-5][0-9]\s?(?:uur|u|h|Uhr)\b))([0-5][0-9])(?:\s?(?:uur|u|h|heures|Uhr)\b)?(?![0-9]|[:.,][0-9])", C)]
    private static partial Regex TimeWithMinutes();
    [GeneratedRegex(@"(\b(?:om|van|tot|tussen|vanaf|rond|en|à|de|vers|dès|et|jusqu'à|um|von|bis|gegen|ab|seit|und)\s)([01]?[0-9]|2[0-4])\.([0-5][0-9])(?![0-9]|[.,][0-9])", I)]
    private static partial Regex TimeWithDot();
    [GeneratedRegex(@"(?<![\w.:/,])([01]?[0-9]|2[0-4])\s?(?:uur|u|h|H|heures?|Uhr)\b(?![-'])", C)]
    private static partial Regex TimeHourOnly();
    [GeneratedRegex(@"\b(?:at|from|until|till|to|before|after|around|by|since|between|and)\s*$", I)]
    private static partial Regex EnglishClockWord();
    [GeneratedRegex(@"(\uE000..)\s*[-–]\s*(\uE000..)")]
    private static partial Regex TimeRange();
    [GeneratedRegex(@"(?<=(?:straat|laan|weg|plein|lei|dreef|steenweg|stwg\.?|str\.|rue|avenue|av\.|chaussée|boulevard|bd\.?|place|Straße|Strasse|gasse|platz|allee|ring|street|road|nr\.?|n°)\s)([0-9]{1,4}[A-Za-z]?)\s?/\s?([0-9]{1,3}[A-Za-z]?)(?![\w/])", I)]
    private static partial Regex HouseBox();
    [GeneratedRegex(@"(?<![\w./-])(0?[1-9]|[12][0-9]|3[01])([./-])(0?[1-9]|1[0-2])\2([0-9]{4}|[0-9]{2})(?![\w]|[./-][0-9])", C)]
    private static partial Regex DateFull();
    [GeneratedRegex(@"(?<![\w./,-])(0?[1-9]|[12][0-9]|3[01])([./])(0?[1-9]|1[0-2])(\.)?(?![\w]|[./,-]?[0-9])", C)]
    private static partial Regex DateShort();
    [GeneratedRegex(@"\bA\b")]
    private static partial Regex LetterA();
    [GeneratedRegex(@"(?<![\w.,])([0-9]{1,2})(?:ste|de|e)\b", C)]
    private static partial Regex OrdinalNl();
    [GeneratedRegex(@"(?<![\w.,])([0-9]{1,2})(e|è|ème|eme|re|ère)\b", C)]
    private static partial Regex OrdinalFr();
    [GeneratedRegex(@"(\b(?:am|im|vom|zum|dem|den|beim|seit|ab|der|die|das)\s)([0-9]{1,2})\.(?=\s+\p{Lu})", I)]
    private static partial Regex OrdinalDe();
    [GeneratedRegex(@"\G\s?(?:m|cm|km|kg|%|€|euro)\b", I)]
    private static partial Regex UnitAfter();
    [GeneratedRegex(@"\G\s+[a-zäöüßàâçéèêëîïôûù0-9]", C)]
    private static partial Regex LowerContinues();
    [GeneratedRegex(@"([\p{L}]+)\s*$")]
    private static partial Regex LastWord();
    [GeneratedRegex(@"€\s?([0-9]+(?:[.,' ][0-9]{3})*(?:[.,][0-9]{1,2})?)(?![0-9])", C)]
    private static partial Regex EuroBefore();
    [GeneratedRegex(@"(?<![\w.,])([0-9]+(?:[.,' ][0-9]{3})*(?:[.,][0-9]{1,2})?)\s?(?:€|(?:EUR|euros?|Euro)\b)", C)]
    private static partial Regex EuroAfter();
    [GeneratedRegex(@"(?<![\w.,])([0-9]+(?:[.,][0-9]+)?)\s?(?:%|procent\b|pour ?cent\b|Prozent\b|percent\b)", C)]
    private static partial Regex Percent();
    [GeneratedRegex(@"(?<![\w.,])([0-9])\s?(?:m\s?([0-9]{2})|[.,]([0-9]{2})\s?m)\b", C)]
    private static partial Regex Height();
    [GeneratedRegex(@"(?<![\w.,])([0-9]+)\s?(?:km/u|km/h|kmu|kmh)\b", I)]
    private static partial Regex Speed();
    [GeneratedRegex(@"(?<![\w.,])([0-9]+(?:,[0-9]+)?)\s?(km|m|cm|kg|min)\b(?:\.(?=\s+\p{Ll}))?", C)]
    private static partial Regex Unit();
    [GeneratedRegex(@"(?<![\w.,/:+-])(112|101|100|1733)(?![\w]|[.,/:-][0-9])", C)]
    private static partial Regex EmergencyNumber();
    [GeneratedRegex(@"(?:stra(?:ß|ss)e|str\.|weg|platz|gasse|allee|ring|nr\.?|nummer|number|no\.|street|road|avenue|lane)\s*$", I)]
    private static partial Regex StreetBefore();
    [GeneratedRegex(@"(?<![\w.,])[0-9]{1,3}(?:\.[0-9]{3})+(?![\w]|[.,][0-9])", C)]
    private static partial Regex ThousandsDot();
    [GeneratedRegex(@"(?<![\w.,])[0-9]{1,3}(?:,[0-9]{3})+(?![\w]|[.,][0-9])", C)]
    private static partial Regex ThousandsComma();
    [GeneratedRegex(@"(?<![\w.,/])[0-9]{5,}(?![\w]|[.,][0-9])", C)]
    private static partial Regex LongNumber();
    [GeneratedRegex(@"(?<![\w.,/-])([0-9]{1,4})([A-DF-GI-LN-TV-WYZa-df-gi-ln-tv-wyz])(?![\w'-])", C)]
    private static partial Regex HouseLetter();
    [GeneratedRegex(@"(?<![\w-])([AENRB])([0-9]{1,3})(?![\w-])", C)]
    private static partial Regex Road();
    [GeneratedRegex(@"#\s?([0-9]+)")]
    private static partial Regex Hash();
    [GeneratedRegex(@"\b[nN][°º]\s?")]
    private static partial Regex NumberSign();
    [GeneratedRegex(@"^\s+\p{Lu}")]
    private static partial Regex SentenceStart();
    [GeneratedRegex(@"(?<![\p{L}'-])[\p{Lu}]{2,}(?![\p{L}'])")]
    private static partial Regex CapitalWord();
    [GeneratedRegex(@"\G[\s,:;-]*[\p{Lu}]{2,}(?![\p{L}'])")]
    private static partial Regex NextCapitalWord();
    [GeneratedRegex(@"(?<![\p{L}/])(\p{L}+)\s?/\s?(\p{L}+)(?![\p{L}/])")]
    private static partial Regex SlashBetweenWords();
    [GeneratedRegex(@"\s*[()\[\]{}]\s*")]
    private static partial Regex Brackets();
    [GeneratedRegex(@"\s[-–—]+\s|\s?[–—]\s?")]
    private static partial Regex Dash();
    [GeneratedRegex(@"[""“”„«»*_=^|<>\\/@#°`´¨]")]
    private static partial Regex Drop();
    [GeneratedRegex(@"\.{2,}")]
    private static partial Regex Ellipsis();
    [GeneratedRegex(@"[!?]{2,}")]
    private static partial Regex RepeatedMark();
    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();
    [GeneratedRegex(@"\s+([.,!?;:])")]
    private static partial Regex SpaceBeforeMark();
    [GeneratedRegex(@"(?:[.!?:;,]\s*){2,}")]
    private static partial Regex DoubleMark();
    [GeneratedRegex(@",(?:\s*,)+")]
    private static partial Regex CommaRun();
}
