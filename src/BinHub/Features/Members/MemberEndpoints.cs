using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Members;

public static class MemberEndpoints
{
    public static void MapMemberEndpoints(this RouteGroupBuilder api)
    {
        var members = api.MapGroup("/bins/{id:int}/members").WithTags("Members").RequireAuthorization();
        members.MapGet("/", async (int id, [AsParameters] ListMembers.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListMembers.HandleAsync(db, clock, await current.GetAsync(ct), id, q, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListMembers").WithSummary("Members of a BIN (its coordinators and the police of its zone only); phones in E.164.")
            .Produces<ListMembers.Page>().ProducesProblem(404);
        members.MapPost("/", async (int id, AddMember.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await AddMember.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct))
                .ToHttp(r => TypedResults.Created($"/api/v1/bins/{id}/members/{r.Id}", r)))
            .WithName("AddMember").WithSummary("A coordinator adds a member who signed the paper form (consent on paper, with its date).")
            .Produces<AddMember.Result>(201).ProducesValidationProblem().ProducesProblem(404);
    }
}
