using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Practices;

/// <summary>
/// One practice as its reader may see it: its translations (those the reader may read), its attachments, and its uptake —
/// the count for everyone, which BINs use it for the Kenniscentrum only, and the reader's own BINs that marked it.
/// The author's name is for signed-in readers; anonymous visitors see the practice, not who wrote it.
/// </summary>
public static class GetPractice
{
    public sealed record Translation(int Id, string Language, string Title);
    public sealed record File(int Id, string FileName, string ContentType, int Size);
    public sealed record UptakeBin(int BinId, string Name, string? RegistrationNumber);

    public sealed record Details(int Id, string Title, string Summary, string Body, PracticeTheme Theme, string? RegionCode, string? RegionName,
        string Language, int? BinId, string? BinName, string? AuthorName, bool PublicConsent, DateTimeOffset? PublicConsentAt, PracticeState State,
        string? RejectionReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, IReadOnlyList<Translation> Translations,
        IReadOnlyList<File> Attachments, int UptakeCount, IReadOnlyList<UptakeBin>? UptakeBins, IReadOnlyList<int> MyUptakeBinIds, bool MayEdit, bool MayReview);

    public static async Task<Outcome<Details>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, string lang, CancellationToken ct)
    {
        var p = await PracticeRules.Readable(db, actor).AsNoTracking().Include(x => x.Bin).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return await AuditLog.NotFoundAsync<Details>(db, clock, actor, "GetPractice", nameof(Practice), id.ToString(), ct);
        var region = p.RegionCode is null ? null : await db.Regions.AsNoTracking().FirstOrDefaultAsync(r => r.Code == p.RegionCode, ct);
        var translations = p.TranslationGroup is { } g
            ? await PracticeRules.Readable(db, actor).Where(x => (x.TranslationGroup == g || x.Id == g) && x.Id != p.Id)
                .OrderBy(x => x.Language).Select(x => new Translation(x.Id, x.Language, x.Title)).ToListAsync(ct)
            : [];
        var files = await db.PracticeAttachments.Where(a => a.PracticeId == id).OrderBy(a => a.Id)
            .Select(a => new File(a.Id, a.FileName, a.ContentType, a.Size)).ToListAsync(ct);
        var uptake = db.PracticeUptakes.Where(u => u.PracticeId == id);
        var count = await uptake.CountAsync(ct);
        var bins = actor.IsNational
            ? await uptake.OrderBy(u => u.Bin!.Name).Select(u => new UptakeBin(u.BinId, u.Bin!.Name, u.Bin.RegistrationNumber)).ToListAsync(ct)
            : null;
        var mine = actor.IsCoordinator && actor.CoordinatedBinIds.Count > 0
            ? await uptake.Where(u => actor.CoordinatedBinIds.Contains(u.BinId)).Select(u => u.BinId).ToListAsync(ct)
            : [];
        var signedIn = !PracticeRules.IsAnonymous(actor);
        return new Outcome<Details>.Ok(new Details(p.Id, p.Title, p.Summary, p.Body, p.Theme, p.RegionCode, region?.Name(lang), p.Language,
            signedIn ? p.BinId : null, signedIn ? p.Bin?.Name : null, signedIn ? p.AuthorName : null, p.PublicConsent, p.PublicConsentAt, p.State,
            p.RejectionReason, p.CreatedAt, p.UpdatedAt, p.PublishedAt, translations, files, count, bins, mine,
            PracticeRules.MayEdit(actor, p), actor.IsNational && p.State == PracticeState.Submitted));
    }
}
