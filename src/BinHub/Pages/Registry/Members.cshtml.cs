using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Members;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Registry;

/// <summary>
/// A BIN's members, for its coordinators and the police of its zone. Numbers are masked; revealing one member's
/// numbers is a separate, audited action. Coordinators enter members who signed the paper form here, import a CSV
/// of paper forms (dry run, then all-or-nothing import) and approve or refuse members who signed up online.
/// </summary>
public sealed class MembersModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L,
    IDataProtectionProvider protection) : PageModel
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
    [BindProperty(SupportsGet = true)] public Channels? Channel { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Verified { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public ListMembers.Page? Result { get; private set; }
    /// <summary>Members waiting for approval (the first 50, oldest first is not needed: the list is short).</summary>
    public ListMembers.Page? Pending { get; private set; }
    public bool MayDecide { get; private set; }
    public int? RefuseFor { get; private set; }
    public string? RefuseReason { get; private set; }
    public ImportMembers.Report? ImportReport { get; private set; }
    public string? ImportFileName { get; private set; }
    /// <summary>The checked CSV, protected, re-posted by the confirm button.</summary>
    public string? ImportPayloadValue { get; private set; }
    public int LastPage => Result is null ? 1 : Math.Max(1, (Result.Total + Result.PageSize - 1) / Result.PageSize);
    public int? Revealed => RevealedPhones?.MemberId;
    /// <summary>The one member whose full numbers were just revealed (audited); the list itself only has masked ones.</summary>
    public RevealPhone.Result? RevealedPhones { get; private set; }
    public MemberForm Form { get; private set; } = new();
    public FormErrors Errors { get; } = new();

    /// <summary>
    /// AddMember's keys as the ids of the add form's fields: the filters above it share names ("language"), and both phone
    /// fields are the slice's "Phones".
    /// </summary>
    private static readonly Dictionary<string, string> AddFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Name"] = "m-name", ["CompanyName"] = "m-company", ["Street"] = "m-street", ["HouseNumber"] = "m-house",
        ["Phones"] = "m-phone", ["Email"] = "m-email", ["Language"] = "m-lang", ["ConsentSignedOn"] = "m-consent",
    };
    public List<string> Warnings { get; } = [];
    [TempData] public string? Message { get; set; }

    /// <summary>The list's masked number, or the full one (same order: by phone id) for the member just revealed.</summary>
    public string Shown(ListMembers.Item m, int index) =>
        RevealedPhones is { } r && r.MemberId == m.Id && index < r.Numbers.Count ? r.Numbers[index] : m.Phones[index].Number;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct);

    /// <summary>The filters as a query string, for the pager and the CSV export.</summary>
    public string FilterQuery(int? page = null)
    {
        var qb = new QueryBuilder();
        if (!string.IsNullOrWhiteSpace(Q)) qb.Add("q", Q);
        if (State is { } s) qb.Add("state", s.ToString());
        if (Channel is { } c) qb.Add("channel", c.ToString());
        if (Verified is { } v) qb.Add("verified", v ? "true" : "false");
        if (!string.IsNullOrWhiteSpace(Language)) qb.Add("language", Language);
        if (page is { } p) qb.Add("p", p.ToString());
        return qb.ToString();
    }

    public async Task<IActionResult> OnPostApproveAsync(int id, int memberId, CancellationToken ct) =>
        await DecidedAsync(id, memberId, await DecideMember.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, true, null, L, ct),
            L["Coord.Approved"], null, ct);

    public async Task<IActionResult> OnPostRefuseAsync(int id, int memberId, string? reason, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            // Refusing cannot be undone and the applicant is told at once: ask for the explicit confirmation first.
            Errors.Add($"confirm-{memberId}", L["Coord.ConfirmRefusal"]); // the box in that applicant's row
            RefuseFor = memberId;
            RefuseReason = reason;
            return await LoadAsync(id, ct);
        }
        return await DecidedAsync(id, memberId, await DecideMember.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, false, reason, L, ct),
            L["Coord.Refused"], reason, ct);
    }

    private async Task<IActionResult> DecidedAsync(int id, int memberId, Outcome<DecideMember.Result> outcome, string message, string? reason, CancellationToken ct)
    {
        switch (outcome)
        {
            case Outcome<DecideMember.Result>.Ok:
                Message = message;
                return RedirectToPage(new { id });
            case Outcome<DecideMember.Result>.NotFound: return NotFound();
            // The reason field of that applicant's row; "state" (no longer pending) is about no field (the filter shares its name).
            case Outcome<DecideMember.Result>.Invalid bad: Errors.AddRange(bad.Errors, k => k == "reason" ? $"reason-{memberId}" : null); break;
            case Outcome<DecideMember.Result>.Forbidden f: Errors.Add(f.Message); break;
        }
        RefuseFor = reason is null ? null : memberId;
        RefuseReason = reason;
        return await LoadAsync(id, ct);
    }

    /// <summary>Step 1 of the CSV import: check every line, write nothing, show the report in the coordinator's language.</summary>
    public async Task<IActionResult> OnPostImportCheckAsync(int id, IFormFile? file, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!ListMembers.MayManage(actor, id))
        {
            await AuditLog.DeniedAsync(db, clock, actor, "ImportMembers", nameof(Bin), id.ToString(), ct);
            return NotFound();
        }
        if (file is null || file.Length == 0) Errors.Add("file", L["Import.Empty"]);
        else if (file.Length > ImportPayload.MaxBytes) Errors.Add("file", L["Coord.ImportTooLarge", ImportPayload.MaxBytes / (1024 * 1024)]);
        else
        {
            byte[] bytes;
            await using (var stream = file.OpenReadStream()) bytes = await CsvEncoding.ReadAsync(stream, ImportMembers.MaxFileBytes, ct);
            ImportFileName = Path.GetFileName(file.FileName);
            // The confirmation carries the decoded text, so it imports exactly what this check read.
            if (await ImportAsync(id, actor, ImportMembers.HandleAsync(db, clock, actor, id, bytes, dryRun: true, L, ct)) is { Lines: > 0 } report
                && report.Valid == report.Lines && CsvEncoding.Decode(bytes) is { } decoded)
                ImportPayloadValue = new ImportPayload(protection, clock).Wrap(id, actor.UserId, decoded.Text);
        }
        return await LoadAsync(id, ct);
    }

    /// <summary>Step 2: import exactly the checked file (all lines or none).</summary>
    public async Task<IActionResult> OnPostImportConfirmAsync(int id, string? payload, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!ListMembers.MayManage(actor, id))
        {
            await AuditLog.DeniedAsync(db, clock, actor, "ImportMembers", nameof(Bin), id.ToString(), ct);
            return NotFound();
        }
        var csv = new ImportPayload(protection, clock).Unwrap(id, actor.UserId, payload);
        if (csv is null) Errors.Add(L["Coord.ImportExpired"]);
        else if (await ImportAsync(id, actor, ImportMembers.HandleAsync(db, clock, actor, id, csv, dryRun: false, L, ct)) is { Imported: true } report)
        {
            Message = Plural.Text(L, "Coord.Imported", report.Lines);
            return RedirectToPage(new { id });
        }
        return await LoadAsync(id, ct);
    }

    private async Task<ImportMembers.Report?> ImportAsync(int id, Actor actor, Task<Outcome<ImportMembers.Report>> import)
    {
        switch (await import)
        {
            case Outcome<ImportMembers.Report>.Ok ok:
                ImportReport = ok.Value;
                return ok.Value;
            case Outcome<ImportMembers.Report>.Invalid bad: Errors.AddRange(bad.Errors); break; // "file": the file field
            case Outcome<ImportMembers.Report>.Forbidden f: Errors.Add(f.Message); break;
        }
        return null;
    }

    public async Task<IActionResult> OnPostRevealAsync(int id, int memberId, CancellationToken ct)
    {
        if (await RevealPhone.HandleAsync(db, clock, await current.GetAsync(ct), id, memberId, ct) is not Outcome<RevealPhone.Result>.Ok ok) return NotFound();
        RevealedPhones = ok.Value;
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
            case Outcome<AddMember.Result>.Invalid bad: Errors.AddRange(bad.Errors, k => AddFields.GetValueOrDefault(k)); break;
            case Outcome<AddMember.Result>.Forbidden f: Errors.Add(f.Message); break;
        }
        Form = form;
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        Id = id;
        var actor = await current.GetAsync(ct);
        if (!Languages.IsValid(Language)) Language = null;
        var outcome = await ListMembers.HandleAsync(db, clock, actor, id, new ListMembers.Query(State, Language, Q, PageNumber, 50, Channel, Verified), ct);
        if (outcome is not Outcome<ListMembers.Page>.Ok ok) return NotFound();
        Result = ok.Value;
        if (State is null or MemberState.Pending && await ListMembers.HasPendingAsync(db, id, ct))
            Pending = (await ListMembers.HandleAsync(db, clock, actor, id, new ListMembers.Query(MemberState.Pending, null, null, 1, 50), ct) as Outcome<ListMembers.Page>.Ok)?.Value;
        MayDecide = MayAdd = ListMembers.MayManage(actor, id);
        // The header's details of the BIN the slice has just found in scope: a lookup, no rule.
        var bin = await db.Bins.FirstAsync(b => b.Id == id, ct);
        BinName = bin.Name;
        IsBinZ = bin.Type == BinType.BinZ;
        Streets = Features.Bins.BinValidation.Streets(bin.AreaStreets);
        if (Form.ConsentSignedOn is null) Form.Language = bin.Language;
        return Page();
    }
}
