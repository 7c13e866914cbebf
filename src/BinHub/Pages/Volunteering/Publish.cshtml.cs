using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Volunteering;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Volunteering;

/// <summary>Publishing a call: the Kenniscentrum chooses the area; a municipality official's call is for their municipality.</summary>
public sealed class PublishModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    public sealed class CallForm
    {
        public VolunteerRole? Role { get; set; }
        public string? Title { get; set; }
        public string? Description { get; set; }
        public string? RegionCode { get; set; }
        public string? MunicipalityNis { get; set; }
        public int? HoursPerMonth { get; set; }
        public string? Training { get; set; }
        public int? TrainingSessionId { get; set; }
        public DateOnly? OpenUntil { get; set; }
    }

    [BindProperty] public CallForm Form { get; set; } = new();
    public bool IsNational { get; private set; }
    public string? OwnMunicipality { get; private set; }
    public List<Region> Regions { get; private set; } = [];
    public List<VolunteerTraining.SessionOption> Sessions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(await current.GetAsync(ct), ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var f = Form;
        var outcome = await PublishCall.HandleAsync(db, clock, actor, new PublishCall.Request(f.Role?.ToString(), f.Title, f.Description, f.RegionCode, f.MunicipalityNis,
            f.HoursPerMonth, f.Training, f.OpenUntil, f.TrainingSessionId), Features.Join.PublicUrl.Of(HttpContext), L, ct);
        if (outcome is Outcome<PublishCall.Result>.Ok ok)
        {
            Message = BinHub.Features.Plural.Text(L, "Volunteering.Published", ok.Value.Notified);
            return RedirectToPage("/Volunteering/Call", new { id = ok.Value.Id });
        }
        if (!Collect(outcome) || !await LoadAsync(actor, ct)) return NotFound();
        return Page();
    }

    private async Task<bool> LoadAsync(Actor actor, CancellationToken ct)
    {
        if (!VolunteerScope.MayPublish(actor))
        {
            await AuditLog.DeniedAsync(db, clock, actor, "PublishVolunteerCall", nameof(VolunteerCall), null, ct);
            return false;
        }
        IsNational = actor.IsNational;
        OwnMunicipality = actor.IsNational ? null : actor.MunicipalityNis;
        Regions = await db.Regions.AsNoTracking().OrderBy(r => r.Code).ToListAsync(ct);
        Sessions = await VolunteerTraining.UpcomingAsync(db, actor, DateOnly.FromDateTime(BrusselsTime.ToBrussels(clock.GetUtcNow()).DateTime), ct);
        return true;
    }
}
