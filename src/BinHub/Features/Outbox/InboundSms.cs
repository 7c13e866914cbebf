using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Outbox;

/// <summary>
/// Inbound SMS forwarded by Kannel (sms-service get-url). "STOP" (also "STOP BIN", "ARRET", "ARRÊT", "STOPP", any case)
/// opts that number out of SMS at once and confirms with one SMS; "START" subscribes it again. Only numbers of
/// members are answered; anything else writes nothing. Other texts will become reports (member → police) later.
/// </summary>
public static class InboundSms
{
    public enum Command { None, Stop, Start }

    public static Command Parse(string? text) =>
        (text ?? "").Trim().ToUpperInvariant().Replace("Ê", "E") switch
        {
            "STOP" or "STOP BIN" or "ARRET" or "STOPP" => Command.Stop,
            "START" or "START BIN" => Command.Start,
            _ => Command.None,
        };

    public static void MapInboundSmsEndpoint(this RouteGroupBuilder api) =>
        api.MapGet("/sms/inbound/{secret}", async (string secret, string? from, string? text, BinHubDb db, TimeProvider clock, IOptions<SmsOptions> sms, CancellationToken ct) =>
            {
                if (!sms.Value.Kannel.SecretMatches(secret)) return Results.NotFound();
                if (!PhoneNumber.TryParse(from, out var number, out _) || text is { Length: > 1600 }) return Results.Problem(statusCode: 400, title: "from must be a phone number");
                var handled = await HandleAsync(db, clock, number!.E164, text, ct);
                // Kannel sends a non-empty reply body back as an SMS: always answer with an empty body.
                return handled ? Results.NoContent() : Results.NotFound();
            })
            .AllowAnonymous()
            .WithTags("SMS gateway")
            .WithName("InboundSms")
            .WithSummary("Inbound SMS from Kannel (get-url ...?from=%p&to=%P&text=%a). STOP/START commands from members' numbers.")
            .Produces(204).ProducesProblem(400).Produces(404);

    public static async Task<bool> HandleAsync(BinHubDb db, TimeProvider clock, string fromE164, string? text, CancellationToken ct)
    {
        var phones = await db.MemberPhones.Include(p => p.Member)
            .Where(p => p.Number == fromE164 && p.Member!.State == MemberState.Active).ToListAsync(ct);
        if (phones.Count == 0) return false; // unknown number: nothing is written
        var command = Parse(text);
        if (command == Command.None) return true;
        var now = clock.GetUtcNow();
        foreach (var phone in phones) phone.SmsOptOutAt = command == Command.Stop ? now : null;
        var lang = phones[0].Member!.Language;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Channel = OutboxChannel.Sms, Recipient = fromE164, Subject = "", Body = ConfirmationText(command, lang), Kind = command == Command.Stop ? "SmsStopConfirmation" : "SmsStartConfirmation",
            DedupKey = $"sms-{command}:{fromE164}:{now.UtcTicks}", CreatedAt = now, DueAt = now,
        });
        foreach (var phone in phones)
            AuditLog.Add(db, clock, Actor.System("sms"), command == Command.Stop ? "SmsOptOut" : "SmsOptIn", nameof(Member), phone.MemberId.ToString(), "by SMS");
        await db.SaveChangesAsync(ct);
        return true;
    }

    public static string ConfirmationText(Command command, string lang) => (command, lang) switch
    {
        (Command.Stop, "fr") => "PLP : vous ne recevrez plus de SMS. Envoyez START pour les recevoir à nouveau. Urgence : 112.",
        (Command.Stop, "de") => "BIN: Sie erhalten keine SMS mehr. Senden Sie START, um sie wieder zu erhalten. Notfall: 112.",
        (Command.Stop, "en") => "BIN: you will no longer receive text messages. Send START to receive them again. Emergency: 112.",
        (Command.Stop, _) => "BIN: u ontvangt geen sms meer. Stuur START om ze opnieuw te ontvangen. Noodgeval: 112.",
        (_, "fr") => "PLP : vous recevez à nouveau les SMS. Envoyez STOP pour arrêter.",
        (_, "de") => "BIN: Sie erhalten wieder SMS. Senden Sie STOP, um sie abzubestellen.",
        (_, "en") => "BIN: you receive text messages again. Send STOP to stop them.",
        _ => "BIN: u ontvangt opnieuw sms. Stuur STOP om te stoppen.",
    };
}
