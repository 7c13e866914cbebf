using System.Globalization;
using System.Text;
using BinHub.Data;
using BinHub.Domain;
using BinHub.Infrastructure;

namespace BinHub.Features.Practices;

/// <summary>Who sees and does what in the library, and the folded text the search looks in.</summary>
public static class PracticeRules
{
    /// <summary>
    /// Published practices for every signed-in role, and for anonymous visitors only where the author consented; drafts,
    /// submitted and rejected practices only for their author and the Kenniscentrum. Anything else is "not found".
    /// </summary>
    public static IQueryable<Practice> Readable(BinHubDb db, Actor actor)
    {
        if (actor.IsNational) return db.Practices;
        if (IsAnonymous(actor)) return db.Practices.Where(p => p.State == PracticeState.Published && p.PublicConsent);
        var me = actor.UserId;
        return db.Practices.Where(p => p.State == PracticeState.Published || p.AuthorUserId == me);
    }

    public static bool IsAnonymous(Actor actor) => actor.UserId == Actor.Anonymous(null).UserId;

    /// <summary>The Kenniscentrum, police officers and coordinators propose practices.</summary>
    public static bool MayPropose(Actor actor) => actor.IsNational || actor.IsOfficer || actor.IsCoordinator;

    /// <summary>Their own, while not published (a published practice is changed by proposing a new one).</summary>
    public static bool MayEdit(Actor actor, Practice p) => p.AuthorUserId == actor.UserId && p.State != PracticeState.Published;

    /// <summary>
    /// Lower case without accents or punctuation runs, so "Cybercriminalité" is found by "cybercriminalite" on SQLite and
    /// PostgreSQL alike with a plain LIKE (neither database folds accents by itself).
    /// </summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) { sb.Append(char.ToLowerInvariant(c)); space = false; }
            else if (!space) { sb.Append(' '); space = true; }
        }
        return sb.ToString().Trim().Replace("ß", "ss").Replace("æ", "ae").Replace("œ", "oe");
    }

    public static string SearchTextOf(Practice p) => Fold($"{p.Title} {p.Summary} {p.Body}");
}
