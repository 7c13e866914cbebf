using System.Globalization;
using System.Text.Json;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Reports;

public static class ReportEndpoints
{
    public static void MapReportEndpoints(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports").RequireAuthorization();
        reports.MapPost("/", async (HttpRequest request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    ILiveNotifier<PoliceHub> live, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct) =>
            {
                var (body, photos, error) = await ReadAsync(request, json.Value.SerializerOptions, L, ct);
                if (error is not null) return TypedResults.ValidationProblem(error, title: "The request is not valid");
                return (await SubmitReport.HandleAsync(db, clock, await current.GetAsync(ct), body!, photos, L, live, ct))
                    .ToHttp(r => TypedResults.Created($"/api/v1/reports/{r.Id}", r));
            })
            .Accepts<SubmitReport.Request>("application/json", "multipart/form-data")
            .WithName("SubmitReport")
            .WithSummary("A member reports to the police of the BIN's zone. JSON, or multipart/form-data with the same fields (suspect.sex …) and up to 3 " +
                         "'photos' (JPEG/PNG/WebP by content, max 5 MB each, metadata stripped). In an emergency call 112 / 101: this is not an emergency line.")
            .Produces<SubmitReport.Result>(201).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        reports.MapGet("/", async ([AsParameters] ListReports.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListReports.InboxAsync(db, clock, await current.GetAsync(ct), q, ct)).ToHttp(TypedResults.Ok))
            .WithName("ReportInbox").WithSummary("The police inbox: reports of the BINs of the officer's zone, most urgent then newest first, by state, paginated.")
            .Produces<ListReports.Page>().ProducesProblem(403);
        reports.MapGet("/mine", async ([AsParameters] ListReports.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await ListReports.MineAsync(db, clock, await current.GetAsync(ct), q, ct)).ToHttp(TypedResults.Ok))
            .WithName("MyReports").WithSummary("The signed-in household's reports and their state.")
            .Produces<ListReports.MinePage>().ProducesProblem(404);
        reports.MapGet("/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetReport.HandleAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetReport").WithSummary("A report: in full for the zone's officers (each read audited), its state for the reporter.")
            .Produces<GetReport.View>().ProducesProblem(404);
        reports.MapGet("/{id:int}/photos/{photoId:int}", async (int id, int photoId, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetReport.PhotoAsync(db, clock, await current.GetAsync(ct), id, photoId, ct))
                .ToHttp(p => TypedResults.File(p.Bytes, p.ContentType, $"report-{id}-{photoId}.jpg")))
            .WithName("GetReportPhoto").WithSummary("A report's photo (JPEG without metadata), for the zone's officers only.")
            .Produces(200, contentType: "image/jpeg").ProducesProblem(404);
        reports.MapPost("/{id:int}/claim", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Worked(await WorkReport.ClaimAsync(db, clock, await current.GetAsync(ct), id, L, ct)))
            .WithName("ClaimReport").WithSummary("An officer of the zone takes the report on (or takes it over from a colleague).")
            .Produces<WorkReport.Result>().ProducesValidationProblem(422).ProducesProblem(404);
        reports.MapPost("/{id:int}/notes", async (int id, WorkReport.NoteRequest r, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Worked(await WorkReport.NoteAsync(db, clock, await current.GetAsync(ct), id, r, L, ct)))
            .WithName("AddReportNote").WithSummary("An officer's note on the report (max 2000 characters).")
            .Produces<WorkReport.Result>().ProducesValidationProblem(422).ProducesProblem(404);
        reports.MapPost("/{id:int}/incident", async (int id, WorkReport.IncidentRequest r, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Worked(await WorkReport.LinkIncidentAsync(db, clock, await current.GetAsync(ct), id, r, L, ct)))
            .WithName("LinkReportIncident").WithSummary("Links the report to an open incident of the zone (incidentId) or to a new one (newTitle).")
            .Produces<WorkReport.Result>().ProducesValidationProblem(422).ProducesProblem(404);
        api.MapGroup("/incidents").WithTags("Reports").RequireAuthorization()
            .MapPost("/{id:int}/close", async (int id, CloseIncident.Request r, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            {
                var outcome = await CloseIncident.HandleAsync(db, clock, await current.GetAsync(ct), id, r, L, ct);
                return outcome is Outcome<CloseIncident.Result>.Invalid bad
                    ? Results.ValidationProblem(bad.Errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The incident cannot be closed")
                    : outcome.ToHttp(TypedResults.Ok);
            })
            .WithName("CloseIncident").WithSummary("An officer of the zone closes an incident (confirmed: true; cannot be undone). Its reports get the closing in their trail.")
            .Produces<CloseIncident.Result>().ProducesValidationProblem(422).ProducesProblem(404);
        reports.MapPost("/{id:int}/decision", async (int id, WorkReport.DecisionRequest r, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                Worked(await WorkReport.DecideAsync(db, clock, await current.GetAsync(ct), id, r, L, ct)))
            .WithName("DecideReport").WithSummary("The officer's decision: NoAction, ForwardedToDispatch (note required), PreventionLater or Alarm; recorded with who and when.")
            .Produces<WorkReport.Result>().ProducesValidationProblem(422).ProducesProblem(404);

        api.MapPost("/bins/{id:int}/reports", async (int id, OnBehalfBody r, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, ILiveNotifier<PoliceHub> live, CancellationToken ct) =>
                (await SubmitReport.OnBehalfAsync(db, clock, await current.GetAsync(ct),
                    new SubmitReport.OnBehalfRequest(id, r.MemberId, r.Category, r.OccurredAt, r.Street, r.HouseNumber, r.Lat, r.Lon, r.Text), L, live, ct))
                .ToHttp(x => TypedResults.Created($"/api/v1/reports/{x.Id}", x)))
            .RequireAuthorization().WithTags("Reports")
            .WithName("SubmitReportOnBehalf").WithSummary("A coordinator of the BIN reports for a member who phoned (memberId null: unknown caller).")
            .Produces<SubmitReport.Result>(201).ProducesValidationProblem().ProducesProblem(404);
    }

    /// <summary>
    /// Why a multipart body could not be read, or null for an exception that is ours: no boundary parameter, a body cut off
    /// before its closing boundary, too many or too long parts (InvalidDataException, IOException) are the client's doing.
    /// </summary>
    private static string? Unreadable(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => "Form.TooLarge",
        InvalidDataException or IOException => "Form.Unreadable", // BadHttpRequestException is an IOException too
        _ => null,
    };

    public sealed record OnBehalfBody(int? MemberId, ReportCategory? Category, DateTimeOffset? OccurredAt, string? Street, string? HouseNumber,
        double? Lat, double? Lon, string? Text);

    private static IResult Worked(Outcome<WorkReport.Result> outcome) =>
        outcome is Outcome<WorkReport.Result>.Invalid bad
            ? Results.ValidationProblem(bad.Errors, statusCode: StatusCodes.Status422UnprocessableEntity, title: "The step cannot be taken")
            : outcome.ToHttp(TypedResults.Ok);

    /// <summary>JSON, or a multipart form with the same field names and the photos. A malformed body is a 400 that writes nothing.</summary>
    private static async Task<(SubmitReport.Request? Body, List<ReportPhotos.Upload> Photos, Dictionary<string, string[]>? Error)> ReadAsync(
        HttpRequest request, JsonSerializerOptions json, IStringLocalizer L, CancellationToken ct)
    {
        var photos = new List<ReportPhotos.Upload>();
        if (!request.HasFormContentType)
        {
            try
            {
                var body = await request.ReadFromJsonAsync<SubmitReport.Request>(json, ct);
                return body is null ? (null, photos, new() { ["body"] = ["A JSON body is required."] }) : (body, photos, null);
            }
            catch (JsonException e) { return (null, photos, new() { ["body"] = [$"Not valid JSON for a report: {e.Path} {e.Message}"] }); }
            catch (InvalidOperationException) { return (null, photos, new() { ["body"] = ["Send application/json or multipart/form-data."] }); }
        }
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (Exception e) when (Unreadable(e) is { } key) { return (null, photos, new() { ["body"] = [L[key]] }); }
        var errors = new Dictionary<string, string[]>();
        string? F(string name) => form[name].ToString() is { Length: > 0 } v ? v : null;
        ReportCategory? category = null;
        if (F("category") is { } c)
        {
            if (Enum.TryParse<ReportCategory>(c, true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(c, out _)) category = parsed;
            else errors["category"] = [$"Unknown category '{c}'."];
        }
        DateTimeOffset? when = null;
        if (F("occurredAt") is { } w)
        {
            if (DateTimeOffset.TryParse(w, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) when = t;
            else errors["occurredAt"] = ["Not a date and time (ISO 8601)."];
        }
        double? Num(string name)
        {
            if (F(name) is not { } v) return null;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            errors[name] = ["Not a number."];
            return null;
        }
        var lat = Num("lat");
        var lon = Num("lon");
        foreach (var file in form.Files.Where(f => f.Name == "photos"))
        {
            await using var stream = file.OpenReadStream();
            photos.Add(await ReportPhotos.ReadAsync(stream, file.FileName, ct));
        }
        if (errors.Count > 0) return (null, photos, errors);
        var suspect = new SubmitReport.Suspect(F("suspect.sex"), F("suspect.apparentAge"), F("suspect.height"), F("suspect.build"), F("suspect.skinHair"),
            F("suspect.clothing"), F("suspect.marks"), F("suspect.vehicleMakeModel"), F("suspect.vehicleColour"), F("suspect.licencePlate"), F("suspect.direction"));
        return (new SubmitReport.Request(category, when, F("street"), F("houseNumber"), lat, lon, F("text"), suspect), photos, null);
    }
}
