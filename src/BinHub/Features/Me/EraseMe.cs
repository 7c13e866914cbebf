using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Me;

/// <summary>
/// GDPR right to erasure. The household's personal data are removed or anonymised in place: name, company,
/// enterprise number, e-mail and address blanked, phones, verification codes and sessions deleted, preferences reset,
/// the sign-in account deleted, offers' messages dropped, messages still waiting in the outbox cancelled and the
/// recipient of every message to its numbers or address masked. What stays, without identity: the household row and
/// its id (police records and reports refer to it), its history lines (which never hold personal data) and the
/// audit log (append-only by law; it holds user and object ids, no names, numbers or addresses).
/// </summary>
public static class EraseMe
{
    public const string ErasedName = "—";
    public const string ErasedRecipient = "[erased]";
    public const string RecipientErased = "recipient erased";

    public sealed record Result(DateTimeOffset ErasedAt, IReadOnlyList<string> Removed, IReadOnlyList<string> Kept, string Reason);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, IStringLocalizer L, CancellationToken ct)
    {
        var (m, refusal) = await MeScope.HouseholdAsync<Result>(db, clock, actor, "EraseMe", ct);
        if (m is null) return refusal!;
        var now = clock.GetUtcNow();
        var pseudonym = MeScope.Pseudonymous(actor, m);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counts = await AnonymiseAsync(db, m, now, ct);
        MemberHistory.Add(db, m.Id, "Erased", now, null, "personal data erased at the member's request");
        AuditLog.Add(db, clock, pseudonym, "ErasePersonalData", nameof(Member), m.Id.ToString(), counts);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Outcome<Result>.Ok(Describe(now, L));
    }

    /// <summary>What the member is told, in their language: what went, what stayed and why.</summary>
    public static Result Describe(DateTimeOffset at, IStringLocalizer L) => new(at,
        [L["Me.Erase.Removed.Identity"], L["Me.Erase.Removed.Phones"], L["Me.Erase.Removed.Account"], L["Me.Erase.Removed.Messages"]],
        [L["Me.Erase.Kept.Row"], L["Me.Erase.Kept.History"], L["Me.Erase.Kept.Audit"]],
        L["Me.Erase.Reason"]);

    /// <summary>
    /// Removes the household's personal data (not saved yet: the caller saves, with its history and audit lines).
    /// Shared with a later retention purge of households that left long ago. Returns counts for the audit line.
    /// </summary>
    public static async Task<string> AnonymiseAsync(BinHubDb db, Member m, DateTimeOffset now, CancellationToken ct)
    {
        var user = m.UserId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == m.UserId, ct);
        var recipients = ExportMyData.Recipients(m, user);

        // BinHub's own messages to the household (codes, confirmations): what waits is cancelled, all lose the address.
        var messages = await db.Deliveries.Where(o => o.MessageId == null && recipients.Contains(o.Recipient)).ToListAsync(ct);
        var cancelled = 0;
        foreach (var o in messages)
        {
            if (o.State is DeliveryState.Planned or DeliveryState.Sending or DeliveryState.AudioReady)
            {
                o.State = DeliveryState.Failed;
                o.LastError = RecipientErased;
                o.FinalAt = now;
                cancelled++;
            }
            o.Recipient = ErasedRecipient;
        }
        // Deliveries of police messages stay (the dashboards' counts are records), without the number or address.
        cancelled += await db.Deliveries.Where(d => d.MemberId == m.Id && (d.State == DeliveryState.Planned || d.State == DeliveryState.Sending))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Failed).SetProperty(d => d.LastError, RecipientErased)
                .SetProperty(d => d.FinalAt, now), ct);
        await db.Deliveries.Where(d => d.MemberId == m.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Recipient, ErasedRecipient), ct);
        var codes = await db.VerificationCodes.Where(v => v.MemberId == m.Id).ToListAsync(ct);
        db.VerificationCodes.RemoveRange(codes);
        var events = await Events.MemberEventData.EraseAsync(db, m.Id, ct);
        var phones = m.Phones.Count;
        db.MemberPhones.RemoveRange(m.Phones);
        m.Phones.Clear();
        foreach (var offer in await db.CoordinatorVolunteers.Where(v => v.MemberId == m.Id).ToListAsync(ct))
        {
            offer.Message = null;
            if (offer.State == VolunteerState.Open) offer.State = VolunteerState.Withdrawn;
        }
        await Volunteering.VolunteerErasure.AnonymiseAsync(db, m, now, ct);
        // History lines hold no personal data by rule; a name typed as "by" (the member acting) is blanked all the same.
        var names = new[] { m.Name, user?.DisplayName, user?.UserName, user?.Email }.Where(x => !string.IsNullOrWhiteSpace(x)).ToList();
        foreach (var e in await db.MemberEvents.Where(e => e.MemberId == m.Id && e.ByName != null && names.Contains(e.ByName)).ToListAsync(ct))
            e.ByName = null;

        await LeaveBin.EndAccountAsync(db, m, now, delete: true, ct);
        var fresh = new Member { Name = "", Street = "", HouseNumber = "", ConsentVersion = "" };
        m.Name = ErasedName;
        m.CompanyName = null;
        m.EnterpriseNumber = null;
        m.Email = null;
        m.EmailVerifiedAt = null;
        m.Street = "";
        m.HouseNumber = "";
        m.RefusalReason = null;
        (m.UrgentChannels, m.FeedbackChannels, m.PreventionChannels) = (fresh.UrgentChannels, fresh.FeedbackChannels, fresh.PreventionChannels);
        (m.QuietFrom, m.QuietUntil, m.NoNightAlarms, m.PausedFrom, m.PausedUntil) = (null, null, false, null, null);
        m.VolunteerCallsConsentAt = null;
        m.UserId = null;
        if (m.State != MemberState.Left) m.LeftAt ??= now;
        m.State = MemberState.Left;
        m.ErasedAt = now;
        m.UpdatedAt = now;
        return $"{phones} phones, {codes.Count} codes, {messages.Count} messages masked ({cancelled} cancelled), {events} event registrations";
    }
}
