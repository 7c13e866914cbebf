using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Practices;

/// <summary>
/// A practice's attachments (a flyer PDF, images): added and removed by the author while the practice is not published, each
/// checked by <see cref="Attachments"/> (PDF by its bytes, images re-encoded), at most <see cref="MaxFiles"/> per practice.
/// A file is downloadable by whoever may read its practice.
/// </summary>
public static class PracticeFiles
{
    public const int MaxFiles = 5;

    public sealed record Added(int Id, string FileName, string ContentType, int Size);
    public sealed record Removed(int Id);

    public static async Task<Outcome<Added>> AddAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Attachments.Upload? upload, IStringLocalizer L,
        CancellationToken ct)
    {
        var p = await PracticeRules.Readable(db, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null || p.AuthorUserId != actor.UserId) return await AuditLog.NotFoundAsync<Added>(db, clock, actor, "AddPracticeFile", nameof(Practice), id.ToString(), ct);
        if (!PracticeRules.MayEdit(actor, p)) return new Outcome<Added>.Forbidden(L["Practice.PublishedIsFinal"]);
        if (upload is null) return Outcome<Added>.Fail("file", L["Validation.Required", L["Practice.File"]]);
        if (await db.PracticeAttachments.CountAsync(a => a.PracticeId == id, ct) >= MaxFiles) return Outcome<Added>.Fail("file", L["Practice.TooManyFiles", MaxFiles]);
        var now = clock.GetUtcNow();
        var result = await Attachments.CheckAsync(upload, L, now, ct);
        if (result.File is not { } file) return Outcome<Added>.Fail("file", result.Error!);
        var row = new PracticeAttachment
        {
            PracticeId = id, FileName = file.FileName, ContentType = file.ContentType, Bytes = file.Bytes, Size = file.Bytes.Length, Sha256 = file.Sha256, CreatedAt = now,
        };
        db.PracticeAttachments.Add(row);
        p.UpdatedAt = now;
        await AuditLog.SaveNewAsync(db, clock, actor, "AddPracticeFile", nameof(PracticeAttachment), () => row.Id.ToString(),
            $"{id} · {file.FileName} · {file.Sha256}", ct);
        return new Outcome<Added>.Ok(new Added(row.Id, row.FileName, row.ContentType, row.Size));
    }

    public static async Task<Outcome<PracticeAttachment>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int fileId, CancellationToken ct)
    {
        var file = await PracticeRules.Readable(db, actor).Where(p => p.Id == id)
            .SelectMany(p => db.PracticeAttachments.Where(a => a.PracticeId == p.Id && a.Id == fileId)).AsNoTracking().FirstOrDefaultAsync(ct);
        return file is null
            ? await AuditLog.NotFoundAsync<PracticeAttachment>(db, clock, actor, "GetPracticeFile", nameof(PracticeAttachment), fileId.ToString(), ct)
            : new Outcome<PracticeAttachment>.Ok(file);
    }

    public static async Task<Outcome<int>> RemoveAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, int fileId, IStringLocalizer L, CancellationToken ct)
    {
        var p = await PracticeRules.Readable(db, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        var file = p is null ? null : await db.PracticeAttachments.FirstOrDefaultAsync(a => a.PracticeId == id && a.Id == fileId, ct);
        if (p is null || file is null || p.AuthorUserId != actor.UserId)
            return await AuditLog.NotFoundAsync<int>(db, clock, actor, "RemovePracticeFile", nameof(PracticeAttachment), fileId.ToString(), ct);
        if (!PracticeRules.MayEdit(actor, p)) return new Outcome<int>.Forbidden(L["Practice.PublishedIsFinal"]);
        db.PracticeAttachments.Remove(file);
        p.UpdatedAt = clock.GetUtcNow();
        AuditLog.Add(db, clock, actor, "RemovePracticeFile", nameof(PracticeAttachment), fileId.ToString(), $"{id}");
        await db.SaveChangesAsync(ct);
        return new Outcome<int>.Ok(fileId);
    }
}
