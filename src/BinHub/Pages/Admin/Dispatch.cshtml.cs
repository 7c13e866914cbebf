using BinHub.Gateways.Sms;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Admin;

/// <summary>
/// The sending engine: how much work BinHub keeps in the SMS gateway and how each operator link drains it. Figures only,
/// no personal data, so viewing is not audited. The queue depth per priority lane (from the database) goes in
/// <c>_DispatchLanes.cshtml</c>.
/// </summary>
public sealed class DispatchModel(SmsFlow flow) : PageModel
{
    public SmsFlowSnapshot Flow { get; private set; } = null!;

    public void OnGet() => Flow = flow.Snapshot();
}
