using BinHub.Data;
using BinHub.Features;
using BinHub.Features.SteeringCommittee;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.SteeringCommittee;

/// <summary>
/// One steering committee meeting: recorded (no id) or shown and completed (attendees, decisions, documents). The page maps
/// its forms to the slices; they decide. Attendees are personal data: showing them is a read, audited by <see cref="GetMeeting"/>.
/// </summary>
public sealed class MeetingModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    [BindProperty] public int Year { get; set; }
    [BindProperty] public DateOnly? HeldOn { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? Agenda { get; set; }
    public GetMeeting.Detail? Meeting { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? year, CancellationToken ct)
    {
        if (id is null)
        {
            Year = year ?? AnnualReport.DefaultYear(clock);
            return Page();
        }
        return await ShowAsync(id.Value, fill: true, ct);
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct) =>
        await DoneAsync(await SaveMeeting.HandleAsync(db, clock, await current.GetAsync(ct), id, new SaveMeeting.Request(Year, HeldOn, Place, Agenda), L, ct),
            s => s.Id, L["Steering.Saved"], id, ct, keepPosted: true);

    public async Task<IActionResult> OnPostAttendeeAsync(int id, string? name, string? organisation, string? role, CancellationToken ct) =>
        await DoneAsync(await MeetingAttendees.AddAsync(db, clock, await current.GetAsync(ct), id, new MeetingAttendees.Request(name, organisation, role), L, ct),
            _ => id, L["Steering.AttendeeAdded"], id, ct);

    public async Task<IActionResult> OnPostEraseAsync(int id, int attendeeId, bool confirm, CancellationToken ct)
    {
        // Erasure cannot be undone: the box must be ticked (the browser asks too, with required).
        if (!confirm)
        {
            Errors.Add($"confirm-{attendeeId}", L["Steering.ConfirmErase"]); // the box of that attendee's row, not the first row's
            return await ShowAsync(id, fill: true, ct);
        }
        return await DoneAsync(await MeetingAttendees.EraseAsync(db, clock, await current.GetAsync(ct), id, attendeeId, ct), _ => id, L["Steering.AttendeeErased"], id, ct);
    }

    public async Task<IActionResult> OnPostDecisionAsync(int id, string? text, string? owner, DateOnly? dueOn, CancellationToken ct) =>
        await DoneAsync(await MeetingDecisions.AddAsync(db, clock, await current.GetAsync(ct), id, new MeetingDecisions.Request(text, owner, dueOn), L, ct),
            _ => id, L["Steering.DecisionAdded"], id, ct);

    public async Task<IActionResult> OnPostDocumentAsync(int id, IFormFile? file, CancellationToken ct)
    {
        Attachments.Upload? upload = null;
        if (file is not null)
        {
            await using var stream = file.OpenReadStream();
            upload = await Attachments.ReadAsync(stream, file.FileName, ct);
        }
        return await DoneAsync(await MeetingDocuments.AddAsync(db, clock, await current.GetAsync(ct), id, upload, L, ct), _ => id, L["Steering.DocumentAdded"], id, ct);
    }

    public async Task<IActionResult> OnGetDocumentAsync(int id, int documentId, CancellationToken ct)
    {
        var outcome = await MeetingDocuments.GetAsync(db, clock, await current.GetAsync(ct), id, documentId, ct);
        if (outcome is not Outcome<MeetingDocuments.File>.Ok { Value: var d }) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(d.Content, d.ContentType, d.FileName);
    }

    /// <param name="keepPosted">The meeting's own form was sent: show what was typed; else the other forms' fields are the meeting's.</param>
    private async Task<IActionResult> DoneAsync<T>(Outcome<T> outcome, Func<T, int> meetingId, string message, int? id, CancellationToken ct, bool keepPosted = false)
    {
        if (outcome is Outcome<T>.Ok ok)
        {
            Message = message;
            return RedirectToPage(new { id = meetingId(ok.Value) });
        }
        if (!Collect(outcome)) return NotFound();
        return id is { } existing ? await ShowAsync(existing, fill: !keepPosted, ct) : Page();
    }

    private async Task<IActionResult> ShowAsync(int id, bool fill, CancellationToken ct)
    {
        if (await GetMeeting.HandleAsync(db, clock, await current.GetAsync(ct), id, ct) is not Outcome<GetMeeting.Detail>.Ok ok) return NotFound();
        Meeting = ok.Value;
        if (fill) (Year, HeldOn, Place, Agenda) = (Meeting.Year, Meeting.HeldOn, Meeting.Place, string.Join('\n', Meeting.Agenda));
        return Page();
    }
}
