using BinHub.Data;
using BinHub.Domain;
using BinHub.Gateways.Sms;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using BinHub.Features.Reports;

namespace BinHub.Features.Sms;

/// <summary>
/// Inbound SMS forwarded by Kannel (sms-service get-url). "STOP" (also "STOP BIN", "ARRET", "ARRÊT", "STOPP", any case)
/// opts that number out of SMS at once and confirms with one SMS; "START" subscribes it again. Only numbers of
/// members are answered; anything else writes nothing. Any other text from a verified number of an active member first
/// gets a chance to be a reply to a recent alarm (<see cref="ReplyIncidentAsync"/>), else it becomes a report to the police
/// (category "other", text as sent), acknowledged by one SMS with its reference in the member's language.
/// </summary>
public static class InboundSms
{
    public enum Command { None, Stop, Start, Confirm }

    public static Command Parse(string? text) =>
        (text ?? "").Trim().ToUpperInvariant().Replace("Ê", "E") switch
        {
            "STOP" or "STOP BIN" or "ARRET" or "STOPP" => Command.Stop,
            "START" or "START BIN" => Command.Start,
            "JA" or "OUI" or "YES" or "JA BIN" or "OUI PLP" => Command.Confirm,
            _ => Command.None,
        };

    public static void MapInboundSmsEndpoint(this RouteGroupBuilder api) =>
        api.MapGet("/sms/inbound/{secret}", async (string secret, string? from, string? text, BinHubDb db, TimeProvider clock, IOptions<SmsOptions> sms,
                IStringLocalizer<SharedResource> L, ILiveNotifier<PoliceHub> live, CancellationToken ct) =>
            {
                if (!sms.Value.Kannel.SecretMatches(secret)) return Results.NotFound();
                if (!PhoneNumber.TryParse(from, out var number, out _) || text is { Length: > 1600 }) return Results.Problem(statusCode: 400, title: "from must be a phone number");
                var handled = await HandleAsync(db, clock, number!.E164, text, L, ct, live);
                // Kannel sends a non-empty reply body back as an SMS: always answer with an empty body.
                return handled ? Results.NoContent() : Results.NotFound();
            })
            .AllowAnonymous()
            .WithTags("SMS gateway")
            .WithName("InboundSms")
            .WithSummary("Inbound SMS from Kannel (get-url ...?from=%p&to=%P&text=%a). STOP/START commands from members' numbers; other texts from verified numbers become reports.")
            .Produces(204).ProducesProblem(400).Produces(404);

