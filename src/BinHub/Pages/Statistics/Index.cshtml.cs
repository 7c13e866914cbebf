using System.Globalization;
using System.Net;
using System.Text;
using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Statistics;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Statistics;

[AllowAnonymous]
public sealed class IndexModel(BinHubDb db, TimeProvider clock, IStringLocalizer<SharedResource> L) : PageModel
{
    public GetStatistics.Result? Result { get; private set; }
    public GetStatistics.Result? Previous { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool IsCurrentYear { get; private set; }
    public string? ChartSvg { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? year, CancellationToken ct)
    {
        var thisYear = BrusselsTime.ToBrussels(clock.GetUtcNow()).Year;
        var lang = Languages.Current;
        var wanted = year ?? thisYear;
        if (await GetStatistics.HandleAsync(db, clock, wanted, lang, ct) is not Outcome<GetStatistics.Result>.Ok ok)
            return RedirectToPage(new { year = (int?)null });
        Result = ok.Value;
        IsCurrentYear = wanted == thisYear;
        var years = (await GetStatistics.YearsWithDataAsync(db, clock, ct)).ToList();
        if (!years.Contains(wanted)) years.Add(wanted);
        Years = years.OrderDescending().ToList();
        if (years.Contains(wanted - 1) && await GetStatistics.HandleAsync(db, clock, wanted - 1, lang, ct) is Outcome<GetStatistics.Result>.Ok prev)
            Previous = prev.Value;
        ChartSvg = Chart(Result.Regions);
        return Page();
    }

    /// <summary>Horizontal stacked bars per region (BIN and BIN-Z), drawn on the server: no script, no CDN.</summary>
    private string? Chart(IReadOnlyList<GetStatistics.Row> rows)
    {
        if (rows.Count == 0) return null;
        const int width = 640, label = 200, barHeight = 28, gap = 14;
        var max = Math.Max(1, rows.Max(r => r.Total));
        var height = rows.Count * (barHeight + gap) + 30;
        var scale = (width - label - 60) / (double)max;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(L["Stats.ChartCaption"])}\">");
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = i * (barHeight + gap) + 10;
            var wBin = r.Bin * scale;
            var wBinZ = r.BinZ * scale;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 19}\">{WebUtility.HtmlEncode(r.Name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-bin\" x=\"{label}\" y=\"{y}\" width=\"{wBin:0.#}\" height=\"{barHeight}\"><title>{WebUtility.HtmlEncode(L["BinType.Bin"])}: {r.Bin}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar-binz\" x=\"{label + wBin:0.#}\" y=\"{y}\" width=\"{wBinZ:0.#}\" height=\"{barHeight}\"><title>{WebUtility.HtmlEncode(L["BinType.BinZ"])}: {r.BinZ}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{label + wBin + wBinZ + 6:0.#}\" y=\"{y + 19}\">{r.Total.ToString("N0", CultureInfo.CurrentCulture)}</text>");
        }
        return svg.Append("</svg>").ToString();
    }
}
