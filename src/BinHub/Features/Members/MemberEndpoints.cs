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
            .WithName("ListMembers").WithSummary("Members of a BIN (its coordinators and the police of its zone only); phones masked (+32••••••56): full numbers through reveal-phone, which is audited.")
            .Produces<ListMembers.Page>().ProducesProblem(404);
        members.MapPost("/", async (int id, AddMember.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await AddMember.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct))
                .ToHttp(r => TypedResults.Created($"/api/v1/bins/{id}/members/{r.Id}", r)))
            .WithName("AddMember").WithSummary("A coordinator adds a member who signed the paper form (consent on paper, with its date).")
            .Produces<AddMember.Result>(201).ProducesValidationProblem().ProducesProblem(404);
        members.MapPost("/import", async (int id, bool? dryRun, HttpRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                // Bytes, not text: the slice tells UTF-8 from an Excel (Windows-1252) file.
                var bytes = await CsvEncoding.ReadAsync(request.Body, ImportMembers.MaxFileBytes, ct);
                var outcome = await ImportMembers.HandleAsync(db, clock, await current.GetAsync(ct), id, bytes, dryRun ?? true, L, ct);
                // A refused import answers 422 with the whole per-line report, so the coordinator can fix every line at once.
                return outcome.ToHttp(r => r.Imported || dryRun != false ? TypedResults.Ok(r) : TypedResults.UnprocessableEntity(r));
            })
            .Accepts<string>("text/csv")
            .WithName("ImportMembers").WithSummary("CSV import of paper-form members (dryRun=true by default: a per-line report, nothing written; dryRun=false imports all lines or none).")
            .Produces<ImportMembers.Report>().Produces<ImportMembers.Report>(422).ProducesValidationProblem().ProducesProblem(404);
        MapCoordinatorTools(members);
    }

    private static void MapCoordinatorTools(RouteGroupBuilder members)
    {
        members.MapGet("/export.csv", async (int id, [AsParameters] ListMembers.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ExportMembers.HandleAsync(db, clock, await current.GetAsync(ct), id, q, ct))
                .ToHttp(f => TypedResults.File(f.Content, "text/csv; charset=utf-8", f.FileName)))
            .WithName("ExportMembers").WithSummary("The filtered member list as CSV (same scope and filters as the list; every export audited).")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);
        members.MapGet("/{memberId:int}/history", async (int id, int memberId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetMemberHistory.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, ct)).ToHttp(TypedResults.Ok))
            .WithName("MemberHistory").WithSummary("One member's history, newest first (joined, approved, verified, preferences, opt-outs).")
            .Produces<GetMemberHistory.Result>().ProducesProblem(404);
        members.MapPost("/{memberId:int}/reveal-phone", async (int id, int memberId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await RevealPhone.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, ct)).ToHttp(TypedResults.Ok))
            .WithName("RevealMemberPhone").WithSummary("One member's full phone numbers, for a coordinator of the BIN or an officer of its zone; every reading is audited.")
            .Produces<RevealPhone.Result>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        members.MapPost("/{memberId:int}/approve", async (int id, int memberId, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Decided(await DecideMember.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, true, null, L, ct)))
            .WithName("ApproveMember").WithSummary("A coordinator of the BIN approves a pending member; the member is told in their language.")
            .Produces<DecideMember.Result>().ProducesValidationProblem(422).ProducesProblem(404);
        members.MapPost("/{memberId:int}/refuse", async (int id, int memberId, DecideMember.RefuseRequest request, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Decided(await DecideMember.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, false, request.Reason, L, ct)))
            .WithName("RefuseMember").WithSummary("A coordinator of the BIN refuses a pending member, with a reason (max 500 characters) sent to them.")
            .Produces<DecideMember.Result>().ProducesValidationProblem(422).ProducesProblem(404);
    }

    /// <summary>A decision that cannot be taken (no reason, not pending) is 422: the request was understood but refused.</summary>
    private static IResult Decided(Features.Outcome<DecideMember.Result> outcome) =>
        outcome is Features.Outcome<DecideMember.Result>.Invalid bad
            ? Results.ValidationProblem(bad.Errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The decision cannot be taken")
            : outcome.ToHttp(TypedResults.Ok);
}
