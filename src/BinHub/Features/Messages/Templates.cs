using System.Globalization;
using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Messages;

/// <summary>
/// Ready texts for the messages police and coordinators send most, in nl, fr, de and en, so an alarm at 3 a.m. is
/// written in seconds and in every language of the BIN. Placeholders ({street}, {time}, {plate}, {vehicle},
/// {description}, {direction}) are filled from the report the alarm is about; what the report does not say stays as
/// the placeholder, visibly, for the sender to fill in or remove: the preview warns about any left, and sending refuses them.
/// </summary>
public static class Templates
{
    public sealed record Template(string Id, MessageKind Kind, IReadOnlyDictionary<string, string> Texts);

    private static Template T(string id, MessageKind kind, string nl, string fr, string de, string en) =>
        new(id, kind, new Dictionary<string, string> { ["nl"] = nl, ["fr"] = fr, ["de"] = de, ["en"] = en });

    public static readonly IReadOnlyList<Template> All =
    [
        T("burglary", MessageKind.Alarm,
            "POLITIE BIN-ALARM: inbraak bezig in de {street} ({time}). Verdachte(n): {description}, richting {direction}. Blijf binnen, doe niets zelf. Zie je iets? Bel 101.",
            "ALERTE POLICE PLP : cambriolage en cours {street} ({time}). Suspect(s) : {description}, direction {direction}. Restez à l'intérieur, n'intervenez pas. Vous voyez quelque chose ? Appelez le 101.",
            "POLIZEI-BIN-ALARM: Einbruch im Gange in der {street} ({time}). Verdächtige(r): {description}, Richtung {direction}. Bleiben Sie drinnen, greifen Sie nicht ein. Beobachtungen? Rufen Sie 101 an.",
            "POLICE BIN ALARM: burglary in progress in {street} ({time}). Suspect(s): {description}, heading {direction}. Stay inside, do not intervene. Seen something? Call 101."),
        T("vehicle", MessageKind.Alarm,
            "POLITIE BIN-ALARM: verdacht voertuig in de {street} ({time}): {vehicle}, nummerplaat {plate}, richting {direction}. Niet benaderen. Gezien? Bel 101.",
            "ALERTE POLICE PLP : véhicule suspect {street} ({time}) : {vehicle}, plaque {plate}, direction {direction}. Ne pas approcher. Vu ? Appelez le 101.",
            "POLIZEI-BIN-ALARM: verdächtiges Fahrzeug in der {street} ({time}): {vehicle}, Kennzeichen {plate}, Richtung {direction}. Nicht nähern. Gesehen? Rufen Sie 101 an.",
            "POLICE BIN ALARM: suspicious vehicle in {street} ({time}): {vehicle}, plate {plate}, heading {direction}. Do not approach. Seen it? Call 101."),
        T("missing", MessageKind.Alarm,
            "POLITIE BIN-ALARM: vermiste persoon, laatst gezien in de {street} om {time}. Beschrijving: {description}. Gezien? Bel meteen 101.",
            "ALERTE POLICE PLP : personne disparue, vue pour la dernière fois {street} à {time}. Description : {description}. Vue ? Appelez immédiatement le 101.",
            "POLIZEI-BIN-ALARM: vermisste Person, zuletzt gesehen in der {street} um {time}. Beschreibung: {description}. Gesehen? Rufen Sie sofort 101 an.",
            "POLICE BIN ALARM: missing person, last seen in {street} at {time}. Description: {description}. Seen them? Call 101 at once."),
        T("phishing", MessageKind.Alarm,
            "POLITIE BIN-ALARM: golf van valse berichten (phishing) in onze buurt. Klik niet op links, geef nooit codes of bankgegevens. Twijfel? Bel 101.",
            "ALERTE POLICE PLP : vague de faux messages (hameçonnage) dans le quartier. Ne cliquez sur aucun lien, ne donnez jamais codes ni données bancaires. Un doute ? Appelez le 101.",
            "POLIZEI-BIN-ALARM: Welle gefälschter Nachrichten (Phishing) in unserem Viertel. Klicken Sie auf keine Links, geben Sie nie Codes oder Bankdaten weiter. Zweifel? Rufen Sie 101 an.",
            "POLICE BIN ALARM: wave of fake messages (phishing) in our neighbourhood. Do not click links, never give codes or bank details. In doubt? Call 101."),
        T("doorstep", MessageKind.Alarm,
            "POLITIE BIN-ALARM: oplichters aan de deur in de {street} ({time}): {description}. Laat niemand binnen zonder afspraak, betaal niets aan de deur. Bel 101.",
            "ALERTE POLICE PLP : escrocs au porte-à-porte {street} ({time}) : {description}. Ne laissez entrer personne sans rendez-vous, ne payez rien à la porte. Appelez le 101.",
            "POLIZEI-BIN-ALARM: Betrüger an der Haustür in der {street} ({time}): {description}. Lassen Sie niemanden ohne Termin herein, zahlen Sie nichts an der Tür. Rufen Sie 101 an.",
            "POLICE BIN ALARM: door-to-door fraudsters in {street} ({time}): {description}. Let nobody in without an appointment, pay nothing at the door. Call 101."),
        T("fire", MessageKind.Alarm,
            "POLITIE BIN-ALARM: verdachte brand in de {street} ({time}). Houd ramen dicht, hinder de hulpdiensten niet. Iets gezien? Bel 101; brand of gewonden: 112.",
            "ALERTE POLICE PLP : incendie suspect {street} ({time}). Gardez les fenêtres fermées, ne gênez pas les secours. Vu quelque chose ? Appelez le 101 ; feu ou blessés : 112.",
            "POLIZEI-BIN-ALARM: verdächtiger Brand in der {street} ({time}). Fenster geschlossen halten, Rettungskräfte nicht behindern. Beobachtungen? 101; Feuer oder Verletzte: 112.",
            "POLICE BIN ALARM: suspicious fire in {street} ({time}). Keep windows closed, keep clear of the emergency services. Seen something? Call 101; fire or injured: 112."),
        T("resolved", MessageKind.Feedback,
            "POLITIE BIN-OPVOLGING: de situatie van het alarm in de {street} is opgelost. Bedankt voor uw waakzaamheid.",
            "SUIVI POLICE PLP : la situation de l'alerte {street} est résolue. Merci pour votre vigilance.",
            "POLIZEI-BIN-RÜCKMELDUNG: Die Lage des Alarms in der {street} ist geklärt. Danke für Ihre Wachsamkeit.",
            "POLICE BIN FOLLOW-UP: the situation of the alarm in {street} is resolved. Thank you for your vigilance."),
        T("holiday", MessageKind.Prevention,
            "BIN-preventietip: op vakantie? Vraag gratis afwezigheidstoezicht aan bij de politie, laat de brievenbus legen en gebruik tijdschakelaars voor licht.",
            "Conseil PLP : en vacances ? Demandez la surveillance gratuite de votre habitation à la police, faites vider la boîte aux lettres et utilisez des minuteries pour l'éclairage.",
            "BIN-Präventionstipp: im Urlaub? Beantragen Sie die kostenlose Abwesenheitsüberwachung bei der Polizei, lassen Sie den Briefkasten leeren und nutzen Sie Zeitschaltuhren fürs Licht.",
            "BIN prevention tip: going on holiday? Ask the police for free home watch while you are away, have the letterbox emptied and put lights on timers."),
    ];

