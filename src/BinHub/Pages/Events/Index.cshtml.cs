using BinHub.Data;
using BinHub.Features.Events;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace BinHub.Pages.Events;

/// <summary>The events a publisher manages, upcoming (or past), 25 a page.</summary>
public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : FormPage
{
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    [BindProperty(SupportsGet = true)] public bool Past { get; set; }
    public ListEvents.Page Result { get; private set; } = new([], 0, 1, ListEvents.PageSize);
    public bool IsPublisher { get; private set; }
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        IsPublisher = EventScope.IsPublisher(actor);
        Result = await ListEvents.HandleAsync(db, clock, actor, new ListEvents.Query(PageNumber, Past), ct);
    }
}
