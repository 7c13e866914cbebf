using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>Documents attached to a meeting: checked by their content (<see cref="Attachments"/>), stored in this feature's own table.</summary>
public static class MeetingDocuments
{
    public const int MaxPerMeeting = 20;

    public sealed record Added(int Id, string FileName, string ContentType);

    public static async Task<Outcome<Added>> AddAsync(BinHubDb db, TimeProvider clock, Actor actor, int meetingId, Attachments.Upload? upload, IStringLocalizer L, CancellationToken ct)
    {
        if (!actor.IsNational || !await db.SteeringMeetings.AnyAsync(m => m.Id == meetingId, ct))
            return await AuditLog.NotFoundAsync<Added>(db, clock, actor, "AddSteeringDocument", nameof(SteeringMeeting), meetingId.ToString(), ct);
        if (upload is null) return Outcome<Added>.Fail("file", L["Validation.Required", L["Steering.Document"]]);
        if (await db.SteeringDocuments.CountAsync(d => d.MeetingId == meetingId, ct) >= MaxPerMeeting)
            return Outcome<Added>.Fail("file", L["Steering.TooManyDocuments", MaxPerMeeting]);
        var now = clock.GetUtcNow();
        var result = await Attachments.CheckAsync(upload, L, now, ct);
        if (result.File is not { } file) return Outcome<Added>.Fail("file", result.Error!);

        var document = new SteeringDocument { MeetingId = meetingId, FileName = file.FileName, ContentType = file.ContentType, Content = file.Bytes, Sha256 = file.Sha256, UploadedAt = now };
        db.SteeringDocuments.Add(document);
        await AuditLog.SaveNewAsync(db, clock, actor, "AddSteeringDocument", nameof(SteeringMeeting), () => meetingId.ToString(),
            $"document={document.Id}; {file.FileName}; {file.ContentType}; {file.Bytes.Length} bytes; sha256={file.Sha256}", ct);
        return new Outcome<Added>.Ok(new Added(document.Id, document.FileName, document.ContentType));
    }

    public sealed record File(string FileName, string ContentType, byte[] Content);

    public static async Task<Outcome<File>> GetAsync(BinHubDb db, TimeProvider clock, Actor actor, int meetingId, int documentId, CancellationToken ct)
    {
        var d = actor.IsNational
            ? await db.SteeringDocuments.AsNoTracking().Where(x => x.Id == documentId && x.MeetingId == meetingId)
                .Select(x => new File(x.FileName, x.ContentType, x.Content)).FirstOrDefaultAsync(ct)
            : null;
        if (d is null) return await AuditLog.NotFoundAsync<File>(db, clock, actor, "ReadSteeringDocument", nameof(SteeringDocument), documentId.ToString(), ct);
        return new Outcome<File>.Ok(d);
    }
}
