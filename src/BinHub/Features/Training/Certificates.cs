using System.Security.Cryptography;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Training;

/// <summary>
/// Certificates: issued to a participant who attended and passed, with a short unguessable code anyone can check on the public
/// verification page; the participant is told by e-mail (through the outbox, in their language). Revoked with a reason, never
/// deleted, so the verification page can say it was revoked.
/// </summary>
public static class Certificates
{
    /// <summary>Base32 without the letters people confuse (0/O, 1/I/L): 31 symbols, 10 of them ≈ 49 bits, checked behind a rate limit.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 10, MaxReason = 500;

    public sealed record CertificateView(int Id, string Code, DateTimeOffset IssuedAt, string IssuedBy, DateTimeOffset? RevokedAt, string? RevokedReason);
    public sealed record RevokeRequest(string? Reason);

    /// <summary>What the public verification shows: name, session, curriculum version, date — and nothing else.</summary>
    public sealed record Verification(bool Found, bool Revoked, string? Name, string? Academy, DateOnly? StartsOn, DateOnly? EndsOn, string? CurriculumVersion,
        DateTimeOffset? IssuedAt, DateTimeOffset? RevokedAt);

    /// <summary>The printable certificate.</summary>
    public sealed record Printable(int Id, string Code, string Name, string Academy, string Town, DateOnly StartsOn, DateOnly EndsOn, string Language,
        string CurriculumVersion, int Hours, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

    public static CertificateView View(TrainingCertificate c) => new(c.Id, c.Code, c.IssuedAt, c.IssuedBy, c.RevokedAt, c.RevokedReason);

    public static string NewCode() => string.Create(CodeLength, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });

    /// <summary>As people type it: lower case, spaces or dashes between groups.</summary>
    public static string Normalize(string? code) => new((code ?? "").ToUpperInvariant().Where(ch => !char.IsWhiteSpace(ch) && ch != '-').ToArray());

