using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Users;

public static class InvitationEndpoints
{
    public static void MapInvitationEndpoints(this RouteGroupBuilder api)
    {
        var invitations = api.MapGroup("/invitations").WithTags("Invitations").RequireAuthorization();
        invitations.MapPost("/", async (InviteUser.Request request, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await InviteUser.HandleAsync(db, clock, await current.GetAsync(ct), request, L, Join.PublicUrl.Of(http), ct))
                .ToHttp(r => TypedResults.Created($"/api/v1/invitations/{r.Id}", r)))
            .WithName("InviteUser")
            .WithSummary("Invite a Coordinator (binId) or a MunicipalityOfficial (municipalityNis) by e-mail: a one-use link valid 7 days. Officers in their zone, the Kenniscentrum everywhere.")
            .Produces<InviteUser.Result>(201).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        invitations.MapGet("/", async (BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Invitations.ListAsync(db, clock, await current.GetAsync(ct), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListInvitations").WithSummary("The pending invitations of my zone (all, for the Kenniscentrum), newest first.")
            .Produces<List<Invitations.Item>>().ProducesProblem(401).ProducesProblem(403);
        invitations.MapDelete("/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Invitations.RevokeAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RevokeInvitation").WithSummary("Withdraw a pending invitation: its link stops working at once.")
            .Produces(204).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
    }
}
