using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Features.Practices;

/// <summary>
/// The library's search: published practices the reader may see, by words (every word must occur in the title, summary or
/// body; case and accents ignored), theme, region ("national" for practices without one) and language; newest first, by pages.
/// With <c>Mine</c>, the reader's own proposals in every state instead.
/// </summary>
public static class SearchPractices
{
    public sealed record Query(string? Q, PracticeTheme? Theme, string? Region, string? Language, bool Mine = false, int? Page = null, int? PageSize = null);

    public sealed record Item(int Id, string Title, string Summary, PracticeTheme Theme, string? RegionCode, string Language, PracticeState State,
        DateTimeOffset? PublishedAt, int Uptake);

    public sealed record Page(IReadOnlyList<Item> Items, int Total, int PageNumber, int PageSize);

    public const string National = "national";

    public static async Task<Page> HandleAsync(BinHubDb db, Actor actor, Query q, CancellationToken ct)
    {
        var rows = PracticeRules.Readable(db, actor);
        rows = q.Mine ? rows.Where(p => p.AuthorUserId == actor.UserId) : rows.Where(p => p.State == PracticeState.Published);
        foreach (var word in PracticeRules.Fold(q.Q).Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().Take(10))
        {
            // The folded column holds letters, digits and single spaces only, so a word cannot carry LIKE wildcards.
            var pattern = $"%{word}%";
            rows = rows.Where(p => EF.Functions.Like(p.SearchText, pattern));
        }
        if (q.Theme is { } theme) rows = rows.Where(p => p.Theme == theme);
        if (q.Region == National) rows = rows.Where(p => p.RegionCode == null);
        else if (!string.IsNullOrWhiteSpace(q.Region)) rows = rows.Where(p => p.RegionCode == q.Region);
        if (Languages.IsValid(q.Language)) rows = rows.Where(p => p.Language == q.Language);
        return await PageAsync(db, rows.OrderByDescending(p => p.PublishedAt ?? p.UpdatedAt).ThenByDescending(p => p.Id), q.Page, q.PageSize ?? 20, ct);
    }

    public static async Task<Page> PageAsync(BinHubDb db, IQueryable<Practice> ordered, int? page, int pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize, 1, 100);
        var number = Math.Max(1, page ?? 1);
        var total = await ordered.CountAsync(ct);
        var items = await ordered.Skip((number - 1) * size).Take(size)
            .Select(p => new Item(p.Id, p.Title, p.Summary, p.Theme, p.RegionCode, p.Language, p.State, p.PublishedAt,
                db.PracticeUptakes.Count(u => u.PracticeId == p.Id)))
            .ToListAsync(ct);
        return new Page(items, total, number, size);
    }
}