    public static Template? Find(string? id) => All.FirstOrDefault(t => t.Id == id);

    /// <summary>The placeholders a template may use, in the order the composer lists them.</summary>
    public static readonly string[] Placeholders = ["{street}", "{time}", "{plate}", "{vehicle}", "{description}", "{direction}"];

    /// <summary>The values a report gives the placeholders (only those it has).</summary>
    public static Dictionary<string, string> ValuesFrom(Report r)
    {
        var values = new Dictionary<string, string>();
        void Put(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) values[key] = value.Trim(); }
        Put("{street}", r.Street);
        Put("{time}", BrusselsTime.ToBrussels(r.OccurredAt).ToString("HH:mm", CultureInfo.InvariantCulture));
        Put("{plate}", r.LicencePlate?.ToUpperInvariant());
        Put("{vehicle}", string.Join(' ', new[] { r.VehicleColour, r.VehicleMakeModel }.Where(v => !string.IsNullOrWhiteSpace(v))));
        Put("{description}", string.Join(", ", new[] { r.SuspectSex, r.SuspectApparentAge, r.SuspectHeight, r.SuspectBuild, r.SuspectSkinHair, r.SuspectClothing, r.SuspectMarks }
            .Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim())));
        Put("{direction}", r.Direction);
        return values;
    }

    public static string Fill(string text, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(text, (t, v) => t.Replace(v.Key, v.Value, StringComparison.Ordinal));

    /// <summary>Placeholders still in a text (the sender forgot to fill one in).</summary>
    public static IEnumerable<string> Unfilled(string text) => Placeholders.Where(p => text.Contains(p, StringComparison.Ordinal));
}
