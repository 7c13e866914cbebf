namespace BinHub.Features.Join;

/// <summary>
/// The address put in links sent by e-mail. Configured (<c>App:PublicUrl</c>) in production so that a forged Host header can
/// never make BinHub mail a link to someone else's site; the request's own address only when nothing is configured.
/// </summary>
public static class PublicUrl
{
    public static string Of(HttpContext http) =>
        http.RequestServices.GetRequiredService<IConfiguration>()["App:PublicUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}";
}
