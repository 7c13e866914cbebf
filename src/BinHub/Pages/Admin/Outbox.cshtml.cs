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

    public async Task OnGetAsync(CancellationToken ct)
    {
        Messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(200).ToListAsync(ct);
        Pending = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Pending, ct);
        Sent = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Sent, ct);
        Failed = await db.OutboxMessages.CountAsync(m => m.State == OutboxState.Failed, ct);
        AuditLog.Add(db, clock, await current.GetAsync(ct), "ReadPersonalData", nameof(OutboxMessage), null, "outbox page");
        await db.SaveChangesAsync(ct);
    }
}
