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
        members.MapPost("/import", async (int id, bool? dryRun, HttpRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                using var reader = new StreamReader(request.Body, System.Text.Encoding.UTF8);
                var buffer = new char[ImportMembers.MaxChars + 1];
                var read = await reader.ReadBlockAsync(buffer, ct);
                var outcome = await ImportMembers.HandleAsync(db, clock, await current.GetAsync(ct), id, new string(buffer, 0, read), dryRun ?? true, L, ct);
                // A refused import answers 422 with the whole per-line report, so the coordinator can fix every line at once.
                return outcome.ToHttp(r => r.Imported || dryRun != false ? TypedResults.Ok(r) : TypedResults.UnprocessableEntity(r));
            })
            .Accepts<string>("text/csv")
            .WithName("ImportMembers").WithSummary("CSV import of paper-form members (dryRun=true by default: a per-line report, nothing written; dryRun=false imports all lines or none).")
            .Produces<ImportMembers.Report>().Produces<ImportMembers.Report>(422).ProducesValidationProblem().ProducesProblem(404);
    }
}
