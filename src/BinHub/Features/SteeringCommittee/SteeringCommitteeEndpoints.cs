using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.SteeringCommittee;

/// <summary>The steering committee's report and meeting records: the Kenniscentrum only (other roles 403, as for the admin pages).</summary>
public static class SteeringCommitteeEndpoints
{
    public static void MapSteeringCommitteeEndpoints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/steering-committee").WithTags("SteeringCommittee").RequireAuthorization(p => p.RequireRole(Roles.KenniscentrumAdmin));
        g.MapGet("/report/{year:int}", async (int year, [FromQuery] string? format, BinHubDb db, TimeProvider clock, CurrentActor current,
                IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                if (format is null or "json") return (await AnnualReport.HandleAsync(db, clock, year, Languages.Current, L, ct)).ToHttp(TypedResults.Ok);
                if (!Enum.TryParse<ExportReport.Format>(format, ignoreCase: true, out var f) || int.TryParse(format, out _))
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [L["Validation.Invalid", "format"]] }, title: "The request is not valid");
                return (await ExportReport.HandleAsync(db, clock, actor, year, f, Languages.Current, L, ct)).ToHttp(x => TypedResults.File(x.Content, x.ContentType, x.FileName));
            })
            .WithName("GetSteeringCommitteeReport")
            .WithSummary("The annual report for a year (1991 up to this year), every figure computed from the registry: JSON, or format=csv|xlsx|pdf as a file.")
            .Produces<AnnualReport.Result>().Produces(200, contentType: ReportFiles.CsvType).Produces(200, contentType: ReportFiles.XlsxType)
            .Produces(200, contentType: ReportFiles.PdfType).ProducesValidationProblem();

        g.MapGet("/meetings", async ([FromQuery] int? year, [FromQuery] int? page, BinHubDb db, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await GetMeeting.ListAsync(db, await current.GetAsync(ct), year, page ?? 1, ct)))
            .WithName("ListSteeringMeetings").WithSummary("Recorded meetings, newest first, 20 a page (no personal data).")
            .Produces<GetMeeting.Page>();
        g.MapPost("/meetings", async (SaveMeeting.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await SaveMeeting.HandleAsync(db, clock, await current.GetAsync(ct), null, request, L, ct)).ToHttp(s => TypedResults.Created($"/api/v1/steering-committee/meetings/{s.Id}", s)))
            .WithName("CreateSteeringMeeting").WithSummary("Records a meeting: year of the report, date, place, agenda (one item per line).")
            .Produces<SaveMeeting.Saved>(201).ProducesValidationProblem();

        var m = g.MapGroup("/meetings/{id:int}");
        m.MapGet("", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetMeeting.HandleAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetSteeringMeeting").WithSummary("A meeting with agenda, attendees (personal data: each read audited), decisions and documents.")
            .Produces<GetMeeting.Detail>();
        m.MapPut("", async (int id, SaveMeeting.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await SaveMeeting.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateSteeringMeeting").WithSummary("Corrects a meeting's year, date, place or agenda.")
            .Produces<SaveMeeting.Saved>().ProducesValidationProblem();
        m.MapPost("/attendees", async (int id, MeetingAttendees.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await MeetingAttendees.AddAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("AddSteeringAttendee").WithSummary("Adds an attendee: name, organisation, role.")
            .Produces<MeetingAttendees.Added>().ProducesValidationProblem();
        m.MapDelete("/attendees/{attendeeId:int}", async (int id, int attendeeId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await MeetingAttendees.EraseAsync(db, clock, await current.GetAsync(ct), id, attendeeId, ct)).ToHttp(TypedResults.Ok))
            .WithName("EraseSteeringAttendee").WithSummary("Erases an attendee's personal data (the row stays, without identity).")
            .Produces<MeetingAttendees.Erased>();
        m.MapPost("/decisions", async (int id, MeetingDecisions.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await MeetingDecisions.AddAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("AddSteeringDecision").WithSummary("Adds a decision: text, owner, due date.")
            .Produces<MeetingDecisions.Added>().ProducesValidationProblem();
        m.MapPost("/documents", async (int id, IFormFile? file, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                Attachments.Upload? upload = null;
                if (file is not null) { await using var s = file.OpenReadStream(); upload = await Attachments.ReadAsync(s, file.FileName, ct); }
                return (await MeetingDocuments.AddAsync(db, clock, await current.GetAsync(ct), id, upload, L, ct)).ToHttp(TypedResults.Ok);
            })
            .DisableAntiforgery() // bearer tokens only: the browser form posts to the page, which checks its antiforgery token
            .Accepts<IFormFile>("multipart/form-data")
            .WithName("AddSteeringDocument").WithSummary("Attaches a document ('file': PDF without active content, or a JPEG/PNG/WebP image, re-encoded).")
            .Produces<MeetingDocuments.Added>().ProducesValidationProblem();
        m.MapGet("/documents/{documentId:int}", async (int id, int documentId, BinHubDb db, TimeProvider clock, CurrentActor current, HttpContext http, CancellationToken ct) =>
                (await MeetingDocuments.GetAsync(db, clock, await current.GetAsync(ct), id, documentId, ct)).ToHttp(d =>
                {
                    http.Response.Headers.XContentTypeOptions = "nosniff";
                    return TypedResults.File(d.Content, d.ContentType, d.FileName);
                }))
            .WithName("GetSteeringDocument").WithSummary("Downloads an attached document (served as an attachment).")
            .Produces(200, contentType: "application/pdf");
    }
}