    public static async Task<bool> HandleAsync(BinHubDb db, TimeProvider clock, string fromE164, string? text, IStringLocalizer L, CancellationToken ct,
        ILiveNotifier<PoliceHub>? live = null)
    {
        var phones = await db.MemberPhones.Include(p => p.Member)
            .Where(p => p.Number == fromE164 && p.Member!.State == MemberState.Active).ToListAsync(ct);
        if (phones.Count == 0) return false; // unknown number: nothing is written
        var command = Parse(text);
        if (command == Command.None)
        {
            if (!string.IsNullOrWhiteSpace(text)) await ReportAsync(db, clock, phones, fromE164, text.Trim(), L, live, ct);
            return true;
        }
        var now = clock.GetUtcNow();
        if (command == Command.Confirm)
        {
            // "JA" confirms a number a coordinator entered from a paper form; from an already verified number it is just a text.
            var unproven = phones.Where(p => !p.Verified && p.IsMobile).ToList();
            if (unproven.Count == 0)
            {
                if (!string.IsNullOrWhiteSpace(text)) await ReportAsync(db, clock, phones, fromE164, text.Trim(), L, live, ct);
                return true;
            }
            foreach (var p in unproven)
            {
                Verification.OneTimeCodes.Proven(db, p, now, "mobile confirmed by SMS reply");
                AuditLog.Add(db, clock, Actor.System("sms"), "VerifyPhone", nameof(Member), p.MemberId.ToString(), "confirmed by SMS reply");
            }
            string body;
            using (new InLanguage(unproven[0].Member!.Language)) body = L["Paper.Confirmed"];
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Sms, Recipient = fromE164, Subject = "", Body = body, Kind = "PaperConfirmed",
                DedupKey = $"paper-confirmed:{fromE164}:{now.UtcTicks}", CreatedAt = now, DueAt = now,
            });
            await db.SaveChangesAsync(ct);
            return true;
        }
        foreach (var phone in phones) phone.SmsOptOutAt = command == Command.Stop ? now : null;
        string confirmation;
        using (new InLanguage(phones[0].Member!.Language))
            confirmation = L[command == Command.Stop ? "Sms.StopConfirmation" : "Sms.StartConfirmation"];
        Outgoing.Queue(db, new Delivery
        {
            Channel = Channels.Sms, Recipient = fromE164, Subject = "", Body = confirmation, Kind = command == Command.Stop ? "SmsStopConfirmation" : "SmsStartConfirmation",
            DedupKey = $"sms-{command}:{fromE164}:{now.UtcTicks}", CreatedAt = now, DueAt = now,
        });
        foreach (var phone in phones)
            AuditLog.Add(db, clock, Actor.System("sms"), command == Command.Stop ? "SmsOptOut" : "SmsOptIn", nameof(Member), phone.MemberId.ToString(), "by SMS");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Only a verified number speaks for a household (an unverified one may be a typo of someone else's). With several
    /// households on one number (a shared landline cannot text, so rare), the one that verified it last is taken.
    /// </summary>
    private static async Task ReportAsync(BinHubDb db, TimeProvider clock, List<MemberPhone> phones, string fromE164, string text, IStringLocalizer L,
        ILiveNotifier<PoliceHub>? live, CancellationToken ct)
    {
        var phone = phones.Where(p => p.Verified).OrderByDescending(p => p.VerifiedAt).FirstOrDefault();
        if (phone is null) return;
        var member = phone.Member!;
        var incident = await ReplyIncidentAsync(db, clock, fromE164, ct);
        await SubmitReport.FromSmsAsync(db, clock, member, text, report =>
        {
            if (incident is { } reply)
            {
                report.IncidentId = reply.IncidentId;
                report.Text = $"{ReplyPrefix(reply.AlarmId)} {report.Text}";
                if (report.Text.Length > Report.MaxText) report.Text = report.Text[..Report.MaxText];
            }
            // A number that sent STOP gets no SMS, not even this acknowledgement.
            if (phone.SmsOptOutAt is not null) return;
            string body;
            using (new InLanguage(member.Language)) body = L["Report.Sms.Acknowledgement", report.Reference];
            Outgoing.Queue(db, new Delivery
            {
                Channel = Channels.Sms, Recipient = fromE164, Subject = "", Body = body, Kind = "ReportAcknowledgement",
                DedupKey = $"report-ack:{report.Id}", CreatedAt = report.CreatedAt, DueAt = report.CreatedAt,
            });
        }, live, ct);
    }

    /// <summary>
    /// Marks a report's text as a member's SMS answering an alarm. Stored, and matched by later replies, so it stays one fixed
    /// form; pages show it in the reader's language (<see cref="Reports.ReportText"/>).
    /// </summary>
    public static string ReplyPrefix(long alarmId) => $"[reply to alarm #{alarmId}]";

    /// <summary>How long after an alarm SMS a text from that number counts as a reply to it.</summary>
    public static readonly TimeSpan ReplyWindow = TimeSpan.FromHours(2);

    /// <summary>
    /// A member's SMS shortly after an alarm SMS to that number is a reply: it joins the alarm's open incident, so the
    /// officer sees it next to the alarm instead of as a new, unrelated report. That is the incident of the alarm's report,
    /// else the one earlier replies to this alarm joined; when there is none, or it has been closed, a new one is opened
    /// (and the alarm's report joins it if it had none).
    /// </summary>
    public static async Task<(long AlarmId, int IncidentId)?> ReplyIncidentAsync(BinHubDb db, TimeProvider clock, string fromE164, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - ReplyWindow;
        var alarm = await db.Deliveries.Where(d => d.Recipient == fromE164 && d.Channel == Channels.Sms && d.SentAt >= since
                && d.Message!.Kind == MessageKind.Alarm)
            .OrderByDescending(d => d.SentAt).Select(d => d.Message!).FirstOrDefaultAsync(ct);
        if (alarm is null) return null;
        // Only the alarm's own zone: an alarm written before its report was checked against the sender's scope may name
        // another zone's report, and a reply must never join (nor show the title of) another zone's incident.
        var source = alarm.ReportId is { } rid ? await db.Reports.FirstOrDefaultAsync(r => r.Id == rid && r.Bin!.PoliceZoneNumber == alarm.ZoneNumber, ct) : null;
        if (source?.IncidentId is { } linked && await db.Incidents.AnyAsync(i => i.Id == linked && i.ZoneNumber == alarm.ZoneNumber && i.ClosedAt == null, ct))
            return (alarm.Id, linked);
        var replyPrefix = ReplyPrefix(alarm.Id);
        var earlier = await db.Reports.Where(r => r.IncidentId != null && r.Text.StartsWith(replyPrefix) && r.Incident!.ClosedAt == null
                && r.Incident.ZoneNumber == alarm.ZoneNumber)
            .OrderByDescending(r => r.Id).Select(r => r.IncidentId).FirstOrDefaultAsync(ct);
        if (earlier is { } open) return (alarm.Id, open);
        var incident = new Incident
        {
            ZoneNumber = alarm.ZoneNumber, Title = ReportText.AlarmIncidentTitle(alarm.Id, alarm.TargetSummary),
            CreatedAt = clock.GetUtcNow(), CreatedByUserId = alarm.SenderUserId,
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync(ct);
        if (source is { IncidentId: null })
        {
            source.IncidentId = incident.Id;
            await db.SaveChangesAsync(ct);
        }
        return (alarm.Id, incident.Id);
    }
}
