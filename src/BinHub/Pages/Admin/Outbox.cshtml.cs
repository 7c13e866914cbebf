using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Outbox;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Admin;

/// <summary>What was (or, in the dev outbox, would have been) sent. Message bodies hold recipients' addresses: viewing is audited.</summary>
public sealed class OutboxModel(BinHubDb db, TimeProvider clock, CurrentActor current, IEmailSender sender) : PageModel
{
    public List<OutboxMessage> Messages { get; private set; } = [];
    public int Pending { get; private set; }
    public int Sent { get; private set; }
    public int Failed { get; private set; }
    public bool DevMode => sender is DevOutboxEmailSender;

    public sealed record DeliveryRow(long Id, long MessageId, MessageKind Kind, Channels Channel, string Recipient, string Language, DeliveryState State,
        DateTimeOffset DueAt, DateTimeOffset? SentAt, int Attempts, string? LastError);

    /// <summary>The newest deliveries of messages to members (every channel), so the whole loop is visible on a developer's machine.</summary>
    public List<DeliveryRow> Deliveries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        Pending = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Pending, ct);
        Sent = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Sent, ct);
        Failed = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed, ct);
        Deliveries = await db.Deliveries.AsNoTracking().OrderByDescending(d => d.Id).Take(200)
            .Select(d => new DeliveryRow(d.Id, d.MessageId, d.Message!.Kind, d.Channel, d.Recipient, d.Language, d.State, d.DueAt, d.SentAt, d.Attempts, d.LastError))
            .ToListAsync(ct);
        AuditLog.Add(db, clock, await current.GetAsync(ct), "ReadPersonalData", nameof(OutboxMessage), null, "outbox page");
        await db.SaveChangesAsync(ct);
    }
}
