using BinHub.Data;
using BinHub.Features.Dispatch;
using BinHub.Gateways.Sms;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages.Admin;

/// <summary>
/// The sending engine: what waits in BinHub's queue per priority lane and channel, how much work BinHub keeps in the SMS
/// gateway and how each operator link drains it. Figures only, no personal data, so viewing is not audited.
/// </summary>
public sealed class DispatchModel(SmsFlow flow, BinHubDb db, TimeProvider clock, IServiceProvider services) : PageModel
{
    public SmsFlowSnapshot Flow { get; private set; } = null!;
    /// <summary>The call engine (baresip over ctrl_tcp), when calls are configured: connected or not, since when, why.</summary>
    public Gateways.Voice.CallGatewayHealth? Calls { get; private set; }
    public int CallChannels { get; private set; }
    public List<QueueDepth.Row> Lanes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flow = flow.Snapshot();
        if (services.GetService<Gateways.Voice.ICallGateway>() is { } calls) (Calls, CallChannels) = (calls.Health, calls.Channels);
        Lanes = await QueueDepth.HandleAsync(db, clock, ct);
    }
}
