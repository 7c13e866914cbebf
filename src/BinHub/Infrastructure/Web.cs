using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using BinHub.Domain;
using Microsoft.AspNetCore.Localization;

namespace BinHub.Infrastructure;

public static class Languages
{
    public static readonly string[] All = ["nl", "fr", "de", "en"];
    public static readonly CultureInfo[] Cultures =
        [new("nl-BE"), new("fr-BE"), new("de-BE"), new("en-BE")];

    public static string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var l && All.Contains(l) ? l : "nl";

    public static bool IsValid(string? lang) => lang is not null && All.Contains(lang);

    public static CultureInfo CultureFor(string lang) => Cultures.First(c => c.TwoLetterISOLanguageName == lang);

    public static RequestLocalizationOptions Options()
    {
        // Neutral cultures too, so a browser that sends just "en" or "fr" is understood.
        CultureInfo[] supported = [.. Cultures, .. All.Select(l => new CultureInfo(l))];
        var o = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("nl-BE"),
            SupportedCultures = supported,
            SupportedUICultures = supported,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // The user's own choice (saved in the profile and mirrored in the culture cookie) wins, then the browser.
        o.RequestCultureProviders =
        [
            new QueryStringRequestCultureProvider(),
            new CookieRequestCultureProvider(),
            new AcceptLanguageHeaderRequestCultureProvider(),
        ];
        return o;
    }
}

public static class BrusselsTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public static DateTimeOffset ToBrussels(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    public static string Format(DateTimeOffset? utc) =>
        utc is null ? "" : ToBrussels(utc.Value).ToString("g", CultureInfo.CurrentCulture);

    public static string FormatDate(DateTimeOffset? utc) =>
        utc is null ? "" : ToBrussels(utc.Value).ToString("d", CultureInfo.CurrentCulture);

    /// <summary>Midnight at the start of a Belgian calendar day, as UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    /// <summary>The last instant of a calendar year in Belgium, as UTC.</summary>
    public static DateTimeOffset EndOfYear(int year)
    {
        var local = new DateTime(year + 1, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, Zone), TimeSpan.Zero).AddTicks(-1);
    }
}

public static class SecurityHeaders
{
    /// <summary>No inline script or style anywhere: the CSP forbids both.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var h = ctx.Response.Headers;
        h.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                                  "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        await next();
    });
}

public static class TwoFactorGate
{
    /// <summary>
    /// What a staff account that signed in with its password only may reach: enrolment, the second sign-in step, signing
    /// out, the language switch and static files. Nothing else, not even its own profile (where API tokens are made):
    /// a session without the second factor must not be able to mint a credential that outlives it.
    /// </summary>
    private static readonly string[] OpenBeforeSecondFactor =
        ["/Account/TwoFactorSetup", "/Account/LoginWith2fa", "/Account/Login", "/Account/Logout", "/Account/Denied",
         "/Language", "/css", "/js", "/lib", "/favicon.ico", "/health"];

    /// <summary>
    /// Privileged roles must have signed in with a second factor. Until they enrolled one, every page sends them
    /// to the enrolment page; API calls with a cookie but no second factor are refused.
    /// </summary>
    public static IApplicationBuilder UseTwoFactorGate(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var user = ctx.User;
        if (user.Identity?.IsAuthenticated == true && NeedsSecondFactor(user))
        {
            var path = ctx.Request.Path;
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
            {
                await Results.Problem(statusCode: 403, title: "Two-factor authentication required",
                    detail: "Sign in with your second factor or use a personal API token.").ExecuteAsync(ctx);
                return;
            }
            if (!OpenBeforeSecondFactor.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                ctx.Response.Redirect("/Account/TwoFactorSetup");
                return;
            }
        }
        await next();
    });

    /// <summary>
    /// A staff session without the second factor. API tokens count as a second factor only because a token can be
    /// made only after it (and a token of a staff account that has no second factor enrolled is refused outright).
    /// </summary>
    public static bool NeedsSecondFactor(ClaimsPrincipal user) =>
        RequiresSecondFactor(user.FindAll(ClaimTypes.Role).Select(c => c.Value)) &&
        !user.HasClaim(c => c.Type == "amr" && c.Value is "mfa" or "token");

    public static bool RequiresSecondFactor(IEnumerable<string> roles) => roles.Any(r => Roles.RequireTwoFactor.Contains(r));
}

public static class RateLimits
{
    public const string Anonymous = "anonymous";
    /// <summary>Pages that send or check one-time codes: far stricter than browsing, per client address.</summary>
    public const string Codes = "codes";

    /// <summary>Anonymous traffic is limited per client address; signed-in users are not throttled here.</summary>
    public static IServiceCollection AddBinHubRateLimits(this IServiceCollection services, IConfiguration config)
    {
        var perMinute = config.GetValue("RateLimits:AnonymousPerMinute", 120);
        var codesPerWindow = config.GetValue("RateLimits:CodesPerFiveMinutes", 30);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: 429, title: "Too many requests", detail: "Please wait a minute and try again.")
                    .ExecuteAsync(ctx.HttpContext);
            };
            o.AddPolicy(Codes, ctx => RateLimitPartition.GetFixedWindowLimiter("codes:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = codesPerWindow, Window = TimeSpan.FromMinutes(5), QueueLimit = 0 }));
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                // Signed-in users, and the SMS gateway's callbacks (which carry a shared secret checked by the endpoint;
                // a storm of delivery reports must never be throttled), are not limited here.
                ctx.User.Identity?.IsAuthenticated == true || ctx.Request.Path.StartsWithSegments("/api/v1/sms")
                    ? RateLimitPartition.GetNoLimiter("trusted")
                    : RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return services;
    }
}
