using BinHub.Data;
using BinHub.Features.Join;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Feeds;

/// <summary>
/// The public prevention feed: no sign-in, limited like every anonymous request (the global per-address limiter).
/// Unknown BINs and zones, and any message that is not a published prevention/info message, answer 404.
/// </summary>
public static class FeedEndpoints
{
    public static void MapFeedEndpoints(this WebApplication app)
    {
        var feeds = app.MapGroup("/feeds").AllowAnonymous().ExcludeFromDescription();
        feeds.MapGet("/bins/{id:int}.atom", (int id, int? page, string? lang, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current,
            IStringLocalizer<SharedResource> L, CancellationToken ct) => AtomAsync(PublicFeed.ScopeKind.Bin, id, page, lang, http, db, clock, current, L, ct));
        feeds.MapGet("/zones/{number:int}.atom", (int number, int? page, string? lang, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current,
            IStringLocalizer<SharedResource> L, CancellationToken ct) => AtomAsync(PublicFeed.ScopeKind.Zone, number, page, lang, http, db, clock, current, L, ct));
        feeds.MapGet("/national.atom", (int? page, string? lang, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current,
            IStringLocalizer<SharedResource> L, CancellationToken ct) => AtomAsync(PublicFeed.ScopeKind.National, null, page, lang, http, db, clock, current, L, ct));
        feeds.MapGet("/messages/{id:long}.cap", async (long id, HttpContext http, BinHubDb db, TimeProvider clock, CurrentActor current,
                IConfiguration config, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
            (await PublicFeed.OneAsync(db, clock, await current.GetAsync(ct), id, ct)).ToHttp(item =>
            {
                var sender = config["Feeds:CapSender"] is { Length: > 0 } s ? s : CapDocument.DefaultSender;
                Cacheable(http, varyByLanguage: false);
                return Results.Bytes(FeedText.Serialise(CapDocument.Build(item, sender, PublicUrl.Of(http), L)), CapDocument.ContentType);
            }));
    }

    private static async Task<IResult> AtomAsync(PublicFeed.ScopeKind kind, int? id, int? page, string? lang, HttpContext http, BinHubDb db, TimeProvider clock,
        CurrentActor current, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        // ?lang= wins; otherwise the request culture (culture cookie, then Accept-Language; Dutch by default).
        var language = Languages.IsValid(lang) ? lang! : Languages.Current;
        return (await PublicFeed.HandleAsync(db, clock, await current.GetAsync(ct), kind, id, page ?? 1, ct)).ToHttp(p =>
        {
            Cacheable(http, varyByLanguage: true);
            return Results.Bytes(FeedText.Serialise(AtomDocument.Build(p, language, PublicUrl.Of(http), clock.GetUtcNow(), L,
                Languages.IsValid(lang) ? language : null)), AtomDocument.ContentType);
        });
    }

    /// <summary>Feed readers poll: a few minutes of caching spares the database without hiding a new message for long.</summary>
    private static void Cacheable(HttpContext http, bool varyByLanguage)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        if (varyByLanguage) http.Response.Headers.Vary = "Accept-Language, Cookie";
    }
}
