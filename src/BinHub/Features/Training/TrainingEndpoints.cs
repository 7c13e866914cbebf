using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Training;

public static class TrainingEndpoints
{
    /// <summary>Who runs training: the Kenniscentrum and the academies (scoped in the handlers).</summary>
    public const string Policy = "Training";
    /// <summary>Who reads the registry of trained officers per zone: also the police (their own zone).</summary>
    public const string ZonesPolicy = "TrainingZones";

    public static AuthorizationBuilder AddTrainingPolicies(this AuthorizationBuilder b) => b
        .AddPolicy(Policy, p => p.RequireRole(Roles.KenniscentrumAdmin, Roles.PoliceAcademy))
        .AddPolicy(ZonesPolicy, p => p.RequireRole(Roles.KenniscentrumAdmin, Roles.PoliceAcademy, Roles.PoliceOfficer));

    public static void MapTrainingEndpoints(this RouteGroupBuilder api)
    {
        var t = api.MapGroup("/training").WithTags("Training");
        // Anyone, signed in or not: checking a certificate's code. Rate-limited like the other public code checks.
        t.MapGet("/certificates/verify", async (string? code, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await Certificates.VerifyAsync(db, clock, await current.GetAsync(ct), code, ct)))
            .AllowAnonymous().RequireRateLimiting(RateLimits.Codes).WithName("VerifyCertificate")
            .WithSummary("Checks a certificate's verification code: the holder's name, the session, the curriculum version and the date, or that it was revoked.")
            .Produces<Certificates.Verification>();
        t.MapGet("/my-certificates", async (BinHubDb db, CurrentActor current, CancellationToken ct) =>
                TypedResults.Ok(await Certificates.MineAsync(db, await current.GetAsync(ct), ct)))
            .RequireAuthorization().WithName("MyCertificates").WithSummary("The signed-in user's own training certificates.")
            .Produces<Certificates.Mine>();
        t.MapGet("/zones", async ([AsParameters] TrainedZones.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await TrainedZones.HandleAsync(db, clock, await current.GetAsync(ct), q, ct)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(ZonesPolicy).WithName("TrainedZones")
            .WithSummary("Per police zone, its officers and mandated officers with the curriculum version they are certified on; untrainedOnly lists the zones with none. Officers: their own zone.")
            .Produces<TrainedZones.Page>().ProducesProblem(404);

        var run = t.MapGroup("").RequireAuthorization(Policy);
        run.MapGet("/academies", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await Sessions.AcademiesAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(TypedResults.Ok))
            .WithName("ListAcademies").WithSummary("The police academies (an academy's user: their own).").Produces<Sessions.Academies>();
        run.MapGet("/curriculum", async (BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await Curriculum.ListAsync(db, clock, await current.GetAsync(ct), ct)).ToHttp(TypedResults.Ok))
            .WithName("ListCurriculumVersions").WithSummary("The curriculum's versions with their modules: the current one first, then drafts, then retired ones.")
            .Produces<Curriculum.Versions>();
        run.MapPost("/curriculum/versions", async (Curriculum.DraftRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Curriculum.CreateDraftAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("CreateCurriculumDraft").WithSummary("The Kenniscentrum starts a new draft version (optionally a copy of the current one).")
            .Produces<Curriculum.VersionView>().ProducesValidationProblem().ProducesProblem(403);
        run.MapPost("/curriculum/versions/{id:int}/modules", async (int id, Curriculum.ModuleRequest request, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Curriculum.AddModuleAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("AddCurriculumModule").WithSummary("Adds a module (language, title, learning outcomes, hours) to a draft.")
            .Produces<Curriculum.VersionView>().ProducesValidationProblem().ProducesProblem(403);
        run.MapDelete("/curriculum/versions/{id:int}/modules/{moduleId:int}", async (int id, int moduleId, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Curriculum.RemoveModuleAsync(db, clock, await current.GetAsync(ct), id, moduleId, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("RemoveCurriculumModule").WithSummary("Removes a module from a draft.")
            .Produces<Curriculum.VersionView>().ProducesValidationProblem().ProducesProblem(403);
        run.MapPost("/curriculum/versions/{id:int}/current", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Curriculum.MakeCurrentAsync(db, clock, await current.GetAsync(ct), id, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("MakeCurriculumCurrent").WithSummary("Makes a draft the current version; the previous current version is retired.")
            .Produces<Curriculum.VersionView>().ProducesValidationProblem().ProducesProblem(403);

        run.MapGet("/sessions", async ([AsParameters] Sessions.Query q, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await Sessions.ListAsync(db, clock, await current.GetAsync(ct), q, ct)).ToHttp(TypedResults.Ok))
            .WithName("ListSessions").WithSummary("Training sessions (an academy's user: their academy's), newest first, with counts.")
            .Produces<TrainingScope.PageOf<Sessions.Item>>().ProducesProblem(404);
        run.MapPost("/sessions", async (Sessions.ScheduleRequest request, BinHubDb db, TimeProvider clock, CurrentActor current,
                    IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Sessions.ScheduleAsync(db, clock, await current.GetAsync(ct), request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("ScheduleSession").WithSummary("Schedules a session of an academy on the current curriculum version.")
            .Produces<Sessions.Item>().ProducesValidationProblem().ProducesProblem(404);
        run.MapGet("/sessions/{id:int}", async (int id, BinHubDb db, TimeProvider clock, CurrentActor current, CancellationToken ct) =>
                (await Sessions.GetAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(TypedResults.Ok))
            .WithName("GetSession").WithSummary("A session with its participants, attendance, results and certificates (the read is audited).")
            .Produces<Sessions.Details>();
        run.MapPost("/sessions/{id:int}/participants", async (int id, Participants.AddRequest request, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Participants.AddAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("AddParticipant").WithSummary("Registers a BinHub user (by e-mail) or a named outside person in a session, up to its capacity.")
            .Produces<Participants.Added>().ProducesValidationProblem();
        run.MapPut("/sessions/{id:int}/participants/{participantId:int}", async (int id, int participantId, Participants.ResultRequest request,
                    BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Participants.RecordAsync(db, clock, await current.GetAsync(ct), id, participantId, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("RecordResult").WithSummary("Records a participant's attendance and result (once the session has begun).")
            .Produces<Participants.Recorded>().ProducesValidationProblem();
        run.MapDelete("/sessions/{id:int}/participants/{participantId:int}", async (int id, int participantId, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Participants.RemoveAsync(db, clock, await current.GetAsync(ct), id, participantId, L, ct)).ToHttp(_ => TypedResults.NoContent()))
            .WithName("RemoveParticipant").WithSummary("Takes a participant without any certificate off the session, with their personal data.")
            .Produces(204).ProducesValidationProblem();
        run.MapPost("/sessions/{id:int}/participants/{participantId:int}/certificate", async (int id, int participantId, BinHubDb db, TimeProvider clock,
                    CurrentActor current, HttpContext http, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Certificates.IssueAsync(db, clock, await current.GetAsync(ct), id, participantId, Join.PublicUrl.Of(http), L, ct)).ToHttp(TypedResults.Ok))
            .WithName("IssueCertificate").WithSummary("Issues the certificate of a participant who attended and passed; they are told by e-mail.")
            .Produces<Certificates.CertificateView>().ProducesValidationProblem();
        run.MapPost("/certificates/{id:int}/revocation", async (int id, Certificates.RevokeRequest request, BinHubDb db, TimeProvider clock,
                    CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
                (await Certificates.RevokeAsync(db, clock, await current.GetAsync(ct), id, request, L, ct)).ToHttp(TypedResults.Ok))
            .WithName("RevokeCertificate").WithSummary("Revokes a certificate with a reason; the verification then says it was revoked.")
            .Produces<Certificates.CertificateView>().ProducesValidationProblem();
    }
}
