using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace BinHub.Pages.Training;

/// <summary>
/// The pages that run training: the Kenniscentrum and the academies. The folder also admits police officers (for /Training/Zones,
/// which does not derive from this), so everything else refuses them here, before any handler runs.
/// </summary>
public abstract class TrainingPage(CurrentActor current) : FormPage
{
    protected Actor Actor { get; private set; } = null!;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        Actor = await current.GetAsync(HttpContext.RequestAborted);
        if (!TrainingScope.MayRun(Actor)) { context.Result = Forbid(); return; }
        await next();
    }

    protected IActionResult After<T>(BinHub.Features.Outcome<T> outcome, Func<T, string> message, Func<T, IActionResult> redirect, Func<IActionResult> again)
    {
        if (outcome is BinHub.Features.Outcome<T>.Ok ok)
        {
            Message = message(ok.Value);
            return redirect(ok.Value);
        }
        return Collect(outcome) ? again() : NotFound();
    }
}
