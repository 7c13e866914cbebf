using BinHub.Data;
using BinHub.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Outbox;

/// <summary>
/// Kannel calls back with each delivery report: type 8 = accepted by the SMSC, 1 = delivered, 2 = failed,
/// 16 = rejected by the SMSC, 4 = buffered. A final report never gets overwritten by a late intermediate one.
/// </summary>
public static class DeliveryReports
{
    public static void MapDeliveryReportEndpoint(this RouteGroupBuilder api) =>
        api.MapGet("/sms/dlr/{secret}", async (string secret, long? @ref, int? type, BinHubDb db, TimeProvider clock, IOptions<SmsOptions> sms, CancellationToken ct) =>
            {
                // A wrong secret looks like an unknown address: nothing to learn by guessing.
                if (!sms.Value.Kannel.SecretMatches(secret)) return Results.NotFound();
                if (@ref is null || type is null || !Enum.IsDefined((DeliveryReport)type.Value) || type == 0)
                    return Results.Problem(statusCode: 400, title: "ref and a known type are required");
                var updated = await ApplyAsync(db, clock, @ref.Value, (DeliveryReport)type.Value, ct);
                return updated ? Results.NoContent() : Results.NotFound();
            })
            .AllowAnonymous()
            .WithTags("SMS gateway")
            .WithName("SmsDeliveryReport")
            .WithSummary("Delivery report callback for Kannel (dlr-url). The path carries the shared secret Sms:Kannel:InboundSecret.")
            .Produces(204).ProducesProblem(400).Produces(404)
            .ShortCircuit(); // Kannel's callbacks skip authentication, rate limiting and antiforgery: the secret in the path is the check

    private static readonly DeliveryReport[] Final = [DeliveryReport.Delivered, DeliveryReport.Failed, DeliveryReport.RejectedBySmsc];

    /// <summary>
    /// One conditional UPDATE: Kannel sends "accepted" and "delivered" within milliseconds of each other, on parallel
    /// requests, so a read-then-write would let the late "accepted" overwrite "delivered".
    /// </summary>
    public static async Task<bool> ApplyAsync(BinHubDb db, TimeProvider clock, long id, DeliveryReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = db.OutboxMessages.Where(m => m.Id == id && m.Channel == OutboxChannel.Sms && !Final.Contains(m.DeliveryReport));
        var changed = report is DeliveryReport.Failed or DeliveryReport.RejectedBySmsc
            ? await open.ExecuteUpdateAsync(s => s
                .SetProperty(m => m.DeliveryReport, report).SetProperty(m => m.DeliveryReportAt, now)
                .SetProperty(m => m.State, OutboxState.Failed) // visibly failed, never silently lost
                .SetProperty(m => m.LastError, $"delivery report: {report}"), ct)
            : await open.ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveryReport, report).SetProperty(m => m.DeliveryReportAt, now), ct);
        return changed > 0 || await db.OutboxMessages.AnyAsync(m => m.Id == id && m.Channel == OutboxChannel.Sms, ct);
    }
}
