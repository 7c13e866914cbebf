using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Practices;

/// <summary>
/// The Kenniscentrum reviews submitted practices: publishes one, or rejects it with a reason. The author is told by e-mail in
/// their own language, queued in the outbox in the same transaction as the decision. For anyone else the review does not exist.
/// </summary>
public static class ReviewPractice
{
    public sealed record RejectRequest(string? Reason);

    public sealed record Result(int Id, PracticeState State, int Notified);

    public const string MailKind = "PracticeReviewed";

    /// <summary>The queue: submitted practices, the longest waiting first.</summary>
    public static async Task<Outcome<SearchPractices.Page>> QueueAsync(BinHubDb db, TimeProvider clock, Actor actor, int? page, CancellationToken ct)
    {
        if (!actor.IsNational) return await AuditLog.NotFoundAsync<SearchPractices.Page>(db, clock, actor, "ReviewPractices", nameof(Practice), null, ct);
        return new Outcome<SearchPractices.Page>.Ok(await SearchPractices.PageAsync(db,
            db.Practices.Where(p => p.State == PracticeState.Submitted).OrderBy(p => p.UpdatedAt).ThenBy(p => p.Id), page, 25, ct));
    }

    /// <param name="site">The site's public address (links in the e-mail).</param>
    public static Task<Outcome<Result>> PublishAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, string site, IStringLocalizer L, CancellationToken ct) =>
        DecideAsync(db, clock, actor, id, PracticeState.Published, null, site, L, ct);

    public static async Task<Outcome<Result>> RejectAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, RejectRequest r, string site, IStringLocalizer L, CancellationToken ct)
    {
        var reason = r.Reason?.Replace("\r\n", "\n").Trim() ?? "";
        if (reason.Length == 0) return Outcome<Result>.Fail("Reason", L["Validation.Required", L["Practice.RejectionReason"]]);
        if (reason.Length > Practice.MaxReason) return Outcome<Result>.Fail("Reason", L["Validation.MaxLength", L["Practice.RejectionReason"], Practice.MaxReason]);
        return await DecideAsync(db, clock, actor, id, PracticeState.Rejected, reason, site, L, ct);
    }

    private static async Task<Outcome<Result>> DecideAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, PracticeState to, string? reason,
        string site, IStringLocalizer L, CancellationToken ct)
    {
        var action = to == PracticeState.Published ? "PublishPractice" : "RejectPractice";
        var p = actor.IsNational ? await db.Practices.FirstOrDefaultAsync(x => x.Id == id, ct) : null;
        if (p is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, action, nameof(Practice), id.ToString(), ct);
        if (p.State != PracticeState.Submitted) return Outcome<Result>.Fail("State", L["Practice.NotAwaitingReview"]);
        var now = clock.GetUtcNow();
        p.State = to;
        p.RejectionReason = reason;
        p.ReviewedBy = actor.UserName;
        p.ReviewedAt = now;
        if (to == PracticeState.Published) p.PublishedAt = now;
        var author = await db.Users.Where(u => u.Id == p.AuthorUserId).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
        var notified = 0;
        if (!string.IsNullOrEmpty(author?.Email))
        {
            string subject, body;
            using (new InLanguage(author.Language ?? p.Language))
            {
                subject = L[to == PracticeState.Published ? "Practice.Mail.PublishedSubject" : "Practice.Mail.RejectedSubject", p.Title];
                body = to == PracticeState.Published ? L["Practice.Mail.PublishedBody", p.Title, $"{site.TrimEnd('/')}/Practices/{p.Id}"] : L["Practice.Mail.RejectedBody", p.Title, reason!, $"{site.TrimEnd('/')}/Practices/Edit/{p.Id}"];
            }
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Email, Recipient = author.Email, Subject = subject, Body = body, Kind = MailKind,
                DedupKey = $"practice:{p.Id}:{to}:{now.UtcTicks}", CreatedAt = now, DueAt = now,
            });
            notified = 1;
        }
        AuditLog.Add(db, clock, actor, action, nameof(Practice), p.Id.ToString(), reason);
        await db.SaveChangesAsync(ct); // decision, audit line and e-mail together
        return new Outcome<Result>.Ok(new Result(p.Id, p.State, notified));
    }
}
