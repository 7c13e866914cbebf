using System.Globalization;
using BinHub.Data;
using BinHub.Features.Charters;
using BinHub.Infrastructure;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Bins;

/// <summary>/api/v1/bins: thin HTTP shells over the registry use cases, same scopes as the pages.</summary>
public static class BinEndpoints
{
    public static void MapBinEndpoints(this RouteGroupBuilder api)
    {
        var bins = api.MapGroup("/bins").WithTags("Registry").RequireAuthorization();

        bins.MapGet("/", async Task<Ok<ListBins.Page>> ([AsParameters] ListBins.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await ListBins.HandleAsync(db, clock, await current.GetAsync(ct), q, Languages.Current, ct)))
            .WithName("ListBins").WithSummary("Registry list with filters and pages (page, pageSize ≤ 200; total in the body).");

        bins.MapGet("/export.csv", async ([AsParameters] ListBins.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
            {
                var actor = await current.GetAsync(ct);
                var items = await ListBins.AllAsync(db, clock, actor, q, Languages.Current, ct);
                AuditLog.Add(db, clock, actor, "Export", "Bin", null, $"{items.Count} rows; filter q={q.Q} zone={q.Zone} status={q.Status}");
                await db.SaveChangesAsync(ct);
                return TypedResults.File(ToCsv(items), "text/csv; charset=utf-8", "bins.csv");
            })
            .WithName("ExportBins").WithSummary("The filtered registry as CSV (UTF-8).").Produces(200, contentType: "text/csv");

        bins.MapGet("/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetBin.HandleAsync(db, clock, await current.GetAsync(ct), id, Languages.Current, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetBin").Produces<GetBin.Details>().ProducesProblem(404);

        bins.MapPost("/", async (BinInput input, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await CreateBin.HandleAsync(db, clock, await current.GetAsync(ct), input, L, ct))
                .ToHttp(id => TypedResults.Created($"/api/v1/bins/{id}", new { id })))
            .WithName("CreateBin").Produces(201).ProducesValidationProblem().ProducesProblem(403);

        bins.MapPut("/{id:int}", async (int id, BinInput input, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await UpdateBin.HandleAsync(db, clock, await current.GetAsync(ct), id, input, L, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("UpdateBin").Produces(204).ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

        bins.MapPost("/{id:int}/status", async (int id, ChangeStatus.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await ChangeStatus.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(s => TypedResults.Ok(new ChangeStatus.Changed(s))))
            .WithName("ChangeBinStatus").WithSummary("Lifecycle transition with a reason (Active only through the charter).")
            .Produces<ChangeStatus.Changed>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

        bins.MapPost("/{id:int}/charter/approvals", async (int id, ApproveCharter.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, IOptions<CharterOptions> options, CancellationToken ct) =>
                (await ApproveCharter.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, options, ct)).ToHttp(TypedResults.Ok))
            .WithName("ApproveCharter").WithSummary("Approve the pending charter for one party (Bin, Police, Municipality).")
            .Produces<ApproveCharter.Result>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

        MapRenewal(bins);
    }

    private static void MapRenewal(RouteGroupBuilder bins) =>
        bins.MapPost("/{id:int}/charter/renewal", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await RenewCharter.HandleAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(v => TypedResults.Ok(new RenewCharter.Renewed(v))))
            .WithName("RenewCharter").WithSummary("Start a new charter version when the current one expires within 60 days or has lapsed.")
            .Produces<RenewCharter.Renewed>().ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);

    public static byte[] ToCsv(IEnumerable<ListBins.Item> items)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(true)))
        // Escape leading = + - @ so a spreadsheet never runs a cell as a formula (CSV injection).
        using (var csv = new CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape }))
        {
            csv.WriteRecords(items.Select(i => new
            {
                i.RegistrationNumber, i.Name, Type = i.Type.ToString(), Status = i.Status.ToString(), i.MunicipalityNis, i.MunicipalityName,
                Zone = i.ZoneNumber, i.ZoneName, i.ProvinceCode, i.RegionCode, Charter = i.CharterState.ToString(),
                CharterValidUntil = i.CharterValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                i.Households, StartDate = i.StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                i.NeedsCoordinator, i.Postcodes, i.AutoApproveMembers,
            }));
        }
        return stream.ToArray();
    }
}