    public static async Task<Outcome<CertificateView>> IssueAsync(BinHubDb db, TimeProvider clock, Actor actor, int sessionId, int participantId, string publicUrl,
        IStringLocalizer L, CancellationToken ct)
    {
        var (session, p) = await Participants.LoadAsync(db, actor, sessionId, participantId, ct);
        if (session is null || p is null)
            return await AuditLog.NotFoundAsync<CertificateView>(db, clock, actor, "IssueCertificate", nameof(TrainingParticipant), participantId.ToString(), ct);
        if (p.Attendance != Attendance.Present || p.Result != TrainingResult.Passed) return Outcome<CertificateView>.Fail("participant", L["Training.NotPassed"]);
        if (p.Certificates.Any(c => c.RevokedAt is null)) return Outcome<CertificateView>.Fail("participant", L["Training.AlreadyCertified"]);

        var now = clock.GetUtcNow();
        string code;
        do code = NewCode(); while (await db.TrainingCertificates.AnyAsync(c => c.Code == code, ct));
        var certificate = new TrainingCertificate { ParticipantId = p.Id, Code = code, IssuedAt = now, IssuedBy = actor.UserName };
        db.TrainingCertificates.Add(certificate);
        var (email, lang) = await RecipientAsync(db, p, session, ct);
        if (email is not null)
        {
            string subject, body;
            using (new InLanguage(lang))
            {
                subject = L["Training.CertificateSubject"];
                body = L["Training.CertificateBody", p.Name, session.Academy!.Name, session.CurriculumVersion!.Label, Grouped(code),
                    $"{publicUrl.TrimEnd('/')}/Certificates/Verify?code={code}"];
            }
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = email, Language = lang, Subject = subject, Body = body, Kind = "TrainingCertificate",
                DedupKey = $"training-certificate:{code}", CreatedAt = now, DueAt = now,
            });
        }
        await AuditLog.SaveNewAsync(db, clock, actor, "IssueCertificate", nameof(TrainingCertificate), () => certificate.Id.ToString(),
            $"participant={p.Id}; session={session.Id}; e-mailed={email is not null}", ct);
        return new Outcome<CertificateView>.Ok(View(certificate));
    }

    /// <summary>The participant's address and language: their account's when they have one, else what was entered (the session's language).</summary>
    private static async Task<(string? Email, string Lang)> RecipientAsync(BinHubDb db, TrainingParticipant p, TrainingSession session, CancellationToken ct)
    {
        var user = p.UserId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == p.UserId, ct);
        var lang = Languages.IsValid(user?.Language) ? user!.Language! : session.Language;
        return (user?.Email ?? p.Email, lang);
    }

    public static string Grouped(string code) => code.Length == CodeLength ? $"{code[..5]}-{code[5..]}" : code;

    public static async Task<Outcome<CertificateView>> RevokeAsync(BinHubDb db, TimeProvider clock, Actor actor, int certificateId, RevokeRequest r,
        IStringLocalizer L, CancellationToken ct)
    {
        var c = await db.TrainingCertificates.Include(x => x.Participant).ThenInclude(p => p!.Session).FirstOrDefaultAsync(x => x.Id == certificateId, ct);
        if (c is null || !TrainingScope.MayRunAcademy(actor, c.Participant!.Session!.AcademyId))
            return await AuditLog.NotFoundAsync<CertificateView>(db, clock, actor, "RevokeCertificate", nameof(TrainingCertificate), certificateId.ToString(), ct);
        var reason = r.Reason?.Trim() ?? "";
        if (reason.Length == 0) return Outcome<CertificateView>.Fail("reason", L["Training.ReasonRequired"]);
        if (reason.Length > MaxReason) return Outcome<CertificateView>.Fail("reason", L["Training.TooLong", MaxReason]);
        if (c.RevokedAt is not null) return Outcome<CertificateView>.Fail("reason", L["Training.AlreadyRevoked"]);
        c.RevokedAt = clock.GetUtcNow();
        c.RevokedReason = reason;
        c.RevokedBy = actor.UserName;
        AuditLog.Add(db, clock, actor, "RevokeCertificate", nameof(TrainingCertificate), c.Id.ToString(), $"participant={c.ParticipantId}");
        await db.SaveChangesAsync(ct);
        return new Outcome<CertificateView>.Ok(View(c));
    }

    /// <summary>Anyone, anonymously (rate-limited): a code that matches shows the holder's name, the session, the version and the date.</summary>
    public static async Task<Verification> VerifyAsync(BinHubDb db, TimeProvider clock, Actor actor, string? code, CancellationToken ct)
    {
        var normalized = Normalize(code);
        var none = new Verification(false, false, null, null, null, null, null, null, null);
        if (normalized.Length != CodeLength || normalized.Any(ch => !Alphabet.Contains(ch))) return none;
        var found = await db.TrainingCertificates.AsNoTracking().Where(c => c.Code == normalized)
            .Select(c => new Verification(true, c.RevokedAt != null, c.Participant!.Name, c.Participant.Session!.Academy!.Name, c.Participant.Session.StartsOn,
                c.Participant.Session.EndsOn, c.Participant.Session.CurriculumVersion!.Label, c.IssuedAt, c.RevokedAt))
            .FirstOrDefaultAsync(ct);
        // A name was shown to someone unknown: recorded with their address, as every read of personal data is.
        AuditLog.Add(db, clock, actor, "VerifyCertificate", nameof(TrainingCertificate), null, found is null ? "match=false" : "match=true", found is null ? "Denied" : "Ok");
        await db.SaveChangesAsync(ct);
        return found ?? none;
    }

    public static async Task<Outcome<Printable>> PrintableAsync(BinHubDb db, TimeProvider clock, Actor actor, int certificateId, CancellationToken ct)
    {
        var c = await db.TrainingCertificates.AsNoTracking().Include(x => x.Participant).ThenInclude(p => p!.Session).ThenInclude(s => s!.Academy)
            .Include(x => x.Participant).ThenInclude(p => p!.Session).ThenInclude(s => s!.CurriculumVersion).ThenInclude(v => v!.Modules)
            .FirstOrDefaultAsync(x => x.Id == certificateId, ct);
        // The academy that taught it, the Kenniscentrum, and the holder themselves.
        if (c is null || !(TrainingScope.MayRunAcademy(actor, c.Participant!.Session!.AcademyId) || c.Participant.UserId == actor.UserId))
            return await AuditLog.NotFoundAsync<Printable>(db, clock, actor, "PrintCertificate", nameof(TrainingCertificate), certificateId.ToString(), ct);
        var s = c.Participant.Session;
        AuditLog.Add(db, clock, actor, "PrintCertificate", nameof(TrainingCertificate), c.Id.ToString());
        await db.SaveChangesAsync(ct);
        return new Outcome<Printable>.Ok(new Printable(c.Id, c.Code, c.Participant.Name, s.Academy!.Name, s.Academy.Town, s.StartsOn, s.EndsOn, s.Language,
            s.CurriculumVersion!.Label, s.CurriculumVersion.Modules.Where(m => m.Language == s.Language).Sum(m => m.Hours) is var h and > 0
                ? h : s.CurriculumVersion.Modules.GroupBy(m => m.Position).Sum(g => g.First().Hours), c.IssuedAt, c.RevokedAt));
    }

    public sealed record Mine(IReadOnlyList<MyCertificate> Items);
    public sealed record MyCertificate(int Id, string Code, string Academy, DateOnly StartsOn, DateOnly EndsOn, string CurriculumVersion,
        TrainingResult Result, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

    /// <summary>A user's own training records (the export of their personal data in this registry).</summary>
    public static async Task<Mine> MineAsync(BinHubDb db, Actor actor, CancellationToken ct) =>
        new(await db.TrainingCertificates.AsNoTracking().Where(c => c.Participant!.UserId == actor.UserId).OrderByDescending(c => c.IssuedAt)
            .Select(c => new MyCertificate(c.Id, c.Code, c.Participant!.Session!.Academy!.Name, c.Participant.Session.StartsOn, c.Participant.Session.EndsOn,
                c.Participant.Session.CurriculumVersion!.Label, c.Participant.Result, c.IssuedAt, c.RevokedAt))
            .ToListAsync(ct));
}
