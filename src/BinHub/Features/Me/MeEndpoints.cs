using System.Text.Json;
using BinHub.Data;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Me;

/// <summary>
/// The signed-in member's own space. No route carries an id: every call acts on the caller's own household, so
/// another household cannot even be named. Other roles are refused by the Member policy (403); a member account
/// without a household (erased, or not linked yet) gets 404, recorded in the audit log.
/// </summary>
public static class MeEndpoints
{
    public static void MapMeEndpoints(this RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization("Member");
        me.MapGet("/", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await GetMe.HandleAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(TypedResults.Ok))
            .WithName("GetMe").WithSummary("My household: my BIN, my data and my phones (with their verification state).")
            .Produces<GetMe.Result>().ProducesProblem(404);
        me.MapPut("/", async (UpdateMe.Request request, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await UpdateMe.HandleAsync(db, clock, await current.GetAsync(ct), request, L, Join.PublicUrl.Of(http), ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdateMe").WithSummary("Correct my name, company, address (a street of my BIN), e-mail (unverified again when changed) and language.")
            .Produces<GetMe.Result>().ProducesValidationProblem().ProducesProblem(404);
        me.MapDelete("/", async (BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await EraseMe.HandleAsync(db, clock, await current.GetAsync(ct), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("EraseMe")
            .WithSummary("Erase my personal data (GDPR). The household row stays without identity for police records; the answer says what was kept and why.")
            .Produces<EraseMe.Result>().ProducesProblem(404);

        me.MapGet("/preferences", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await Preferences.GetAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(TypedResults.Ok))
            .WithName("GetPreferences").WithSummary("My channels per message type, quiet hours, night alarms, holiday pause and language; and the channels I can be reached on.")
            .Produces<Preferences.Result>().ProducesProblem(404);
        me.MapPut("/preferences", async (Preferences.Settings settings, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Preferences.UpdateAsync(db, clock, await current.GetAsync(ct), settings, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("UpdatePreferences")
            .WithSummary("Set my preferences. A channel can be newly chosen only when I can be reached on it; urgent alarms keep at least one channel; times are Brussels time (HH:mm:ss).")
            .Produces<Preferences.Result>().ProducesValidationProblem().ProducesProblem(404);

        me.MapPost("/phones", async (AddPhone.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await AddPhone.HandleAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(p => TypedResults.Created("/api/v1/me", p)))
            .WithName("AddMyPhone").WithSummary("Add a phone to my household (at most 5); it stays unverified until its code is confirmed.")
            .Produces<GetMe.Phone>(201).ProducesValidationProblem().ProducesProblem(404);
        me.MapPost("/phones/{phoneId:int}/verification", async (int phoneId, VerifyPhone.Request request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await VerifyPhone.HandleAsync(db, clock, await current.GetAsync(ct), phoneId, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("VerifyMyPhone").WithSummary("Confirm one of my mobiles with the 6-digit code sent to it (5 tries, then wait 15 minutes).")
            .Produces<GetMe.Phone>().ProducesValidationProblem().ProducesProblem(404);
        me.MapPost("/phones/{phoneId:int}/code", async (int phoneId, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await VerifyPhone.ResendAsync(db, clock, await current.GetAsync(ct), phoneId, L, ct)).ToHttp(_ => TypedResults.Accepted("/api/v1/me")))
            .WithName("SendMyPhoneCode").WithSummary("Send a new code to one of my unverified phones (at most 3 per 15 minutes).")
            .Produces(202).ProducesValidationProblem().ProducesProblem(404);
        me.MapDelete("/phones/{phoneId:int}", async (int phoneId, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await RemovePhone.HandleAsync(db, clock, await current.GetAsync(ct), phoneId, L, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RemoveMyPhone").WithSummary("Remove one of my phones; refused when it is the last way to reach me or my urgent alarms.")
            .Produces(204).ProducesValidationProblem().ProducesProblem(404);

        me.MapPost("/leave", async (LeaveBin.Request request, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
                    CancellationToken ct) =>
                (await LeaveBin.HandleAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("LeaveBin").WithSummary("Leave my BIN ({\"confirm\": true}): no more messages, my sign-in account is disabled, a confirmation is sent.")
            .Produces<LeaveBin.Result>().ProducesValidationProblem().ProducesProblem(404);

        me.MapGet("/history", async (int? page, BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await MyHistory.HandleAsync(db, clock, await current.GetAsync(ct), page, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetMyHistory")
            .WithSummary("What my household received: every message of the police and my BIN, newest first, 20 a page (page=, from 1; beyond the last answers the last), per channel with its outcome and, for calls, the latest call's state, the number of calls and when 1 was pressed. Numbers show their last 3 digits only.")
            .Produces<MyHistory.Page>().ProducesValidationProblem().ProducesProblem(404);
        me.MapGet("/export", async (BinHubDb db, TimeProvider clock, CurrentActor current, IOptions<JsonOptions> json, CancellationToken ct) =>
                (await ExportMyData.HandleAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(export => File(export, json.Value.SerializerOptions)))
            .WithName("ExportMyData").WithSummary("Download everything BinHub holds about my household (GDPR access and portability), as a JSON file.")
            .Produces<ExportMyData.Export>(200, "application/json").ProducesProblem(404);
    }

    public static IResult File(ExportMyData.Export export, JsonSerializerOptions options)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(export, new JsonSerializerOptions(options) { WriteIndented = true });
        return TypedResults.File(bytes, "application/json", FileName(export));
    }

    public static string FileName(ExportMyData.Export export) => $"binhub-my-data-{BrusselsTime.ToBrussels(export.ExportedAt):yyyy-MM-dd}.json";
}
