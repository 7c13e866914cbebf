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
                return Conditional(http, FeedText.Serialise(CapDocument.Build(item, sender, PublicUrl.Of(http), L,
                    CapDocument.Validity(config, item.Message.Kind))), CapDocument.Sent(item.Message), CapDocument.ContentType);
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
            return Conditional(http, FeedText.Serialise(AtomDocument.Build(p, language, PublicUrl.Of(http), L,
                Languages.IsValid(lang) ? language : null)), AtomDocument.LastModified(p), AtomDocument.ContentType);
        });
    }

    /// <summary>
    /// Feed readers poll every few minutes: an ETag (a hash of the very bytes, so it differs per language and per change) and
    /// Last-Modified let them ask "anything new?" and get 304 without a body. If-None-Match wins over If-Modified-Since (RFC 9110).
    /// </summary>
    private static IResult Conditional(HttpContext http, byte[] body, DateTimeOffset? lastModified, string contentType)
    {
        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue(
            "\"" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(body), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        // HTTP dates have whole seconds: a message sent at 12:30:15.123 is "modified" at 12:30:15.
        var modified = lastModified is { } lm ? DateTimeOffset.FromUnixTimeSeconds(lm.ToUnixTimeSeconds()) : (DateTimeOffset?)null;
        if (modified is not null) headers.LastModified = modified;
        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } match
            ? match.Any(t => t.Equals(Microsoft.Net.Http.Headers.EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false))
            : modified is not null && request.IfModifiedSince is { } since && modified <= since;
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(body, contentType);
    }

    /// <summary>Feed readers poll: a few minutes of caching spares the database without hiding a new message for long.</summary>
    private static void Cacheable(HttpContext http, bool varyByLanguage)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        if (varyByLanguage) http.Response.Headers.Vary = "Accept-Language, Cookie";
    }
}
