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
            .Produces(204).ProducesProblem(400).Produces(404);

    public static async Task<bool> ApplyAsync(BinHubDb db, TimeProvider clock, long id, DeliveryReport report, CancellationToken ct)
    {
        var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id && m.Channel == OutboxChannel.Sms, ct);
        if (message is null) return false;
        var final = message.DeliveryReport is DeliveryReport.Delivered or DeliveryReport.Failed or DeliveryReport.RejectedBySmsc;
        if (!final)
        {
            message.DeliveryReport = report;
            message.DeliveryReportAt = clock.GetUtcNow();
            if (report is DeliveryReport.Failed or DeliveryReport.RejectedBySmsc)
            {
                message.State = OutboxState.Failed; // visibly failed, never silently lost
                message.LastError = $"delivery report: {report}";
            }
            await db.SaveChangesAsync(ct);
        }
        return true;
    }
}
