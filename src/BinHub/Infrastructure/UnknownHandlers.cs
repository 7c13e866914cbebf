using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace BinHub.Infrastructure;

/// <summary>
/// A page answers 404 when the request names a handler that none of its methods has (a name that belongs to another
/// verb's handler only on a GET, see below), or when the page has handler methods but none for the request's verb. Left alone, Razor Pages runs the unnamed handler instead ("?handler=Nope"
/// on a POST runs OnPost), or, where there is none, renders the page without any handler having loaded its model:
/// a NullReferenceException in the view and a 500. Registered once for every page in <see cref="WebApp.AddBinHubWeb"/>.
/// </summary>
public sealed class UnknownHandlers : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var asked = HandlerName(context);
        var selected = context.HandlerMethod;
        var handlers = context.ActionDescriptor.HandlerMethods;
        bool unknown;
        if (selected is null) unknown = asked is not null || handlers.Count > 0;
        else if (asked is null || string.Equals(selected.Name, asked, StringComparison.OrdinalIgnoreCase)) unknown = false;
        // After a form post that shows the page again the address bar reads "?handler=Next"; entering that address
        // (a GET) shows the page as before. A name no handler of the page has, for any verb, is never shown.
        else unknown = !(HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method))
                       || !handlers.Any(h => string.Equals(h.Name, asked, StringComparison.OrdinalIgnoreCase));
        if (unknown)
        {
            context.Result = new NotFoundResult();
            return;
        }
        await next();
    }

    /// <summary>Where Razor Pages looks for the handler name: the route value, then the query string's first "handler".</summary>
    private static string? HandlerName(PageHandlerExecutingContext context)
    {
        if (context.RouteData.Values.TryGetValue("handler", out var route) && Convert.ToString(route, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } r)
            return r;
        return context.HttpContext.Request.Query.TryGetValue("handler", out var query) && query.Count > 0 && !string.IsNullOrEmpty(query[0]) ? query[0] : null;
    }
}
