using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Members;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>
/// A BIN's members, for its coordinators and the police of its zone. Numbers are masked; revealing one member's
/// numbers is a separate, audited action. Coordinators enter members who signed the paper form here.
/// </summary>
public sealed class MembersModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : PageModel
{
    public sealed class MemberForm
    {
        public string Name { get; set; } = "";
        public string? CompanyName { get; set; }
        public string Street { get; set; } = "";
        public string HouseNumber { get; set; } = "";
        public string? Phone { get; set; }
        public string? SecondPhone { get; set; }
        public string? Email { get; set; }
        public string Language { get; set; } = "nl";
        public DateOnly? ConsentSignedOn { get; set; }
    }

    public int Id { get; private set; }
    public string BinName { get; private set; } = "";
    public bool IsBinZ { get; private set; }
    public List<string> Streets { get; private set; } = [];
    public bool MayAdd { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public MemberState? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public ListMembers.Page? Result { get; private set; }
    public int? Revealed { get; private set; }
    public MemberForm Form { get; private set; } = new();
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    [TempData] public string? Message { get; set; }

    public string Mask(string e164) => PhoneNumber.TryParse(e164, out var p, out _) ? p!.Masked : "•••";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostRevealAsync(int id, int memberId, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var bin = await db.Bins.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (bin is null || !ListMembers.MaySee(actor, bin) || !await db.Members.AnyAsync(m => m.Id == memberId && m.BinId == id, ct))
        {
            await AuditLog.DeniedAsync(db, clock, actor, "RevealPhone", nameof(Member), memberId.ToString(), ct);
            return NotFound();
        }
        AuditLog.Add(db, clock, actor, "ReadPersonalData", nameof(Member), memberId.ToString(), "phone numbers revealed");
        await db.SaveChangesAsync(ct);
        Revealed = memberId;
        return await LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAddAsync(int id, MemberForm form, CancellationToken ct)
    {
        var phones = new[] { form.Phone, form.SecondPhone }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!).ToList();
        var outcome = await AddMember.HandleAsync(db, clock, await current.GetAsync(ct), id,
            new AddMember.Request(form.Name, form.CompanyName, form.Street, form.HouseNumber, phones, form.Email, form.Language, form.ConsentSignedOn), L, ct);
        switch (outcome)
        {
            case Outcome<AddMember.Result>.Ok ok:
                Message = ok.Value.Warnings.Count == 0 ? L["Members.Added"] : $"{L["Members.Added"]} {string.Join(" ", ok.Value.Warnings)}";
                return RedirectToPage(new { id });
            case Outcome<AddMember.Result>.NotFound: return NotFound();
            case Outcome<AddMember.Result>.Invalid bad: Errors.AddRange(bad.Errors.SelectMany(e => e.Value)); break;
            case Outcome<AddMember.Result>.Forbidden f: Errors.Add(f.Message); break;
        }
        Form = form;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        Id = id;
        var actor = await current.GetAsync(ct);
        var outcome = await ListMembers.HandleAsync(db, clock, actor, id, new ListMembers.Query(State, null, Q, PageNumber, 50), ct);
        if (outcome is not Outcome<ListMembers.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        var bin = await db.Bins.FirstAsync(b => b.Id == id, ct);
        BinName = bin.Name;
        IsBinZ = bin.Type == BinType.BinZ;
        Streets = Features.Bins.BinValidation.Streets(bin.AreaStreets);
        MayAdd = actor.IsCoordinator && actor.CoordinatedBinIds.Contains(id);
        if (Form.ConsentSignedOn is null) Form.Language = bin.Language;
        return Page();
    }
}
