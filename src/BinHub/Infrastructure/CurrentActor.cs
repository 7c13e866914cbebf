using BinHub.Data;

namespace BinHub.Infrastructure;

/// <summary>Loads the <see cref="Actor"/> of the current request once.</summary>
public sealed class CurrentActor(IHttpContextAccessor http, BinHubDb db)
{
    private Actor? actor;

    public async Task<Actor> GetAsync(CancellationToken ct = default)
    {
        if (actor is not null) return actor;
        var ctx = http.HttpContext ?? throw new InvalidOperationException("No request.");
        actor = await Actor.LoadAsync(ctx.User, db, ctx.Connection.RemoteIpAddress?.ToString(), ct)
                ?? Actor.Anonymous(ctx.Connection.RemoteIpAddress?.ToString());
        return actor;
    }
}
