using BinHub.Data;
using BinHub.Domain;
using BinHub.Features;
using BinHub.Features.Training;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Training;

/// <summary>
/// One session: its participants (a read of personal data, audited), registering someone, attendance and result per participant,
/// issuing the certificate of who passed, and revoking one (after a confirmation step, with a reason).
/// </summary>
public sealed class SessionModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : TrainingPage(current)
{
    public Sessions.Details? Details { get; private set; }
    /// <summary>The certificate the user is about to revoke (the confirmation step).</summary>
    public BinHub.Features.Training.Certificates.CertificateView? Revoking { get; private set; }
    public string? RevokingName { get; private set; }
    /// <summary>The participant the user is about to take off the session (the confirmation step).</summary>
    public Sessions.ParticipantView? Removing { get; private set; }
    public Participants.AddRequest Input { get; private set; } = new(null, null, null, null, null);

    public async Task<IActionResult> OnGetAsync(int id, int? revoke, int? remove, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (revoke is { } c) FindRevoking(c);
        if (remove is { } r) Removing = Details!.Participants.FirstOrDefault(p => p.Id == r && p.Certificates.Count == 0);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(int id, ParticipantCategory? category, string? userEmail, string? name, string? email, int? zoneNumber,
        CancellationToken ct)
    {
        Input = new Participants.AddRequest(category, userEmail, name, email, zoneNumber);
        var outcome = await Participants.AddAsync(db, clock, Actor, id, Input, L, ct);
        return await AfterAsync(id, outcome, a => L["Training.ParticipantAdded", a.Name], ct);
    }

    public async Task<IActionResult> OnPostResultAsync(int id, int participantId, Attendance? attendance, TrainingResult? result, CancellationToken ct) =>
        await AfterAsync(id, await Participants.RecordAsync(db, clock, Actor, id, participantId, new Participants.ResultRequest(attendance, result), L, ct),
            _ => L["Training.ResultSaved"], ct,
            // Every participant's row has these two selects: the message links to the one of the row sent.
            k => k is "attendance" or "result" ? $"{k}-{participantId}" : null);

    public async Task<IActionResult> OnPostRemoveAsync(int id, int participantId, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return RedirectToPage(new { id, remove = participantId }); // their data goes with them: ask first
        return await AfterAsync(id, await Participants.RemoveAsync(db, clock, Actor, id, participantId, L, ct), _ => L["Training.ParticipantRemoved"], ct);
    }

    public async Task<IActionResult> OnPostIssueAsync(int id, int participantId, CancellationToken ct) =>
        await AfterAsync(id, await BinHub.Features.Training.Certificates.IssueAsync(db, clock, Actor, id, participantId, Features.Join.PublicUrl.Of(HttpContext), L, ct),
            c => L["Training.Issued", BinHub.Features.Training.Certificates.Grouped(c.Code)], ct);

    public async Task<IActionResult> OnPostRevokeAsync(int id, int certificateId, string? reason, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return RedirectToPage(new { id, revoke = certificateId }); // irreversible: ask first
        var outcome = await BinHub.Features.Training.Certificates.RevokeAsync(db, clock, Actor, certificateId, new BinHub.Features.Training.Certificates.RevokeRequest(reason), L, ct);
        if (outcome is Outcome<BinHub.Features.Training.Certificates.CertificateView>.Invalid && await LoadAsync(id, ct))
        {
            Collect(outcome);
            FindRevoking(certificateId);
            return Page();
        }
        return await AfterAsync(id, outcome, _ => L["Training.Revoked"], ct);
    }

    private async Task<IActionResult> AfterAsync<T>(int id, Outcome<T> outcome, Func<T, string> message, CancellationToken ct,
        Func<string, string?>? key = null)
    {
        if (outcome is Outcome<T>.Ok ok)
        {
            Message = message(ok.Value);
            return RedirectToPage(new { id });
        }
        if (!Collect(outcome, key ?? (k => k))) return NotFound();
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    private void FindRevoking(int certificateId)
    {
        foreach (var p in Details!.Participants)
        foreach (var c in p.Certificates.Where(c => c.Id == certificateId && c.RevokedAt is null))
            (Revoking, RevokingName) = (c, p.Name);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await Sessions.GetAsync(db, clock, Actor, id, ct) is not Outcome<Sessions.Details>.Ok ok) return false;
        Details = ok.Value;
        return true;
    }
}
