using BinHub.Data;
using BinHub.Domain;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Messages;

public static class MessageEndpoints
{
    public static void MapMessageEndpoints(this RouteGroupBuilder api)
    {
        var messages = api.MapGroup("/messages").WithTags("Messages").RequireAuthorization();
        messages.MapPost("/", async (SendMessage.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    DispatchSignal signal, CancellationToken ct) =>
                (await SendMessage.HandleAsync(db, clock, await current.GetAsync(ct), request, L, dryRun: false, signal, ct))
                .ToHttp(p => TypedResults.Accepted($"/api/v1/messages/{p.MessageId}", p)))
            .WithName("SendMessage")
            .WithSummary("Send an Alarm, Feedback, Prevention or Info message to BINs (binIds, zoneNumber, municipalityNis, or lat/lon/radiusKm). 202 with the planned deliveries per channel.")
            .Produces<SendMessage.Planned>(202).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        messages.MapPost("/preview", async (SendMessage.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await SendMessage.HandleAsync(db, clock, await current.GetAsync(ct), request, L, dryRun: true, null, ct)).ToHttp(TypedResults.Ok))
            .WithName("PreviewMessage").WithSummary("What sending would reach (members and deliveries per channel), SMS length and encoding, and warnings; nothing is written.")
            .Produces<SendMessage.Planned>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        messages.MapGet("/{id:long}", async (long id, int? unreachedPage, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, ct, unreachedPage ?? 1)).ToHttp(TypedResults.Ok))
            .WithName("GetMessage").WithSummary("A message's state and its deliveries per channel and status (planned, pending, sent, delivered, failed, audioReady, unknown), " +
                $"and the households it reached on no channel: their count, and {Unreached.PageSize} a page (unreachedPage=) by name with their numbers for those who may see the BIN's members.")
            .Produces<GetMessage.Result>().ProducesProblem(404);
        messages.MapGet("/", async (int? p, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListMessages.HandleAsync(db, clock, await current.GetAsync(ct), p, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListMessages").WithSummary("The messages of my scope, newest first, 25 a page (p=), with the alarms still waiting for feedback flagged.")
            .Produces<ListMessages.Page>().ProducesProblem(404);
        messages.MapPost("/{id:long}/approval", async (long id, ApproveMessage.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, DispatchSignal signal, CancellationToken ct) =>
                (await ApproveMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, signal, ct)).ToHttp(TypedResults.Ok))
            .WithName("ApproveMessage")
            .WithSummary("An officer of the zone approves (deliveries are planned and sent) or refuses (with a reason) a coordinator's message awaiting approval.")
            .Produces<ApproveMessage.Result>().ProducesValidationProblem().ProducesProblem(404);
        messages.MapPost("/{id:long}/update", async (long id, UpdateMessage.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, DispatchSignal signal, CancellationToken ct) =>
                (await UpdateMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, Amendment.Update, request, L, signal, ct))
                .ToHttp(p => TypedResults.Accepted($"/api/v1/messages/{p.MessageId}", p)))
            .WithName("UpdateMessage")
            .WithSummary("Send an update of a sent message (its latest version): a new message with the given texts to the same BINs, and a CAP 'Update' referencing the earlier versions. What members already received is not recalled. 400 when the message is not sent, not the latest version or withdrawn.")
            .Produces<SendMessage.Planned>(202).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        messages.MapPost("/{id:long}/withdrawal", async (long id, UpdateMessage.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, DispatchSignal signal, CancellationToken ct) =>
                (await UpdateMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, Amendment.Withdrawal, request, L, signal, ct))
                .ToHttp(p => TypedResults.Accepted($"/api/v1/messages/{p.MessageId}", p)))
            .WithName("WithdrawMessage")
            .WithSummary("Withdraw a sent message (irreversible): the given texts (why it no longer holds) go to the same BINs, and a CAP 'Cancel' referencing the earlier versions; the public feed shows the entry as withdrawn. 400 when not sent, not the latest version or already withdrawn.")
            .Produces<SendMessage.Planned>(202).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        messages.MapGet("/{id:long}/audio/{lang}", async (long id, string lang, BinHubDb db, TimeProvider clock, CurrentActor current, VoiceOptions voice,
                    CancellationToken ct) =>
                (await MessageAudio.FindAsync(db, clock, await current.GetAsync(ct), voice, id, lang, ct))
                .ToHttp(path => TypedResults.PhysicalFile(path, "audio/wav", $"message-{id}-{lang}.wav")))
            .WithName("GetMessageAudio").WithSummary("The voice rendering of a message in one language (8 kHz WAV), for the sender to check pronunciation; 404 until rendered.")
            .Produces(200, contentType: "audio/wav").ProducesProblem(404);
    }

    /// <summary>Kannel's %p as E.164 (a "+" in a query string may arrive as a space, or not at all).</summary>
    public static string Number(string to)
    {
        var raw = to.Trim();
        return Phones.PhoneNumber.TryParse(raw.StartsWith('+') || raw.StartsWith('0') ? raw : "+" + raw, out var p, out _) ? p!.E164 : raw;
    }
}
