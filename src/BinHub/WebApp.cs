using System.Text.Json.Serialization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Bins;
using BinHub.Features.Charters;
using BinHub.Features.Feeds;
using BinHub.Features.Me;
using BinHub.Features.Join;
using BinHub.Features.Geography;
using BinHub.Features.Members;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Features.Practices;
using BinHub.Features.Reports;
using BinHub.Features.Statistics;
using BinHub.Features.Succession;
using BinHub.Features.Training;
using BinHub.Features.Users;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Identity;

namespace BinHub;

public static class WebApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        PublicUrl.RequireInProduction(builder.Configuration, builder.Environment);
        // Structured (JSON) logs in production for the log collector; readable lines on a developer's console.
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment()) builder.Logging.AddSimpleConsole();
        else builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.Services.AddBinHubCore(builder.Configuration, builder.Environment);
        builder.Services.AddBinHubWeb(builder.Configuration);
        var app = builder.Build();
        app.UseBinHub();
        return app;
    }

    public static IServiceCollection AddBinHubWeb(this IServiceCollection services, IConfiguration config)
    {
        services.AddHttpContextAccessor();
        services.AddMemoryCache();
        services.AddScoped<CurrentActor>();
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Registry");
            o.Conventions.AuthorizeFolder("/Admin", "Admin");
            o.Conventions.AddFolderApplicationModelConvention("/SteeringCommittee", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = Roles.KenniscentrumAdmin }));
            o.Conventions.AuthorizeFolder("/Account/Manage");
            // A member's own space (passwordless sign-in); the public finder, sign-up and privacy notice need no sign-in.
            o.Conventions.AuthorizeFolder("/Me", "Member");
            // Reports: members report, coordinators report on behalf of a member who phoned (roles checked in the handlers).
            o.Conventions.AuthorizeFolder("/Reports");
            o.Conventions.AuthorizeFolder("/Police", "Police");
            // The composer and the delivery dashboards: any signed-in account; the handlers scope by role (out of scope = 404, audited).
            o.Conventions.AuthorizeFolder("/Messages");
            o.Conventions.AuthorizeFolder("/Volunteering"); // Kenniscentrum and municipality officials: checked in the handlers (404)
            // No AllowAnonymousToFolder("/Account"): it would win over the authorisation of /Account/Manage and run its POST
            // handlers for anonymous callers. The sign-in pages carry no [Authorize] and need no exception.
            o.Conventions.AllowAnonymousToFolder("/Privacy");
            // Training: the Kenniscentrum and academies (officers only /Training/Zones, checked in TrainingPage); certificates are checked by anyone.
            o.Conventions.AuthorizeFolder("/Training", BinHub.Features.Training.TrainingEndpoints.ZonesPolicy).AllowAnonymousToFolder("/Certificates");
            // Practices: proposing and reviewing need a sign-in; the library and a practice are open (public ones only, in the handlers).
            o.Conventions.AuthorizeFolder("/Practices").AllowAnonymousToPage("/Practices/Index").AllowAnonymousToPage("/Practices/Details");
            o.Conventions.AuthorizeFolder("/Events"); // publishers; the handlers scope by role (out of scope = 404, audited)
            // "?handler=Nope" is a 404 on every page, not the unnamed handler nor a page rendered with nothing loaded.
            o.Conventions.ConfigureFilter(new UnknownHandlers());
        }).AddViewLocalization().AddDataAnnotationsLocalization(o =>
            o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)));
        // Before the default binders: coordinates and radii read the same in every UI language (see DecimalInputBinder).
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.ModelBinderProviders.Insert(0, new DecimalInputBinderProvider()));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1") == true;
            // Slices name their records Request, Page, Result …: by the bare type name they all became one schema, and the
            // document described POST /messages with a BIN status change's body. A nested record is named with its slice.
            o.CreateSchemaReferenceId = t => OpenApiOptions.CreateDefaultSchemaReferenceId(t) is { } id && t.Type.DeclaringType is { } slice
                ? slice.Name + id : OpenApiOptions.CreateDefaultSchemaReferenceId(t);
            o.AddBearerSecurity();
        });
        services.AddHealthChecks().AddDbContextCheck<BinHubDb>("database");
        services.AddBinHubRateLimits(config);
        services.AddAntiforgery(o => { o.Cookie.Name = "binhub.af"; o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; });

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Tokens.AuthenticatorTokenProvider = OneUseAuthenticator.Name;
            })
            .AddEntityFrameworkStores<BinHubDb>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<BinHub.Features.Users.IdentityErrors>()
            .AddTokenProvider<OneUseAuthenticator>(OneUseAuthenticator.Name)
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddSignInManager<SessionSignInManager>();
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = SignInSessions.KeepSessionClaims);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "binhub.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/Account/Login";
            o.AccessDeniedPath = "/Account/Denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Programs get status codes, not a login page.
            o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, 401);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, 403);
            var stampCheck = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // Before the stamp check: a cookie whose session was ended (signed out, ended from a profile) is refused
                // at once, for staff as for members (issue 14, item 4).
                await SignInSessions.ValidateAsync(ctx);
                if (ctx.Principal is not null) await stampCheck(ctx);
            };
        });
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddPolicyScheme("smart", null, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || LiveRegistration.HubQueryToken(ctx.Request) is not null
                    ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = "smart";
            o.DefaultAuthenticateScheme = "smart";
            o.DefaultChallengeScheme = "smart";
        });
        services.AddAuthorizationBuilder()
            .AddPolicy("Admin", p => p.RequireRole(Roles.Admin, Roles.KenniscentrumAdmin))
            .AddPolicy("Member", p => p.RequireRole(Roles.Member))
            .AddPolicy("Police", p => p.RequireRole(Roles.PoliceOfficer))
            .AddTrainingPolicies();
        services.AddBinHubLive();

        services.AddHostedService<StartupTasks>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton(config.GetSection("Dispatch").Get<DispatchOptions>() ?? new DispatchOptions());
        services.AddHostedService<DeliveryDispatcher>();
        services.AddSingleton(config.GetSection("Voice").Get<CallRetryOptions>() ?? new CallRetryOptions());
        if (config["Voice:Calls"] == "Baresip") services.AddHostedService<CallDispatcher>();
        services.AddSingleton<DispatchLive>();
        services.AddSingleton<DeliveryReportQueue>();
        services.AddHostedService<DeliveryReportApplier>();
        services.AddHostedService<LiveProgressPusher>();
        services.AddHostedService<CoordinatorVacancyJob>();
        return services;
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            return Results.Problem(statusCode: status, title: status == 401 ? "Sign-in required" : "Not allowed",
                detail: status == 401 ? "Send a personal API token as 'Authorization: Bearer <token>'." : null).ExecuteAsync(ctx.HttpContext);
        }
        // Members sign in with a code, not on the staff login page.
        if (status == 401 && (ctx.Request.Path.StartsWithSegments("/Me") ||
                              (ctx.Request.Path.StartsWithSegments("/Reports") && !ctx.Request.Path.StartsWithSegments("/Reports/OnBehalf"))))
        {
            ctx.Response.Redirect("/Account/MemberSignIn?ReturnUrl=" + Uri.EscapeDataString(ctx.Request.Path + ctx.Request.QueryString));
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UseBinHub(this WebApplication app)
    {
        app.UseTrustedForwardedHeaders();
        // problem+json for programs, an HTML page in the user's language for browsers (issue 14, item 8c).
        app.UseErrorPages();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseSecurityHeaders();
        app.UseRequestLocalization(Languages.Options());
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseTwoFactorGate();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health");
        app.MapOpenApi("/openapi/{documentName}.json");
        var api = app.MapGroup("/api/v1").WithImpliedAnswers();
        api.MapBinEndpoints();
        api.MapStatisticsEndpoints();
        api.MapDeliveryReports();
        api.MapInboundSmsEndpoint();
        api.MapMemberEndpoints();
        api.MapInvitationEndpoints();
        api.MapMessageEndpoints();
        api.MapSuccessionEndpoints();
        api.MapMeEndpoints();
        app.MapFinderMap();
        app.MapAreaMaps();
        app.MapFeedEndpoints();
        api.MapReportEndpoints();
        api.MapInboxEndpoints();
        api.MapTrainingEndpoints();
        api.MapPracticeEndpoints();
        api.MapVolunteeringEndpoints();
        BinHub.Features.Events.EventEndpoints.MapEventEndpoints(api);
        Features.SteeringCommittee.SteeringCommitteeEndpoints.MapSteeringCommitteeEndpoints(api);
        app.MapHub<PoliceHub>(PoliceHub.Path);
        app.MapHub<MessagesHub>(MessagesHub.Path);
        app.MapHub<MemberHub>(MemberHub.Path);
        app.MapRazorPages();
        return app;
    }
}

public static class ServiceRegistration
{
    /// <summary>What both the web app and the CLI need.</summary>
    public static IServiceCollection AddBinHubCore(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddBinHubDatabase(config);
        // One key ring for the web app and the CLI, so tokens one makes (e-mail confirmation links) the other accepts.
        var keys = config["DataProtection:KeysDirectory"] ?? Path.Combine(config["DataDirectory"] ?? Path.Combine(Directory.GetCurrentDirectory(), "data"), "keys");
        services.AddDataProtection().SetApplicationName("BinHub").PersistKeysToFileSystem(Directory.CreateDirectory(keys));
        services.Configure<CharterOptions>(config.GetSection("Charters"));
        services.AddBinHubMessaging(config);
        // After the providers, so a wrong Sms:Provider is reported before anything about its links.
        services.AddSmsFlow(config);
        return services;
    }
}
