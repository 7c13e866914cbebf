using BinHub.Data;
using BinHub.Features.SteeringCommittee;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.SteeringCommittee;

/// <summary>All recorded steering committee meetings, newest first, a page at a time.</summary>
public sealed class MeetingsModel(BinHubDb db, CurrentActor current) : PageModel
{
    public GetMeeting.Page Result { get; private set; } = new([], 0, 1, GetMeeting.PageSize);

    public async Task OnGetAsync(int? page, CancellationToken ct) => Result = await GetMeeting.ListAsync(db, await current.GetAsync(ct), null, page ?? 1, ct);
}
