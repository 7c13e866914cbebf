using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Practices;
using BinHub.Features.SteeringCommittee;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;
using SkiaSharp;
using static BinHub.Features.Seeding.DemoWork;

namespace BinHub.Features.Seeding;

/// <summary>
/// Three published practices of the library, proposed and published as people do: a Gent officer's holiday watch (public,
/// with its French translation linked by the Kenniscentrum), and a German practice with a flyer PDF drawn here and uploaded
/// through the same content check as any upload. Both demo coordinators mark "we use this" on the first.
/// </summary>
public static class DemoPractices
{
    public static async Task RunAsync(BinHubDb db, TimeProvider clock, IStringLocalizer L, string publicUrl, Actor kc, Actor officer, Actor coordinatorGent,
        Actor coordinatorAntwerpen, int gentBinId, CancellationToken ct)
    {
        async Task<int> Published(Actor author, ProposePractice.Request r, Attachments.Upload? file = null)
        {
            var id = Ok(await ProposePractice.HandleAsync(db, clock, author, r, L, ct), "practice").Id;
            if (file is not null) Ok(await PracticeFiles.AddAsync(db, clock, author, id, file, L, ct), "practice file");
            Ok(await ReviewPractice.PublishAsync(db, clock, kc, id, publicUrl, L, ct), "publication");
            return id;
        }

        var watch = await Published(officer, new ProposePractice.Request("Vakantietoezicht door de buren",
            "Leden melden hun afwezigheid in de BIN-groep; twee buren lopen om beurten langs, legen de brievenbus en bellen de politie bij iets verdachts.",
            "Werkwijze\n1. Wie op reis gaat, meldt de periode aan de coördinator (niet in de groep zelf: inbrekers lezen mee).\n" +
            "2. De coördinator koppelt twee buren die om beurten langslopen.\n3. Zij legen de brievenbus, draaien de rolluiken op en neer en " +
            "bellen 101 bij een verdachte situatie.\nResultaat in de Brugse Poort: in twee zomers geen enkele inbraak in een woning die zo bewaakt werd.",
            PracticeTheme.Burglary, "02000", "nl", gentBinId, PublicConsent: true, TranslationOf: null, Submit: true));
        await Published(kc, new ProposePractice.Request("Surveillance de vacances par les voisins",
            "Les membres signalent leur absence au coordinateur ; deux voisins passent à tour de rôle, vident la boîte aux lettres et appellent la police " +
            "en cas de doute.",
            "Méthode\n1. Qui part en voyage communique la période au coordinateur (pas dans le groupe : les cambrioleurs lisent aussi).\n" +
            "2. Le coordinateur désigne deux voisins qui passent à tour de rôle.\n3. Ils vident la boîte aux lettres, ouvrent et ferment les volets et " +
            "appellent le 101 en cas de situation suspecte.",
            PracticeTheme.Burglary, "02000", "fr", null, PublicConsent: true, TranslationOf: watch, Submit: true));
        await Published(kc, new ProposePractice.Request("Seniorennachmittag gegen Telefonbetrug",
            "Ein Nachmittag im Pfarrsaal: die Polizei spielt typische Betrugsanrufe vor („Enkeltrick“, falsche Bankmitarbeiter), die Senioren üben das Auflegen.",
            "Ablauf\n- Begrüßung durch den BIN-Koordinator\n- Fünf echte Anrufe (anonymisiert), jeweils mit Gespräch danach\n" +
            "- Merkblatt zum Mitnehmen (siehe Anhang)\nDauer: zwei Stunden. Teilnehmer: 25 bis 40.",
            PracticeTheme.Fraud, "03000", "de", null, PublicConsent: false, TranslationOf: null, Submit: true),
            new Attachments.Upload("Merkblatt Telefonbetrug.pdf", Flyer("Auflegen ist nicht unhöflich!",
                ["Die Polizei fragt nie nach Ihrem PIN-Code.", "Ihre Bank holt nie Ihre Karte ab.", "Rufen Sie Ihre Familie unter der bekannten Nummer zurück.",
                 "Im Zweifel: 101 anrufen."])));

        Ok(await MarkUptake.MarkAsync(db, clock, coordinatorGent, watch, gentBinId, ct), "uptake");
        Ok(await MarkUptake.MarkAsync(db, clock, coordinatorAntwerpen, watch, coordinatorAntwerpen.CoordinatedBinIds[0], ct), "uptake");
    }

    /// <summary>A one-page A5 flyer, drawn with SkiaSharp's PDF backend (as the annual report is): a real PDF for the upload check.</summary>
    public static byte[] Flyer(string title, IReadOnlyList<string> lines)
    {
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { Title = title, Creator = "BinHub demo", Producer = "BinHub" }))
        {
            var canvas = document.BeginPage(420, 595);
            using var band = new SKPaint { Color = new SKColor(0x1f, 0x4e, 0x79) };
            canvas.DrawRect(0, 0, 420, 90, band);
            using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
            using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            using var heading = new SKFont(ReportPdf.Typeface(bold: true), 20);
            using var text = new SKFont(ReportPdf.Typeface(), 12);
            canvas.DrawText(title, 30, 55, heading, white);
            var y = 140f;
            foreach (var line in lines) { canvas.DrawText("• " + line, 30, y, text, black); y += 28; }
            document.EndPage();
        }
        return stream.ToArray();
    }
}
