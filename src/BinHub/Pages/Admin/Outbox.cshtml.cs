using BinHub.Data;
using BinHub.Domain;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Admin;

/// <summary>What was (or, in the dev outbox, would have been) sent. Message bodies hold recipients' addresses: viewing is audited.</summary>
public sealed class OutboxModel(BinHubDb db, TimeProvider clock, CurrentActor current, IEmailSender sender) : PageModel
{
    public List<Delivery> Messages { get; private set; } = [];
    public int Pending { get; private set; }
    public int Sent { get; private set; }
    public int Failed { get; private set; }
    public bool DevMode => sender is DevOutboxEmailSender;

    public sealed record DeliveryRow(long Id, long? MessageId, MessageKind Kind, Channels Channel, string Recipient, string Language, DeliveryState State,
        DateTimeOffset DueAt, DateTimeOffset? SentAt, int Attempts, string? LastError);

    /// <summary>The newest deliveries of messages to members (every channel), so the whole loop is visible on a developer's machine.</summary>
    public List<DeliveryRow> Deliveries { get; private set; } = [];

    /// <summary>
    /// The always-visible line of a row's details: the subject, or where there is none (SMS) the start of the text, so no row
    /// hides its content behind an empty, unnamed toggle.
    /// </summary>
    public static string Summary(Delivery m, string fallback) =>
        !string.IsNullOrWhiteSpace(m.Subject) ? m.Subject
        : string.IsNullOrWhiteSpace(m.Body) ? fallback
        : m.Body.Length <= 60 ? m.Body : m.Body[..60].TrimEnd() + "…";

    public async Task OnGetAsync(CancellationToken ct)
    {
        // BinHub's own messages (codes, confirmations, reminders): rows of the one queue without a police or coordinator message.
        var service = db.Deliveries.AsNoTracking().Where(d => d.MessageId == null);
        Messages = await service.OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        Pending = await service.CountAsync(m => m.State == DeliveryState.Planned || m.State == DeliveryState.Sending, ct);
        Sent = await service.CountAsync(m => m.State == DeliveryState.Sent || m.State == DeliveryState.Delivered, ct);
        Failed = await service.CountAsync(m => m.State == DeliveryState.Failed, ct);
        Deliveries = await db.Deliveries.AsNoTracking().Where(d => d.MessageId != null).OrderByDescending(d => d.Id).Take(200)
            .Select(d => new DeliveryRow(d.Id, d.MessageId, d.Message!.Kind, d.Channel, d.Recipient, d.Language, d.State, d.DueAt, d.SentAt, d.Attempts, d.LastError))
            .ToListAsync(ct);
        AuditLog.Add(db, clock, await current.GetAsync(ct), "ReadPersonalData", "OutboxMessage", null, "outbox page");
        await db.SaveChangesAsync(ct);
    }
}
