using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Practices;

/// <summary>
/// The Kenniscentrum, an officer or a coordinator proposes a practice (kept as a draft, or submitted for review at once), and
/// the author changes it while it is not published. The BIN it comes from must be in the author's scope; a practice named as
/// the original of a translation must be readable by the author, and its group may hold each language once.
/// </summary>
public static class ProposePractice
{
    /// <param name="RegionCode">A region's code; empty for a national practice.</param>
    /// <param name="TranslationOf">The id of a practice this one translates (joins its translation group).</param>
    /// <param name="Submit">Submit for review now; otherwise it stays a draft.</param>
    public sealed record Request(string? Title, string? Summary, string? Body, PracticeTheme? Theme, string? RegionCode, string? Language,
        int? BinId, bool PublicConsent, int? TranslationOf, bool Submit);

    public sealed record Result(int Id, PracticeState State);

    public static async Task<Outcome<Result>> HandleAsync(BinHubDb db, TimeProvider clock, Actor actor, Request r, IStringLocalizer L, CancellationToken ct)
    {
        if (!PracticeRules.MayPropose(actor)) return new Outcome<Result>.Forbidden(L["Practice.NotProposer"]);
        var p = new Practice { AuthorUserId = actor.UserId, AuthorName = actor.UserName, CreatedAt = clock.GetUtcNow() };
        var refused = await ApplyAsync(db, clock, actor, p, r, L, ct);
        if (refused is not null) return refused;
        db.Practices.Add(p);
        await AuditLog.SaveNewAsync(db, clock, actor, "ProposePractice", nameof(Practice), () => p.Id.ToString(), $"“{p.Title}”", ct); // shown as written on the audit page: no code names
        return new Outcome<Result>.Ok(new Result(p.Id, p.State));
    }

    public static async Task<Outcome<Result>> EditAsync(BinHubDb db, TimeProvider clock, Actor actor, int id, Request r, IStringLocalizer L, CancellationToken ct)
    {
        var p = await PracticeRules.Readable(db, actor).FirstOrDefaultAsync(x => x.Id == id, ct);
        // Someone else's practice is "not found" for editing, even where it can be read.
        if (p is null || p.AuthorUserId != actor.UserId) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "EditPractice", nameof(Practice), id.ToString(), ct);
        if (!PracticeRules.MayEdit(actor, p)) return new Outcome<Result>.Forbidden(L["Practice.PublishedIsFinal"]);
        var refused = await ApplyAsync(db, clock, actor, p, r, L, ct);
        if (refused is not null) return refused;
        p.RejectionReason = null; // a rejected practice, changed, is a new draft or a new submission
        AuditLog.Add(db, clock, actor, "EditPractice", nameof(Practice), p.Id.ToString(), $"“{p.Title}”");
        await db.SaveChangesAsync(ct);
        return new Outcome<Result>.Ok(new Result(p.Id, p.State));
    }

    /// <summary>Validates and copies the request onto <paramref name="p"/>; answers the refusal, or null when applied.</summary>
    private static async Task<Outcome<Result>?> ApplyAsync(BinHubDb db, TimeProvider clock, Actor actor, Practice p, Request r, IStringLocalizer L, CancellationToken ct)
    {
        // Ids in the body are checked like ids in a route, before anything else: a BIN outside the author's scope is "not found", and audited.
        if (r.BinId is { } binId && !await actor.VisibleBins(db.Bins).AnyAsync(b => b.Id == binId, ct))
            return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "ProposePractice", nameof(Bin), binId.ToString(), ct);
        var group = p.TranslationGroup;
        if (r.TranslationOf is { } originalId && originalId != p.Id)
        {
            var original = await PracticeRules.Readable(db, actor).FirstOrDefaultAsync(x => x.Id == originalId, ct);
            if (original is null) return await AuditLog.NotFoundAsync<Result>(db, clock, actor, "ProposePractice", nameof(Practice), originalId.ToString(), ct);
            group = original.TranslationGroup ??= original.Id; // the first practice of a group names it
        }
        var e = new Errors();
        var title = Text(e, L, "Title", r.Title, Practice.MaxTitle, multiline: false);
        var summary = Text(e, L, "Summary", r.Summary, Practice.MaxSummary, multiline: true);
        var body = Text(e, L, "Body", r.Body, Practice.MaxBody, multiline: true);
        if (r.Theme is not { } theme || !Enum.IsDefined(theme)) { e.Add("Theme", L["Validation.Required", L["Practice.Theme"]]); theme = default; }
        if (!Languages.IsValid(r.Language)) e.Add("Language", L["Validation.Required", L["Practice.Language"]]);
        var region = string.IsNullOrWhiteSpace(r.RegionCode) ? null : r.RegionCode.Trim();
        if (region is not null && !await db.Regions.AnyAsync(x => x.Code == region, ct)) e.Add("RegionCode", L["Validation.Invalid", L["Practice.Region"]]);
        if (e.Any) return new Outcome<Result>.Invalid(e.Items);

        if (group is { } g && await db.Practices.AnyAsync(x => (x.TranslationGroup == g || x.Id == g) && x.Id != p.Id && x.Language == r.Language, ct))
            return Outcome<Result>.Fail("TranslationOf", L["Practice.LanguageTaken", L[$"Language.{r.Language}"]]);

        var now = clock.GetUtcNow();
        (p.Title, p.Summary, p.Body, p.Theme, p.RegionCode, p.Language, p.BinId) = (title!, summary!, body!, theme, region, r.Language!, r.BinId);
        p.TranslationGroup = group;
        if (r.PublicConsent && !p.PublicConsent) p.PublicConsentAt = now; // when the author agreed, as the consent's record
        if (!r.PublicConsent) p.PublicConsentAt = null;
        p.PublicConsent = r.PublicConsent;
        p.State = r.Submit ? PracticeState.Submitted : PracticeState.Draft;
        p.UpdatedAt = now;
        p.SearchText = PracticeRules.SearchTextOf(p);
        return null;
    }

    private static string? Text(Errors e, IStringLocalizer L, string field, string? raw, int max, bool multiline)
    {
        var text = raw?.Replace("\r\n", "\n").Trim() ?? "";
        var label = L[$"Practice.{field}"];
        if (text.Length == 0) e.Add(field, L["Validation.Required", label]);
        else if (text.Length > max) e.Add(field, L["Validation.MaxLength", label, max]);
        else if (text.Any(c => char.IsControl(c) && !(multiline && c == '\n'))) e.Add(field, L["Validation.NoControlChars", label]);
        else return text;
        return null;
    }
}
