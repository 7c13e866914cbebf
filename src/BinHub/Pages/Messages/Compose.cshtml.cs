using System.Globalization;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Features.Geography;
using BinHub.Features.Reports;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Messages;

/// <summary>
/// The composer: type, targets, texts per language (optionally from a template filled from the report), then a preview
/// (the dry run: who and how many it reaches, SMS length per language, warnings) before the separate Send button.
/// Officers send every kind to their zone's BINs; coordinators prevention and info to their own BINs, as the plan allows.
/// </summary>
public sealed class ComposeModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, DispatchSignal signal) : PageModel
{
    public sealed class Form
    {
        public MessageKind Kind { get; set; } = MessageKind.Prevention;
        public List<int> BinIds { get; set; } = [];
        public bool AllZone { get; set; }
        public string? MunicipalityNis { get; set; }
        public double? Lat { get; set; }
        public double? Lon { get; set; }
        public double? RadiusKm { get; set; }
        public string? TextNl { get; set; }
        public string? TextFr { get; set; }
        public string? TextDe { get; set; }
        public string? TextEn { get; set; }
        public bool IsPublic { get; set; }
        public bool IsExercise { get; set; }
        /// <summary>Brussels local time, as a datetime-local field sends it.</summary>
        public string? OccurredAt { get; set; }
        public long? FeedbackForId { get; set; }
        public int? ReportId { get; set; }

        public string? Text(string lang) => lang switch { "fr" => TextFr, "de" => TextDe, "en" => TextEn, _ => TextNl };

        public void SetText(string lang, string? text)
        {
            switch (lang) { case "fr": TextFr = text; break; case "de": TextDe = text; break; case "en": TextEn = text; break; default: TextNl = text; break; }
        }
    }

    public sealed record BinChoice(int Id, string Name, string Municipality);

    [BindProperty] public Form Input { get; set; } = new();
    public List<BinChoice> Bins { get; private set; } = [];
    public List<MessageKind> Kinds { get; private set; } = [];
    public List<ListMessages.Item> OpenAlarms { get; private set; } = [];
    public bool IsOfficer { get; private set; }
    public SendMessage.Planned? Preview { get; private set; }
    /// <summary>Keyed as SendMessage keys them; "type" is the kind chosen here, "Texts" any of the four texts.</summary>
    public FormErrors Errors { get; } = new FormErrors().Alias("type", "Kind").Alias("Texts", "TextNl", "TextFr", "TextDe", "TextEn");
    public string? ReportReference { get; private set; }
    /// <summary>The sender's area (zone or BINs) to click the radius centre on; its SVG is served by AreaMaps.</summary>
    public AreaMap? Map { get; private set; }
    public const string MapPath = "/Maps/Compose.svg";
    [BindProperty(Name = "map.x")] public int? MapX { get; set; }
    [BindProperty(Name = "map.y")] public int? MapY { get; set; }

