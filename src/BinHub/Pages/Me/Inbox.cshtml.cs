using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Me;

/// <summary>
/// The member's web inbox: messages from the police and the BIN, newest first, unread marked; opening one marks it read.
/// New messages appear live (/hubs/member, see wwwroot/js/member-inbox.js); without JavaScript a reload shows them.
/// </summary>
public sealed class InboxModel(BinHubDb db, TimeProvider clock, CurrentActor current) : MePage
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public WebInbox.Page? Result { get; private set; }
    public WebInbox.Item? Opened { get; private set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task<IActionResult> OnGetAsync(long? id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (id is { } open)
        {
            if (await WebInbox.OpenAsync(db, clock, actor, open, ct) is not Outcome<WebInbox.Item>.Ok item) return NotFound();
            Opened = item.Value;
        }
        if (await WebInbox.ListAsync(db, clock, actor, PageNumber, ct) is not Outcome<WebInbox.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        return Page();
    }
}
