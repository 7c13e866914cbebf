using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// The publisher of a call hears of a new application by e-mail, queued in the application's transaction, in the
/// publisher's language. The e-mail names no applicant and quotes no motivation — e-mail is forwarded and stored beyond
/// our control — only the call and the link to its page, where reading the application is audited.
/// <para>
/// An applicant wave must not flood the publisher: at most one e-mail per call per hour. The first application sends
/// one at once; one within the hour after it is covered by a second e-mail due when that hour is up, and the
/// applications until then by that same waiting e-mail. So none goes unmentioned and the publisher gets at most one an
/// hour. Two applications committing in the same instant may each queue one (nothing serialises them); that is the
/// only exception.
/// </para>
/// </summary>
public static class ApplicationNotice
{
    public const string Kind = "VolunteerApplicationNotice";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private static string KeyPrefix(int callId) => $"volunteer-applications:{callId}:";

    /// <summary>Queues (not saved: the caller saves with the application) the publisher's e-mail, unless one waiting already covers it.</summary>
    public static async Task<bool> QueueAsync(BinHubDb db, VolunteerCall call, IStringLocalizer L, string publicUrl, DateTimeOffset now, CancellationToken ct)
    {
        var publisher = await db.Users.Where(u => u.Id == call.PublishedByUserId).Select(u => new { u.Email, u.Language }).FirstOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(publisher?.Email)) return false;
        var prefix = KeyPrefix(call.Id);
        // The latest notice of this call (ids grow with time; SQLite cannot order by a DateTimeOffset column).
        var last = await db.Deliveries.Where(d => d.Kind == Kind && d.DedupKey!.StartsWith(prefix)).OrderByDescending(d => d.Id)
            .Select(d => new { d.State, d.DueAt }).FirstOrDefaultAsync(ct);
        if (last is { State: DeliveryState.Planned or DeliveryState.Sending }) return false; // still to go: it covers this application too
        var due = last is not null && last.DueAt + Interval > now ? last.DueAt + Interval : now;
        var language = Languages.IsValid(publisher.Language) ? publisher.Language! : "nl";
        string subject, body;
        using (new InLanguage(language))
        {
            subject = L["Volunteering.ApplicationMail.Subject", call.Title];
            body = VolunteerNotices.Lines(L["Volunteering.ApplicationMail.Body", call.Title, $"{publicUrl.TrimEnd('/')}/Volunteering/Call/{call.Id}"]);
        }
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Email, Recipient = publisher.Email, Language = language, Subject = subject, Body = body, Kind = Kind,
            DedupKey = $"{prefix}{due.UtcTicks}:{Guid.NewGuid():N}", CreatedAt = now, DueAt = due, // unique: two concurrent applicants must not fail on it
        });
        return true;
    }
}
