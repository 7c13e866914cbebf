using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Training;

/// <summary>
/// The demo's training registry: Belgium's provincial and regional police schools that give the basic training, and a first
/// current curriculum version (the standard BIN course in Dutch and French), so sessions can be scheduled at once.
/// </summary>
public static class TrainingDemo
{
    public static readonly (string Name, string Town, string Region, string Languages)[] Schools =
    [
        ("ACAPOL – Académie de police du Hainaut", "Jurbise", "03000", "fr"),
        ("PIVO – Provinciaal Instituut voor Vorming", "Asse", "02000", "nl"),
        ("Campus Vesta", "Antwerpen", "02000", "nl"),
        ("PoliS – Provinciale Politieschool Limburg", "Genk", "02000", "nl"),
        ("Oost-Vlaamse Politieschool", "Gent", "02000", "nl"),
        ("West-Vlaamse Politieschool", "Brugge", "02000", "nl"),
        ("ERIP-GIP – École régionale et intercommunale de police / Gewestelijke en Intercommunale Politieschool", "Brussel", "04000", "nl,fr"),
        ("École de police de la Province de Namur", "Namur", "03000", "fr"),
        ("Académie provinciale de police de Liège", "Seraing", "03000", "fr,de"),
    ];

    private static readonly (string Lang, string Title, string Outcomes, int Hours)[] Modules =
    [
        ("nl", "Het BIN-concept en de wettelijke basis", "Kent de omzendbrief BIN, de rollen van politie, gemeente en coördinator en het charter.", 3),
        ("nl", "Een BIN opstarten en begeleiden", "Kan een BIN registreren, een charter opmaken en een coördinator begeleiden.", 4),
        ("nl", "Berichten versturen en meldingen opvolgen", "Kan een alarm- of preventiebericht opstellen en een melding van een lid afhandelen.", 3),
        ("fr", "Le concept PLP et sa base légale", "Connaît la circulaire PLP, les rôles de la police, de la commune et du coordinateur, et la charte.", 3),
        ("fr", "Lancer et accompagner un PLP", "Sait enregistrer un PLP, rédiger la charte et accompagner un coordinateur.", 4),
        ("fr", "Envoyer des messages et suivre les signalements", "Sait rédiger un message d'alarme ou de prévention et traiter le signalement d'un membre.", 3),
    ];

    public static async Task SeedAsync(BinHubDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Academies.AnyAsync(ct)) return;
        db.Academies.AddRange(Schools.Select(s => new Academy { Name = s.Name, Town = s.Town, RegionCode = s.Region, Languages = s.Languages }));
        var now = clock.GetUtcNow();
        db.CurriculumVersions.Add(new CurriculumVersion
        {
            Label = "2026.1", State = CurriculumState.Current, CreatedAt = now, CurrentSince = now,
            Modules = Modules.Select((m, i) => new CurriculumModule { Position = i % 3 + 1, Language = m.Lang, Title = m.Title, LearningOutcomes = m.Outcomes, Hours = m.Hours }).ToList(),
        });
        await db.SaveChangesAsync(ct);
    }
}
