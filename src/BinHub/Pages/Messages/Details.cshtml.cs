using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using BinHub.Features.Phones;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Messages;

/// <summary>
/// The delivery dashboard of one message: its texts, where each channel stands (live over /hubs/messages, see
/// wwwroot/js/message-dashboard.js; a refresh link without JavaScript), the members whose delivery failed (to phone),
/// the voice audio to check, and for the zone's officer the approval of a coordinator's message. Scoped as GetMessage.
/// </summary>
public sealed class DetailsModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L, DispatchSignal signal,
    VoiceOptions voice) : PageModel
{
    public GetMessage.Result? View { get; private set; }
    public Message? Raw { get; private set; }
    public bool MayApprove { get; private set; }
    public bool MaySendFeedback { get; private set; }
    public string? RefusalReason { get; private set; }
    public List<string> AudioLanguages { get; private set; } = [];
    public FormErrors Errors { get; } = new();
    public bool ConfirmRefusal { get; private set; }
    public string? Reason { get; private set; }
    /// <summary>May send an update or withdrawal of this message (it is sent, the latest version, not withdrawn, and the actor may send it).</summary>
    public bool MayAmend { get; private set; }
    public bool ConfirmWithdrawal { get; private set; }
    public Dictionary<string, string>? AmendTexts { get; private set; }
    /// <summary>The newer version when this one was updated or withdrawn since.</summary>
    public long? LatestId { get; private set; }
    [TempData] public string? Message { get; set; }

    public int Done => View is { } v ? v.Total.Sent + v.Total.Delivered + v.Total.Failed + v.Total.AudioReady + v.Total.Unknown : 0;

    /// <summary>The page of the unreached households listed (<see cref="Unreached.PageSize"/> a page).</summary>
    [BindProperty(SupportsGet = true)] public int UnreachedPage { get; set; } = 1;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    /// <summary>As the live pushes carry it (camelCase, enums by name).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions ProgressJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>
    /// Where the message stands now, the same counts as a live push (no personal data), for the page's script once it
    /// follows the message: a push only goes to dashboards already following, so whatever changed between rendering the
    /// page and following it (or while reconnecting) — a call answered meanwhile — would otherwise show only at the next change.
    /// </summary>
    public async Task<IActionResult> OnGetProgressAsync(long id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var m = await db.Messages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null || !await GetMessage.MaySeeAsync(db, actor, m, ct))
        {
            await AuditLog.NotFoundAsync<GetMessage.Progress>(db, clock, actor, "GetMessage", nameof(Domain.Message), id.ToString(), ct);
            return NotFound();
        }
        var progress = await GetMessage.ProgressAsync(db, id, ct);
        return new JsonResult(progress! with { NotReached = await Unreached.FindAsync(db, clock, actor, m, UnreachedPage, ct) }, ProgressJson);
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        await DecideAsync(id, new ApproveMessage.Request(true, null), ct);

    public async Task<IActionResult> OnPostRefuseAsync(long id, string? reason, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            // Refusing cannot be undone and the coordinator is told at once: ask for the explicit confirmation first.
            Errors.Add("confirmed", L["Dashboard.ConfirmRefusal"]); // the box the page now shows
            (ConfirmRefusal, Reason) = (true, reason);
            return await LoadAsync(id, ct);
        }
        return await DecideAsync(id, new ApproveMessage.Request(false, reason), ct);
    }

    public Task<IActionResult> OnPostUpdateAsync(long id, Dictionary<string, string>? texts, CancellationToken ct) =>
        AmendAsync(id, Amendment.Update, texts, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(long id, Dictionary<string, string>? texts, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            // A withdrawal cannot be undone and goes to every member at once: ask for the explicit confirmation first.
            Errors.Add("confirmed", L["Dashboard.ConfirmWithdrawal"]); // the box the page now shows
            (ConfirmWithdrawal, AmendTexts) = (true, texts);
            return await LoadAsync(id, ct);
        }
        return await AmendAsync(id, Amendment.Withdrawal, texts, ct);
    }

    private async Task<IActionResult> AmendAsync(long id, Amendment how, Dictionary<string, string>? texts, CancellationToken ct)
    {
        switch (await UpdateMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, how, new UpdateMessage.Request(texts), L, signal, ct))
        {
            case Outcome<SendMessage.Planned>.Ok ok:
                Message = how == Amendment.Update ? L["Dashboard.UpdateSent"] : L["Dashboard.WithdrawalSent"];
                return RedirectToPage(new { id = ok.Value.MessageId });
            case Outcome<SendMessage.Planned>.NotFound: return NotFound();
            // Keyed: "Texts" is about the amendment's text fields (texts[nl], …), "id" (a stale or withdrawn version) about none.
            case Outcome<SendMessage.Planned>.Invalid bad: Errors.AddRange(bad.Errors); break;
            case Outcome<SendMessage.Planned>.Forbidden f: Errors.Add(f.Message); break;
        }
        (ConfirmWithdrawal, AmendTexts) = (how == Amendment.Withdrawal, texts);
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> DecideAsync(long id, ApproveMessage.Request request, CancellationToken ct)
    {
        switch (await ApproveMessage.HandleAsync(db, clock, await current.GetAsync(ct), id, request, L, signal, ct))
        {
            case Outcome<ApproveMessage.Result>.Ok:
                Message = request.Approve ? L["Dashboard.Approved"] : L["Dashboard.Refused"];
                return RedirectToPage(new { id });
            case Outcome<ApproveMessage.Result>.NotFound: return NotFound();
            case Outcome<ApproveMessage.Result>.Invalid bad: Errors.AddRange(bad.Errors); break;
            case Outcome<ApproveMessage.Result>.Forbidden f: Errors.Add(f.Message); break;
        }
        (ConfirmRefusal, Reason) = (!request.Approve, request.Reason);
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(long id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await GetMessage.HandleAsync(db, clock, actor, id, ct, UnreachedPage) is not Outcome<GetMessage.Result>.Ok ok) return NotFound();
        View = ok.Value;
        Raw = await db.Messages.AsNoTracking().FirstAsync(m => m.Id == id, ct);
        var officerOfZone = actor.IsOfficer && actor.ZoneNumber == Raw.ZoneNumber;
        MayApprove = officerOfZone && Raw.State == MessageState.AwaitingApproval;
        MaySendFeedback = officerOfZone && Raw.Kind == MessageKind.Alarm && Raw.State != MessageState.Refused;
        var latest = await UpdateMessage.LatestAsync(db, Raw, ct);
        LatestId = latest is not null && latest.Id != Raw.Id ? latest.Id : null;
        // Offered to whoever the slice lets send it (the officer of its zone; a coordinator of all its BINs while their plan allows it).
        MayAmend = await UpdateMessage.MayAmendAsync(db, actor, Raw, ct);
        AmendTexts ??= Raw.Amendment == Amendment.Withdrawal ? null : Languages.All.ToDictionary(l => l, l => Raw.Text(l) ?? "");
        if (Raw.State == MessageState.Refused)
            RefusalReason = (await ApproveMessage.RefusalReasonAsync(db, id, ct)) is { } r && r.StartsWith("reason: ") ? r["reason: ".Length..] : null;
        if (View.PerChannel.TryGetValue(nameof(Channels.Voice), out var v) && v.Total > 0)
            AudioLanguages = Languages.All.Where(l => MessageAudio.Exists(voice, id, l)).ToList();
        return Page();
    }
}
