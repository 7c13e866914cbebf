using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Me;

/// <summary>
/// GDPR right of access and portability: everything BinHub holds about the signed-in household, as one document
/// (served as JSON and as a printable page). Secrets (hashes of codes, tokens) are left out; the export is audited.
/// </summary>
public static class ExportMyData
{
    public sealed record Household(int Id, string Name, string? CompanyName, string? EnterpriseNumber, string Street, string HouseNumber, string? Email,
        DateTimeOffset? EmailVerifiedAt, string Language, MemberState State, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? DecidedAt,
        string? RefusalReason, DateTimeOffset? LeftAt);

    public sealed record BinInfo(string Name, string? RegistrationNumber, string MunicipalityNis, int PoliceZoneNumber);

    public sealed record Consent(string Version, DateTimeOffset At, string How);

    public sealed record Phone(string Number, bool IsMobile, bool Verified, DateTimeOffset? VerifiedAt, DateTimeOffset? SmsOptOutAt);

    public sealed record Account(string? Email, string? UserName, string? PhoneNumber, string? DisplayName, string? Language, DateTimeOffset CreatedAt);

    public sealed record HistoryLine(DateTimeOffset At, string Kind, string? Details, string? ByName);

    public sealed record Session(DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset? EndedAt, string? UserAgent);

    public sealed record Verification(CodePurpose Purpose, OutboxChannel Channel, string Target, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
        int Attempts, DateTimeOffset? UsedAt);

    public sealed record VolunteerOffer(VolunteerState State, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);

    public sealed record Message(Channels Channel, string Recipient, string? Subject, string? Body, string Kind, DateTimeOffset? CreatedAt,
        DeliveryState State, DateTimeOffset? SentAt);

    /// <summary>A report the household made (to the police), as the household sees it.</summary>
    public sealed record ReportMade(string Reference, string Category, DateTimeOffset OccurredAt, string? Street, string? HouseNumber, string Text,
        string Source, string State, DateTimeOffset CreatedAt);

    /// <summary>A message of the police or coordinator delivered to the household, per channel and number.</summary>
    /// <param name="Call">Voice: how the latest call ended (Confirmed, AnsweredNotConfirmed, NoAnswer, …); null for other channels.</param>
    public sealed record Received(long MessageId, string Kind, string Channel, string Recipient, string State, DateTimeOffset DueAt, DateTimeOffset? SentAt,
        string? Text, string? Call = null);

    public sealed record Export(DateTimeOffset ExportedAt, string PrivacyNoticeVersion, BinInfo Bin, Household Household, Consent Consent, Account? Account,
        IReadOnlyList<Phone> Phones, Preferences.Settings Preferences, IReadOnlyList<HistoryLine> History, IReadOnlyList<Session> Sessions,
        IReadOnlyList<Verification> Verifications, IReadOnlyList<VolunteerOffer> VolunteerOffers, IReadOnlyList<Message> Messages,
        IReadOnlyList<ReportMade> Reports, IReadOnlyList<Received> Deliveries, Volunteering.VolunteerErasure.Programme? Volunteering = null,
        IReadOnlyList<Events.MemberEventData.Registration>? EventRegistrations = null);

