using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BinHub.Pages;

/// <summary>
/// The HTML page a browser sees for a refused or failed request (404, 403, 400, 500 …), in its language, with the layout and
/// the emergency numbers. Reached by re-execution from <see cref="Infrastructure.ErrorPages"/>, with the original method:
/// it has no handlers (any verb renders it) and ignores antiforgery (a refused token must not refuse the error page too).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet() => Show();
    public void OnPost() => Show();

    private void Show()
    {
        var failed = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null;
        Code = int.TryParse(Request.Query["code"], out var c) && c is >= 400 and <= 599 ? c : failed ? 500 : 404;
        Response.StatusCode = Code;
    }

    /// <summary>The text key for the code: the common ones have their own words, the rest share the general ones.</summary>
    public string Key => Code switch { 400 or 403 or 404 => $"ErrorPage.{Code}", >= 500 => "ErrorPage.500", _ => "ErrorPage.Other" };
}
