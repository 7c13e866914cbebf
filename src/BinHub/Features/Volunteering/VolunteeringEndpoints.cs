using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Volunteering;

/// <summary>
/// /api/v1/volunteering: the publisher's side (Kenniscentrum, municipality officials) and the member's own side under
/// /me. Operation names start with "Volunteering" so they never meet succession's volunteer operations.
/// </summary>
public static class VolunteeringEndpoints
{
    public static void MapVolunteeringEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/volunteering").WithTags("Volunteering").RequireAuthorization();
        g.MapGet("/calls", async (int? p, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListCalls.HandleAsync(db, clock, await current.GetAsync(ct), p, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringListCalls").WithSummary("The calls for volunteers in my scope, newest first, 25 a page (p=).")
            .Produces<ListCalls.Page>().ProducesProblem(404);
        g.MapPost("/calls", async (PublishCall.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, HttpContext http,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await PublishCall.HandleAsync(db, clock, await current.GetAsync(ct), request, Join.PublicUrl.Of(http), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringPublishCall")
            .WithSummary("Publish a call (Kenniscentrum: a region, a municipality or all of Belgium; municipality: its own). Opted-in members of the area are told by e-mail and web inbox.")
            .Produces<PublishCall.Result>().ProducesValidationProblem().ProducesProblem(404);
        g.MapGet("/calls/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetCall.HandleAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringGetCall").WithSummary("A call with its applications (applicants' contact details: personal data, the read is audited).")
            .Produces<GetCall.Detail>().ProducesProblem(404);
        g.MapPost("/applications/{id:int}/accept", async (int id, DecideApplication.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await DecideApplication.AcceptAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringAcceptApplication").WithSummary("Accept an application (optional message): the member gets the volunteer status and is told in their language.")
            .Produces<DecideApplication.Result>().ProducesValidationProblem().ProducesProblem(404);
        g.MapPost("/applications/{id:int}/decline", async (int id, DecideApplication.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await DecideApplication.DeclineAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringDeclineApplication").WithSummary("Decline an application with a message the member receives in their language.")
            .Produces<DecideApplication.Result>().ProducesValidationProblem().ProducesProblem(404);
        g.MapGet("/volunteers", async ([AsParameters] ListVolunteerStatuses.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListVolunteerStatuses.HandleAsync(db, clock, await current.GetAsync(ct), q, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringListVolunteers").WithSummary("Volunteers per municipality (municipality: its own; Kenniscentrum: all, filter by region). Audited.")
            .Produces<ListVolunteerStatuses.Page>().ProducesProblem(404);
        g.MapPost("/volunteers/{id:int}/end", async (int id, EndVolunteerStatus.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await EndVolunteerStatus.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringEndStatus").WithSummary("End a volunteer status (day, reason).")
            .Produces<EndVolunteerStatus.Result>().ProducesValidationProblem().ProducesProblem(404);
        g.MapGet("/figures", async (int? year, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var y = year ?? BrusselsTime.ToBrussels(clock.GetUtcNow()).Year;
                if (!actor.IsNational)
                    return (await AuditLog.NotFoundAsync<IReadOnlyList<VolunteerFigures.Region>>(db, clock, actor, "VolunteerFigures", "Year", y.ToString(), ct)).ToHttp(TypedResults.Ok);
                return (IResult)TypedResults.Ok(await VolunteerFigures.ForYearAsync(db, y, ct));
            })
            .WithName("VolunteeringFigures").WithSummary("Volunteers and CPAs whose status started in the year (year=, default this year), per region (Kenniscentrum).")
            .Produces<IReadOnlyList<VolunteerFigures.Region>>().ProducesProblem(404);

        var me = api.MapGroup("/me/volunteering").WithTags("Volunteering").RequireAuthorization("Member");
        me.MapGet("/", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MyVolunteering.GetAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringMine").WithSummary("My opt-in, the open calls for my area, my applications and my volunteer status.")
            .Produces<MyVolunteering.View>().ProducesProblem(404);
        me.MapPut("/opt-in", async (MyVolunteering.OptIn request, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MyVolunteering.SetOptInAsync(db, clock, await current.GetAsync(ct), request, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringSetOptIn").WithSummary("Opt in (or out) to hear about calls for volunteers (default: out).")
            .Produces<MyVolunteering.View>().ProducesProblem(404);
        me.MapPost("/calls/{id:int}/apply", async (int id, MyVolunteering.ApplyRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, HttpContext http, CancellationToken ct) =>
                (await MyVolunteering.ApplyAsync(db, clock, await current.GetAsync(ct), id, request, L, Join.PublicUrl.Of(http), ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringApply").WithSummary("Apply to an open call of my area with a motivation.")
            .Produces<MyVolunteering.Applied>().ProducesValidationProblem().ProducesProblem(404);
        me.MapDelete("/applications/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await MyVolunteering.WithdrawAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VolunteeringWithdraw").WithSummary("Withdraw my open application.")
            .Produces<MyVolunteering.Applied>().ProducesValidationProblem().ProducesProblem(404);
    }
}