    public async Task<IActionResult> OnGetAsync(int? reportId, string? template, MessageKind? kind, long? feedbackFor, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!await LoadAsync(actor, ct)) return await RefuseAsync(actor, ct);
        Input.Kind = kind is { } k && Kinds.Contains(k) ? k : Kinds[0];
        Input.FeedbackForId = feedbackFor;
        Report? report = null;
        // Feedback follows an alarm: its report (if any) fills the template as for the alarm itself.
        // An id in the address is checked like any other: another zone's alarm (or any, for a coordinator) is "not found", audited.
        if (feedbackFor is { } alarmId)
        {
            var alarm = await SendMessage.FollowUpCandidates(db, actor).Where(m => m.Id == alarmId).Select(m => new { m.ReportId }).FirstOrDefaultAsync(ct);
            if (alarm is null)
            {
                await AuditLog.DeniedAsync(db, clock, actor, "ComposeFeedback", nameof(Message), alarmId.ToString(), ct);
                return NotFound();
            }
            reportId ??= alarm.ReportId;
        }
        if (reportId is { } rid)
        {
            report = await ReportViews.ForOfficerAsync(db, actor, rid, ct);
            if (report is null)
            {
                await AuditLog.DeniedAsync(db, clock, actor, "ComposeFromReport", nameof(Report), rid.ToString(), ct);
                return NotFound();
            }
            Input.ReportId = rid;
            ReportReference = report.Reference;
            if (kind is null) Input.Kind = MessageKind.Alarm;
            if (Input.Kind == MessageKind.Alarm) Input.OccurredAt = Local(report.OccurredAt);
            if (report.Bin?.Status == BinStatus.Active) Input.BinIds = [report.BinId];
            AuditLog.Add(db, clock, actor, "ReadReport", nameof(Report), rid.ToString(), "composer");
            await db.SaveChangesAsync(ct);
        }
        if (Input.Kind == MessageKind.Alarm && Input.OccurredAt is null) Input.OccurredAt = Local(clock.GetUtcNow());
        if (Templates.Find(template) is { } t && Kinds.Contains(t.Kind))
        {
            Input.Kind = t.Kind == MessageKind.Prevention && kind == MessageKind.Info ? MessageKind.Info : t.Kind;
            var values = report is null ? [] : Templates.ValuesFrom(report);
            foreach (var (lang, text) in t.Texts) Input.SetText(lang, Templates.Fill(text, values));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => await RunAsync(dryRun: true, ct);

    public async Task<IActionResult> OnPostSendAsync(CancellationToken ct) => await RunAsync(dryRun: false, ct);

    /// <summary>A click on the map (without JavaScript): the centre fills the inputs and the form comes back, nothing is sent.</summary>
    public async Task<IActionResult> OnPostMapAsync(CancellationToken ct)
    {
        // No pixel (0,0) is the Enter key in a field, which the map as the first submit button receives: a preview, as before.
        if (MapX is null or 0 && MapY is null or 0) return await RunAsync(dryRun: true, ct);
        var actor = await current.GetAsync(ct);
        if (!await LoadAsync(actor, ct)) return await RefuseAsync(actor, ct);
        if (Map!.Contains(MapX ?? -1, MapY ?? -1)) (Input.Lat, Input.Lon) = Map.ToPoint(MapX!.Value, MapY!.Value);
        return Page();
    }

    private async Task<IActionResult> RunAsync(bool dryRun, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (!await LoadAsync(actor, ct)) return await RefuseAsync(actor, ct);
        var occurred = ParseLocal(Input.OccurredAt);
        if (Input.OccurredAt is { Length: > 0 } && occurred is null) Errors.Add("OccurredAt", L["Compose.BadTime"]);
        var request = new SendMessage.Request(Input.Kind,
            Input.AllZone || Input.MunicipalityNis is { Length: > 0 } || Input.RadiusKm is not null ? null : Input.BinIds,
            Input.AllZone && actor.IsOfficer ? actor.ZoneNumber : null,
            Input.AllZone ? null : Input.MunicipalityNis is { Length: > 0 } nis ? nis.Trim() : null,
            Languages.All.ToDictionary(l => l, l => Input.Text(l) ?? ""),
            Input.ReportId, Input.Kind == MessageKind.Feedback ? Input.FeedbackForId : null,
            Input.IsPublic && Input.Kind is MessageKind.Prevention or MessageKind.Info, Input.Kind == MessageKind.Alarm ? occurred : null,
            Input.RadiusKm is null ? null : Input.Lat, Input.RadiusKm is null ? null : Input.Lon, Input.RadiusKm, IsExercise: Input.IsExercise);
        if (Errors.Count > 0) return Page();
        var outcome = await SendMessage.HandleAsync(db, clock, actor, request, L, dryRun, dryRun ? null : signal, ct);
        switch (outcome)
        {
            case Outcome<SendMessage.Planned>.Ok ok when dryRun:
                Preview = ok.Value; // placeholders left unfilled are among its warnings (and refused on sending)
                return Page();
            case Outcome<SendMessage.Planned>.Ok ok:
                TempData["Message"] = ok.Value.State == MessageState.AwaitingApproval ? L["Compose.SentForApproval"].Value : L["Compose.Sent"].Value;
                return RedirectToPage("/Messages/Details", new { id = ok.Value.MessageId });
            case Outcome<SendMessage.Planned>.NotFound:
                return NotFound();
            case Outcome<SendMessage.Planned>.Invalid bad: Errors.AddRange(bad.Errors); break; // keyed: the summary links each to its field
            case Outcome<SendMessage.Planned>.Forbidden f: Errors.Add(f.Message); break;
        }
        return Page();
    }

    private async Task<IActionResult> RefuseAsync(Actor actor, CancellationToken ct)
    {
        // Their own BINs are in scope but their plan allows nothing: forbidden, as SendMessage answers for them (not audited as foreign).
        if (PlanForbidsAll) return Forbid();
        await AuditLog.DeniedAsync(db, clock, actor, "ComposeMessage", nameof(Message), null, ct);
        return NotFound();
    }

    /// <summary>A sender with active BINs of their own whose communication plans let them send no type of message to any of them.</summary>
    private bool PlanForbidsAll { get; set; }

    /// <summary>The kinds this actor may send and the BINs to choose from; false when the actor sends nothing.</summary>
    private async Task<bool> LoadAsync(Actor actor, CancellationToken ct)
    {
        IsOfficer = actor.IsOfficer;
        var coordinated = actor.IsCoordinator ? actor.CoordinatedBinIds.ToArray() : [];
        if (!IsOfficer && coordinated.Length == 0) return false;
        var zone = IsOfficer ? actor.ZoneNumber : null;
        var bins = await db.Bins.AsNoTracking().Include(b => b.Municipality)
            .Where(b => b.Status == BinStatus.Active && ((zone != null && b.PoliceZoneNumber == zone) || coordinated.Contains(b.Id)))
            .OrderBy(b => b.Name).Take(500).ToListAsync(ct);
        Bins = bins.Select(b => new BinChoice(b.Id, b.Name, b.Municipality?.NameNl ?? b.MunicipalityNis)).ToList();
        // What to offer comes from the sending rules; what is posted is decided by SendMessage alone, as for the API.
        Kinds = SenderRules.Offered(actor, bins).ToList();
        PlanForbidsAll = Kinds.Count == 0 && bins.Count > 0;
        if (Kinds.Count == 0) return false;
        OpenAlarms = await ListMessages.AlarmsWithoutFeedbackAsync(db, actor, ct);
        Map = await AreaMaps.ForSenderAsync(db, actor, ct);
        return true;
    }

    public static string Local(DateTimeOffset utc) => BrusselsTime.ToBrussels(utc).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static readonly TimeZoneInfo Brussels = TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");

    public static DateTimeOffset? ParseLocal(string? local) =>
        DateTime.TryParseExact(local, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
            ? new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(dt, DateTimeKind.Unspecified), Brussels), TimeSpan.Zero)
            : null;

    public IEnumerable<Templates.Template> TemplatesFor => Templates.All.Where(t => Kinds.Contains(t.Kind));
}
