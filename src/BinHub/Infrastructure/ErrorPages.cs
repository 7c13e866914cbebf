namespace BinHub.Infrastructure;

/// <summary>
/// Error responses by audience: programs (/api, the hubs, the OpenAPI document, health, or a request that accepts JSON and
/// not HTML) get problem+json; browsers get the HTML page /Error in their language. Before this, a browser that hit a 404
/// (the composer's preview with an out-of-zone NIS) was shown raw JSON.
/// </summary>
public static class ErrorPages
{
    public static bool WantsProblemJson(HttpContext ctx)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health"))
            return true;
        var accept = ctx.Request.GetTypedHeaders().Accept;
        // A browser sends text/html first; a program asks for JSON (or problem+json) by name, without HTML.
        return accept.Count > 0
               && accept.Any(a => a.MediaType.Value is { } m && (m.Equals("application/json", StringComparison.OrdinalIgnoreCase) || m.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
               && !accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        app.UseWhen(WantsProblemJson, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(ctx => !WantsProblemJson(ctx), web =>
        {
            // Outermost: any 4xx/5xx without a body, including the 500 the exception handler below leaves, shows /Error.
            web.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
            // Logs the exception and answers a bare 500 (no JSON): the status code page above then renders the HTML.
            web.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return Task.CompletedTask;
                },
            });
        });
        return app;
    }
}
