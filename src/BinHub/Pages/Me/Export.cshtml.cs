using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Me;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BinHub.Pages.Me;

/// <summary>All my data as a readable, printable page, and the same as a JSON file (?handler=Json). Each is audited.</summary>
public sealed class ExportModel(BinHubDb db, TimeProvider clock, CurrentActor current, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : MePage
{
    public ExportMyData.Export Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ExportMyData.HandleAsync(db, clock, await current.GetAsync(ct), ct) is not Outcome<ExportMyData.Export>.Ok ok) return NotFound();
        Data = ok.Value;
        return Page();
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        if (await ExportMyData.HandleAsync(db, clock, await current.GetAsync(ct), ct) is not Outcome<ExportMyData.Export>.Ok ok) return NotFound();
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ok.Value, new System.Text.Json.JsonSerializerOptions(json.Value.SerializerOptions) { WriteIndented = true });
        return File(bytes, "application/json", MeEndpoints.FileName(ok.Value));
    }

    public static string When(DateTimeOffset? at) => at is null ? "—" : BrusselsTime.Format(at);
}
