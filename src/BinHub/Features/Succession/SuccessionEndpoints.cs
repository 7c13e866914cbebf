using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Succession;

public static class SuccessionEndpoints
{
    public static void MapSuccessionEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/vacancies", async ([AsParameters] VacancyBoard.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await VacancyBoard.HandleAsync(db, clock, await current.GetAsync(ct), q, Languages.Current, ct)))
            .RequireAuthorization().WithTags("Succession").WithName("ListVacancies")
            .WithSummary("BINs that need a coordinator (announced stop or vacancy), in the caller's scope; vacancies longest first.")
            .Produces<VacancyBoard.Page>();

        var bin = api.MapGroup("/bins/{id:int}").WithTags("Succession").RequireAuthorization();
        bin.MapPut("/coordinator-stop", async (int id, AnnounceStop.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await AnnounceStop.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("AnnounceCoordinatorStop").WithSummary("The signed-in coordinator announces their last day (today up to one year ahead).")
            .Produces<AnnounceStop.Result>().ProducesValidationProblem().ProducesProblem(404);
        bin.MapDelete("/coordinator-stop", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await AnnounceStop.WithdrawAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("WithdrawCoordinatorStop").WithSummary("The coordinator withdraws their announced stop (until their last day).")
            .Produces<AnnounceStop.Result>().ProducesValidationProblem().ProducesProblem(404);
        bin.MapGet("/volunteers", async (int id, [AsParameters] ListVolunteers.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListVolunteers.HandleAsync(db, clock, await current.GetAsync(ct), id, q, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListVolunteers").WithSummary("Members who offered to coordinate the BIN (its coordinators and the police of its zone).")
            .Produces<ListVolunteers.Page>().ProducesProblem(404);
        bin.MapPost("/volunteers/{volunteerId:int}/confirmation", async (int id, int volunteerId, BinHubDb db, UserManager<AppUser> users, TimeProvider clock,
                    CurrentActor current, HttpContext http, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await ConfirmCoordinator.ConfirmAsync(db, users, clock, await current.GetAsync(ct), id, volunteerId, Join.PublicUrl.Of(http), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("ConfirmCoordinator").WithSummary("The mandated officer (or an officer of the zone) makes a volunteer coordinator of the BIN; they are invited by e-mail.")
            .Produces<ConfirmCoordinator.Result>().ProducesValidationProblem().ProducesProblem(404);
        bin.MapPost("/volunteers/{volunteerId:int}/decline", async (int id, int volunteerId, ConfirmCoordinator.DeclineRequest request, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await ConfirmCoordinator.DeclineAsync(db, clock, await current.GetAsync(ct), id, volunteerId, request, L, ct)).ToHttp(s => TypedResults.Ok(new ConfirmCoordinator.Declined(s))))
            .WithName("DeclineVolunteer").WithSummary("Decline a volunteer with a reason (sent to the member in their language).")
            .Produces<ConfirmCoordinator.Declined>().ProducesValidationProblem().ProducesProblem(404);

        var me = api.MapGroup("/me").WithTags("Succession").RequireAuthorization("Member");
        me.MapGet("/vacancy", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await VacancyBoard.ForMemberAsync(db, clock, await current.GetAsync(ct), Languages.Current, ct)).ToHttp(TypedResults.Ok))
            .WithName("MyVacancy").WithSummary("Whether the member's BIN needs a coordinator, and the member's own offer.")
            .Produces<VacancyBoard.MemberView>().ProducesProblem(404);
        me.MapPost("/volunteer", async (Volunteer.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Volunteer.OfferAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("Volunteer").WithSummary("The member offers to coordinate their BIN (optional message, at most 1000 characters).")
            .Produces<Volunteer.Result>().ProducesValidationProblem().ProducesProblem(404);
        me.MapDelete("/volunteer", async (BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Volunteer.WithdrawAsync(db, clock, await current.GetAsync(ct), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("WithdrawVolunteer").WithSummary("The member withdraws their open offer.")
            .Produces<Volunteer.Result>().ProducesValidationProblem().ProducesProblem(404);
    }
}
