using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Events;

/// <summary>
/// /api/v1/events: publishers (Kenniscentrum, municipality officials, coordinators) manage events in their scope; members
/// list the events open to them and register. An event outside the caller's scope answers 404 (audited).
/// </summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/events").WithTags("Events");
        var staff = events.MapGroup("").RequireAuthorization();
        staff.MapGet("/", async ([AsParameters] ListEvents.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await ListEvents.HandleAsync(db, clock, await current.GetAsync(ct), q, ct)))
            .WithName("ListEvents").WithSummary("The events I publish or manage (Kenniscentrum: all; municipality: its own and its BINs'; coordinator: my BINs'), upcoming first, 25 a page; past=true for ended ones.")
            .Produces<ListEvents.Page>();
        staff.MapPost("/", async (SaveEvent.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await SaveEvent.CreateAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(e => TypedResults.Created($"/api/v1/events/{e.Id}", e)))
            .WithName("CreateEvent").WithSummary("Publish an event for a BIN, a municipality, a region or the whole country (the last two: Kenniscentrum only). Times with offset, stored UTC.")
            .Produces<EventView>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        staff.MapGet("/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListEvents.GetAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetEvent").WithSummary("One event I manage.").Produces<EventView>().ProducesProblem(404);
        staff.MapPut("/{id:int}", async (int id, SaveEvent.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await SaveEvent.UpdateAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateEvent").WithSummary("Change an event I manage; when it moves, the reminders of registered households move with it.")
            .Produces<EventView>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        staff.MapPost("/{id:int}/cancellation", async (int id, CancelEvent.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await CancelEvent.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("CancelEvent").WithSummary("Cancel an event I manage ({\"confirm\": true}; cannot be undone): registered households are told in their language, reminders are withdrawn.")
            .Produces<CancelEvent.Result>().ProducesValidationProblem().ProducesProblem(404);
        staff.MapGet("/{id:int}/registrations", async (int id, int? page, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await EventRegistrations.ListAsync(db, clock, await current.GetAsync(ct), id, page, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListEventRegistrations").WithSummary("Who registered for an event I manage and how many people come, 50 a page (personal data: every read is audited).")
            .Produces<EventRegistrations.Page>().ProducesProblem(404);
        staff.MapGet("/{id:int}/registrations.csv", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await EventRegistrations.ExportAsync(db, clock, await current.GetAsync(ct), id, ct))
                .ToHttp(f => TypedResults.File(f.Content, "text/csv; charset=utf-8", f.FileName)))
            .WithName("ExportEventRegistrations").WithSummary("The registrations as CSV (audited).")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);

        var member = events.MapGroup("").RequireAuthorization("Member");
        member.MapGet("/mine", async (int? page, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MyEvents.HandleAsync(db, clock, await current.GetAsync(ct), page, ct)).ToHttp(TypedResults.Ok))
            .WithName("MyEvents").WithSummary("Events open to my household (my BIN's, municipality's, region's, national), soonest first, 20 a page, with my registration.")
            .Produces<MyEvents.Page>().ProducesProblem(404);
        member.MapPut("/{id:int}/my-registration", async (int id, RegisterForEvent.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await RegisterForEvent.RegisterAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("RegisterForEvent").WithSummary("Register my household (or change how many come, 1–4); refused when the event is full. A reminder is sent at 18:00 the evening before.")
            .Produces<RegisterForEvent.Result>().ProducesValidationProblem().ProducesProblem(404);
        member.MapDelete("/{id:int}/my-registration", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await RegisterForEvent.CancelAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("CancelMyEventRegistration").WithSummary("Cancel my registration: the seats are freed and the reminder is withdrawn.")
            .Produces<RegisterForEvent.Result>().ProducesValidationProblem().ProducesProblem(404);
    }
}
