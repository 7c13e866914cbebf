using BinHub.Data;
using BinHub.Features;
using BinHub.Features.Practices;
using BinHub.Features.Uploads;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Pages.Practices;

/// <summary>
/// One practice: its text, translations and attachments for every reader who may see it; the author's files while it is not
/// published; the review (after a confirmation step) for the Kenniscentrum; "we use this" per BIN for coordinators.
/// </summary>
public sealed class DetailsModel(BinHubDb db, TimeProvider clock, CurrentActor current, IStringLocalizer<SharedResource> L) : FormPage
{
    public GetPractice.Details? Practice { get; private set; }
    /// <summary>The coordinator's own BINs, for "we use this".</summary>
    public IReadOnlyList<PracticeForm.Choice> MyBins { get; private set; } = [];
    /// <summary>"publish" or "reject" while the reviewer confirms.</summary>
    public string? Confirming { get; private set; }
    public string? Reason { get; private set; }

    public Task<IActionResult> OnGetAsync(int id, string? confirm, CancellationToken ct)
    {
        Confirming = confirm is "publish" ? confirm : null;
        return LoadAsync(id, ct);
    }

    /// <summary>
    /// An attachment for whoever may read the practice, anonymous visitors of a public one included (the API needs a token):
    /// as a download (Content-Disposition: attachment) with the content type the upload check found, never one the uploader named.
    /// </summary>
    public async Task<IActionResult> OnGetFileAsync(int id, int fileId, CancellationToken ct) =>
        await PracticeFiles.GetAsync(db, clock, await current.GetAsync(ct), id, fileId, ct) is Outcome<Domain.PracticeAttachment>.Ok { Value: var f }
            ? File(f.Bytes, f.ContentType, f.FileName)
            : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(int id, bool confirmed, CancellationToken ct)
    {
        if (!confirmed) return Redirect($"/Practices/{id}?confirm=publish#review"); // publishing cannot be undone: ask first
        return await AfterAsync(id, await ReviewPractice.PublishAsync(db, clock, await current.GetAsync(ct), id, Features.Join.PublicUrl.Of(HttpContext), L, ct),
            L["Practice.PublishedDone"], ct);
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, string? reason, bool confirmed, CancellationToken ct)
    {
        if (!confirmed && !string.IsNullOrWhiteSpace(reason))
        {
            Confirming = "reject";
            Reason = reason;
            return await LoadAsync(id, ct);
        }
        return await AfterAsync(id, await ReviewPractice.RejectAsync(db, clock, await current.GetAsync(ct), id, new ReviewPractice.RejectRequest(reason),
            Features.Join.PublicUrl.Of(HttpContext), L, ct), L["Practice.RejectedDone"], ct);
    }

    public async Task<IActionResult> OnPostUptakeAsync(int id, int binId, bool uses, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        var outcome = uses ? await MarkUptake.MarkAsync(db, clock, actor, id, binId, ct) : await MarkUptake.UndoAsync(db, clock, actor, id, binId, ct);
        return await AfterAsync(id, outcome, L[uses ? "Practice.UptakeMarked" : "Practice.UptakeUndone"], ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? file, CancellationToken ct)
    {
        if (file is null)
        {
            Errors.Add("file", L["Validation.Required", L["Practice.File"]]);
            return await LoadAsync(id, ct);
        }
        await using var stream = file.OpenReadStream();
        var upload = await Attachments.ReadAsync(stream, file.FileName, ct);
        return await AfterAsync(id, await PracticeFiles.AddAsync(db, clock, await current.GetAsync(ct), id, upload, L, ct), L["Practice.FileAdded"], ct);
    }

    public async Task<IActionResult> OnPostRemoveFileAsync(int id, int fileId, CancellationToken ct) =>
        await AfterAsync(id, await PracticeFiles.RemoveAsync(db, clock, await current.GetAsync(ct), id, fileId, L, ct), L["Practice.FileRemoved"], ct);

    private async Task<IActionResult> AfterAsync<T>(int id, Outcome<T> outcome, string done, CancellationToken ct)
    {
        if (outcome is Outcome<T>.Ok)
        {
            Message = done;
            return Redirect($"/Practices/{id}");
        }
        if (!Collect(outcome)) return NotFound();
        return await LoadAsync(id, ct);
    }

    private async Task<IActionResult> LoadAsync(int id, CancellationToken ct)
    {
        var actor = await current.GetAsync(ct);
        if (await GetPractice.HandleAsync(db, clock, actor, id, Languages.Current, ct) is not Outcome<GetPractice.Details>.Ok ok) return NotFound();
        Practice = ok.Value;
        if (actor.IsCoordinator && Practice.State == Domain.PracticeState.Published)
        {
            var mine = actor.CoordinatedBinIds.ToArray();
            MyBins = await db.Bins.Where(b => mine.Contains(b.Id)).OrderBy(b => b.Name).Select(b => new PracticeForm.Choice(b.Id.ToString(), b.Name)).ToListAsync(ct);
        }
        return Page();
    }

    /// <summary>The body's paragraphs (blank lines between them), each shown as text with its line breaks: nothing in it is markup.</summary>
    public static IEnumerable<string[]> Paragraphs(string body) =>
        body.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => p.Split('\n'));
}