    public static async Task<Outcome<Export>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Export>(db, clock, actor, "ExportMyData", ct);
        if (m is null) return refusal!;
        var bin = await db.Bins.AsNoTracking().FirstAsync(b => b.Id == m.BinId, ct);
        var user = m.UserId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == m.UserId, ct);
        var history = await db.MemberEvents.AsNoTracking().Where(e => e.MemberId == m.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new HistoryLine(e.At, e.Kind, e.Details, e.ByName)).ToListAsync(ct);
        var sessions = m.UserId is null ? [] : await db.MemberSessions.AsNoTracking().Where(s => s.UserId == m.UserId).OrderBy(s => s.CreatedAt)
            .Select(s => new Session(s.CreatedAt, s.LastSeenAt, s.EndedAt, s.UserAgent)).ToListAsync(ct);
        var codes = await db.VerificationCodes.AsNoTracking().Where(v => v.MemberId == m.Id).OrderBy(v => v.CreatedAt)
            .Select(v => new Verification(v.Purpose, v.Channel, v.Target, v.CreatedAt, v.ExpiresAt, v.Attempts, v.UsedAt)).ToListAsync(ct);
        var offers = await db.CoordinatorVolunteers.AsNoTracking().Where(v => v.MemberId == m.Id).OrderBy(v => v.CreatedAt)
            .Select(v => new VolunteerOffer(v.State, v.Message, v.CreatedAt, v.DecidedAt)).ToListAsync(ct);
        var recipients = Recipients(m, user);
        var messages = await db.Deliveries.AsNoTracking().Where(o => o.MessageId == null && recipients.Contains(o.Recipient)).OrderBy(o => o.Id)
            .Select(o => new Message(o.Channel, o.Recipient, o.Subject, o.Body, o.Kind, o.CreatedAt, o.State, o.SentAt)).ToListAsync(ct);

        var reports = (await db.Reports.AsNoTracking().Where(r => r.MemberId == m.Id).OrderBy(r => r.CreatedAt).ToListAsync(ct))
            .Select(r => new ReportMade(r.Reference, r.Category.ToString(), r.OccurredAt, r.Street, r.HouseNumber, r.Text, r.Source.ToString(), r.State.ToString(),
                r.CreatedAt)).ToList();
        var deliveries = (await db.Deliveries.AsNoTracking().Include(d => d.Message).Where(d => d.MemberId == m.Id && d.MessageId != null).OrderBy(d => d.Id).Take(5000).ToListAsync(ct))
            .Select(d => new Received(d.MessageId!.Value, d.Message!.Kind.ToString(), d.Channel.ToString(), d.Recipient, d.State.ToString(), d.DueAt, d.SentAt,
                d.Message.Text(d.Language), d.Call?.ToString())).ToList();

        var eventRegistrations = await Events.MemberEventData.ExportAsync(db, m.Id, ct);
        var now = clock.GetUtcNow();
        AuditLog.Add(db, clock, MeScope.Pseudonymous(actor, m), "ExportPersonalData", nameof(Member), m.Id.ToString(),
            $"{m.Phones.Count} phones, {history.Count} history lines, {messages.Count} messages");
        await db.SaveChangesAsync(ct);

        return new Outcome<Export>.Ok(new Export(now, Privacy.PrivacyNotice.Current.Id,
            new BinInfo(bin.Name, bin.RegistrationNumber, bin.MunicipalityNis, bin.PoliceZoneNumber),
            new Household(m.Id, m.Name, m.CompanyName, m.EnterpriseNumber, m.Street, m.HouseNumber, m.Email, m.EmailVerifiedAt, m.Language, m.State,
                m.CreatedAt, m.UpdatedAt, m.DecidedAt, m.RefusalReason, m.LeftAt),
            new Consent(m.ConsentVersion, m.ConsentAt, m.ConsentOnPaper ? "paper" : "online"),
            user is null ? null : new Account(user.Email, user.UserName, user.PhoneNumber, user.DisplayName, user.Language, user.CreatedAt),
            m.Phones.OrderBy(p => p.Id).Select(p => new Phone(p.Number, p.IsMobile, p.Verified, p.VerifiedAt, p.SmsOptOutAt)).ToList(),
            Preferences.Map(m, clock).Settings, history, sessions, codes, offers, messages, reports, deliveries,
            await Volunteering.VolunteerErasure.ExportAsync(db, m, ct), eventRegistrations));
    }

    /// <summary>Every address the household's messages went to: its phones and e-mail, and its account's.</summary>
    public static List<string> Recipients(Member m, AppUser? user) =>
        new[] { m.Email, user?.Email, user?.PhoneNumber }.Concat(m.Phones.Select(p => p.Number))
            .Where(x => !string.IsNullOrWhiteSpace(x)).SelectMany(x => new[] { x!, x!.ToLowerInvariant() }).Distinct().ToList();
}
