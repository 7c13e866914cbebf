using BinHub.Data;
using BinHub.Domain;
using BinHub.Features.Practices;
using BinHub.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Pages.Practices;

/// <summary>What the propose and edit pages share: the fields (named as the request's, so errors point at them) and the choices.</summary>
public abstract class PracticeForm(BinHubDb db, CurrentActor current) : FormPage
{
    protected BinHubDb Db { get; } = db;
    protected CurrentActor Current { get; } = current;

    public sealed record Choice(string Value, string Text);

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public PracticeTheme? Theme { get; set; }
    [BindProperty] public string? RegionCode { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public int? BinId { get; set; }
    [BindProperty] public bool PublicConsent { get; set; }
    [BindProperty] public int? TranslationOf { get; set; }

    public IReadOnlyList<Choice> Regions { get; private set; } = [];
    public IReadOnlyList<Choice> Bins { get; private set; } = [];
    public IReadOnlyList<Choice> Originals { get; private set; } = [];
    /// <summary>The practice being edited (none when proposing): not offered as its own original.</summary>
    public int? EditingId { get; protected set; }

    protected ProposePractice.Request ToRequest(bool submit) =>
        new(Title, Summary, Body, Theme, RegionCode, Language, BinId, PublicConsent, TranslationOf, submit);

    /// <summary>The regions in the reader's language, by name: the form's choices and the library's filter.</summary>
    public static async Task<IReadOnlyList<Choice>> RegionChoicesAsync(BinHubDb db, string lang, CancellationToken ct) =>
        (await db.Regions.AsNoTracking().ToListAsync(ct)).Select(r => new Choice(r.Code, r.Name(lang))).OrderBy(c => c.Text).ToList();

    protected async Task LoadChoicesAsync(CancellationToken ct)
    {
        var actor = await Current.GetAsync(ct);
        var lang = Languages.Current;
        Regions = await RegionChoicesAsync(Db, lang, ct);
        // Every BIN in the author's scope and every readable original, uncut: an option missing from a list would post nothing,
        // and a re-save would silently unlink the practice from its BIN or its translation (1,557 BINs nationally is ~100 kB).
        Bins = await actor.VisibleBins(Db.Bins).OrderBy(b => b.Name).Select(b => new Choice(b.Id.ToString(), b.Name)).ToListAsync(ct);
        var self = EditingId;
        Originals = await PracticeRules.Readable(Db, actor).Where(p => p.Id != self).OrderBy(p => p.Title)
            .Select(p => new Choice(p.Id.ToString(), p.Title + " (" + p.Language + ")")).ToListAsync(ct);
    }
}
