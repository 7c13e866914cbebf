using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Bins;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Registry;

public sealed class IndexModel(BinHubDb db, TimeProvider clock, CurrentActor current) : PageModel
{
    public ListBins.Query Query { get; private set; } = new();
    public ListBins.Page Result { get; private set; } = new([], 0, 1, 25);
    public bool MayCreate { get; private set; }
    public List<(string Code, string Name)> Regions { get; private set; } = [];
    public List<(string Code, string Name)> Provinces { get; private set; } = [];
    public List<(int Number, string Name)> Zones { get; private set; } = [];
    public int LastPage => Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);
    public string ExportQuery => Request.QueryString.Value ?? "";

    public async Task<IActionResult> OnGetAsync([FromQuery] ListBins.Query query, CancellationToken ct)
    {
        if (!ModelState.IsValid) query = new ListBins.Query(); // a hand-edited URL with nonsense falls back to the full list
        var actor = await current.GetAsync(ct);
        Query = query;
        var lang = Languages.Current;
        Result = await ListBins.HandleAsync(db, clock, actor, query, lang, ct);
        MayCreate = actor.IsNational || actor.IsOfficer || actor.IsMunicipality;
        Regions = (await db.Regions.OrderBy(r => r.Code).ToListAsync(ct)).Select(r => (r.Code, r.Name(lang))).ToList();
        Provinces = (await db.Provinces.OrderBy(p => p.Code).Select(Province.WithoutBoundary).ToListAsync(ct)).Select(p => (p.Code, p.Name(lang))).ToList();
        var zones = actor.IsNational ? db.PoliceZones : db.PoliceZones.Where(z => actor.VisibleBins(db.Bins).Any(b => b.PoliceZoneNumber == z.Number));
        Zones = (await zones.OrderBy(z => z.Number).Select(z => new { z.Number, z.Name }).ToListAsync(ct)).Select(z => (z.Number, z.Name)).ToList();
        return Page();
    }

    public string PageLink(int page)
    {
        var qb = new QueryBuilder(Request.Query.Where(kv => kv.Key != "page").SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v ?? ""))))
        {
            { "page", page.ToString() },
        };
        return "/Registry" + qb;
    }
}
