using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>One member's history for the BIN's coordinators and the police of its zone (linked from the member list).</summary>
public sealed class MemberHistoryModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PageModel
{
    public int Id { get; private set; }
    public GetMemberHistory.Result? History { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int memberId, CancellationToken ct)
    {
        Id = id;
        var outcome = await GetMemberHistory.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, ct);
        if (outcome is not Outcome<GetMemberHistory.Result>.Ok ok) return NotFound();
        History = ok.Value;
        return Page();
    }

    /// <summary>Known kinds and details are shown in the reader's language; anything newer as written.</summary>
    public string Text(string prefix, string? code)
    {
        if (string.IsNullOrEmpty(code)) return "";
        var s = L[$"{prefix}.{code}"];
        return s.ResourceNotFound ? code : s.Value;
    }
}
