using BinHub.Data;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Practices;

/// <summary>/api/v1/practices: the good practices library, calling the same slices as the pages.</summary>
public static class PracticeEndpoints
{
    public static void MapPracticeEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/practices").WithTags("Practices").RequireAuthorization();
        g.MapGet("/", async ([AsParameters] SearchPractices.Query q, BinHubDb db, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await SearchPractices.HandleAsync(db, await current.GetAsync(ct), q, ct)))
            .AllowAnonymous().WithName("SearchPractices")
            .WithSummary("Published practices by words (case and accents ignored), theme, region (a code or 'national') and language, newest first; " +
                         "anonymous callers see only those the author made public (read them on /Practices/{id}); mine=true lists the caller's own proposals in every state.")
            .Produces<SearchPractices.Page>();
        g.MapGet("/review", async (int? page, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ReviewPractice.QueueAsync(db, clock, await current.GetAsync(ct), page, ct)).ToHttp(TypedResults.Ok))
            .WithName("PracticeReviewQueue").WithSummary("The Kenniscentrum's review queue: submitted practices, the longest waiting first.")
            .Produces<SearchPractices.Page>().ProducesProblem(404);
        g.MapGet("/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetPractice.HandleAsync(db, clock, await current.GetAsync(ct), id, Languages.Current, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetPractice")
            .WithSummary("One practice with its translations, attachments and uptake (which BINs use it: Kenniscentrum only). Drafts only for the author and the Kenniscentrum.")
            .Produces<GetPractice.Details>();
        g.MapPost("/", async (ProposePractice.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await ProposePractice.HandleAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(r => TypedResults.Created($"/api/v1/practices/{r.Id}", r)))
            .WithName("ProposePractice").WithSummary("The Kenniscentrum, a police officer or a coordinator proposes a practice (a draft, or submitted for review).")
            .Produces<ProposePractice.Result>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        g.MapPut("/{id:int}", async (int id, ProposePractice.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await ProposePractice.EditAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("EditPractice").WithSummary("The author changes their practice while it is not published.")
            .Produces<ProposePractice.Result>().ProducesValidationProblem();
        g.MapPost("/{id:int}/publish", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, HttpContext http, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await ReviewPractice.PublishAsync(db, clock, await current.GetAsync(ct), id, Join.PublicUrl.Of(http), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("PublishPractice").WithSummary("The Kenniscentrum publishes a submitted practice; the author is told by e-mail in their language.")
            .Produces<ReviewPractice.Result>().ProducesValidationProblem();
        g.MapPost("/{id:int}/reject", async (int id, ReviewPractice.RejectRequest request, BinHubDb db, TimeProvider clock, CurrentActor current, HttpContext http,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await ReviewPractice.RejectAsync(db, clock, await current.GetAsync(ct), id, request, Join.PublicUrl.Of(http), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("RejectPractice").WithSummary("The Kenniscentrum rejects a submitted practice with a reason, sent to the author by e-mail in their language.")
            .Produces<ReviewPractice.Result>().ProducesValidationProblem();
        g.MapPut("/{id:int}/uptake/{binId:int}", async (int id, int binId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MarkUptake.MarkAsync(db, clock, await current.GetAsync(ct), id, binId, ct)).ToHttp(TypedResults.Ok))
            .WithName("MarkPracticeUptake").WithSummary("A coordinator marks \"we use this\" for one of their BINs.")
            .Produces<MarkUptake.Result>();
        g.MapDelete("/{id:int}/uptake/{binId:int}", async (int id, int binId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MarkUptake.UndoAsync(db, clock, await current.GetAsync(ct), id, binId, ct)).ToHttp(TypedResults.Ok))
            .WithName("UndoPracticeUptake").WithSummary("The coordinator takes their BIN's \"we use this\" back.")
            .Produces<MarkUptake.Result>();
        g.MapPost("/{id:int}/attachments", async (int id, HttpRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                // No file is refused by the slice after the scope check, so a missing file does not tell whether the practice exists.
                var file = request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files.GetFile("file") : null;
                Attachments.Upload? upload = null;
                if (file is not null)
                {
                    await using var stream = file.OpenReadStream();
                    upload = await Attachments.ReadAsync(stream, file.FileName, ct);
                }
                return (await PracticeFiles.AddAsync(db, clock, await current.GetAsync(ct), id, upload, L, ct))
                    .ToHttp(r => TypedResults.Created($"/api/v1/practices/{id}/attachments/{r.Id}", r));
            })
            .Accepts<IFormFile>("multipart/form-data")
            .WithName("AddPracticeAttachment")
            .WithSummary($"The author attaches a file ('file': a PDF without active content, or a JPEG/PNG/WebP image, re-encoded) while the practice is not published; at most {PracticeFiles.MaxFiles}.")
            .Produces<PracticeFiles.Added>(201).ProducesValidationProblem();
        g.MapGet("/{id:int}/attachments/{fileId:int}", async (int id, int fileId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await PracticeFiles.GetAsync(db, clock, await current.GetAsync(ct), id, fileId, ct))
                .ToHttp(f => TypedResults.File(f.Bytes, f.ContentType, f.FileName)))
            .WithName("GetPracticeAttachment").WithSummary("An attachment, as a download with its checked content type, for whoever may read the practice.")
            .Produces(200, contentType: "application/octet-stream");
        g.MapDelete("/{id:int}/attachments/{fileId:int}", async (int id, int fileId, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await PracticeFiles.RemoveAsync(db, clock, await current.GetAsync(ct), id, fileId, L, ct)).ToHttp(r => TypedResults.Ok(new PracticeFiles.Removed(r))))
            .WithName("RemovePracticeAttachment").WithSummary("The author removes an attachment while the practice is not published.")
            .Produces<PracticeFiles.Removed>();
    }
}
