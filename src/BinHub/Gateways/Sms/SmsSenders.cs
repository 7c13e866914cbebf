using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace BinHub.Gateways.Sms;

/// <summary>
/// The SMS edge: one text to one or more numbers in one hand-over. It knows nothing of BinHub's routes: the caller passes
/// the URL the gateway reports each SMS's fate to (built next to the endpoint that receives it), or null for none.
/// </summary>
public interface ISmsSender
{
    Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct);

    /// <summary>How many numbers one hand-over may carry (Kannel takes several in <c>to</c>; 1 = one request per number).</summary>
    int MaxRecipients => 1;
}

/// <summary>The gateway refused the message. Permanent refusals are not retried; the rest are, with backoff.</summary>
public sealed class SmsGatewayException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}

public sealed class SmsOptions
{
    /// <summary>Sms:Provider = DevOutbox (default) | Kannel.</summary>
    public string Provider { get; set; } = "DevOutbox";
    public KannelOptions Kannel { get; set; } = new();
}

public sealed class KannelOptions
{
    public string SendSmsUrl { get; set; } = "http://127.0.0.1:13013/cgi-bin/sendsms";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    /// <summary>Sender id shown on the phone (alphanumeric up to 11 characters, or a number).</summary>
    public string From { get; set; } = "BIN";
    /// <summary>How Kannel reaches BinHub for delivery reports and inbound SMS.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
    /// <summary>Shared secret in the callback URLs Kannel calls; callbacks without it are refused.</summary>
    public string InboundSecret { get; set; } = "";

    public bool SecretMatches(string? candidate) =>
        !string.IsNullOrEmpty(InboundSecret) && candidate is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(InboundSecret));
}

/// <summary>
/// Kannel's sendsms HTTP API. Asks for the final delivery reports (1 delivered, 2 failed, 16 rejected: "accepted" and
/// "buffered" change nothing, and each report is a callback Kannel makes one at a time) on the URL it is given; texts
/// outside the GSM 7-bit alphabet go as UCS-2; long texts are concatenated by Kannel. Several numbers go space-separated
/// in one request. HTTP 202 = accepted; 503 = queue full (backpressure, retry later); other 4xx = refused for good.
/// </summary>
public sealed class KannelSmsSender(HttpClient http, KannelOptions options) : ISmsSender
{
    public int MaxRecipients => 100;

    public async Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct)
    {
        var query = new Dictionary<string, string>
        {
            ["username"] = options.Username, ["password"] = options.Password, ["from"] = options.From, ["to"] = string.Join(' ', toE164),
            ["text"] = text, ["charset"] = "UTF-8", ["coding"] = Gsm7.Fits(text) ? "0" : "2",
        };
        if (reportUrl is not null) (query["dlr-mask"], query["dlr-url"]) = ("19", reportUrl);
        var url = options.SendSmsUrl + "?" + string.Join('&', query.Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value)}"));
        HttpResponseMessage response;
        try { response = await http.GetAsync(url, ct); }
        catch (HttpRequestException e) { throw new SmsGatewayException($"gateway unreachable: {e.Message}", permanent: false); }
        var body = (await response.Content.ReadAsStringAsync(ct)).Trim();
        if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK) return "kannel";
        var transient = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
        throw new SmsGatewayException($"gateway answered {(int)response.StatusCode}: {body}", permanent: !transient);
    }
}

/// <summary>No gateway configured (development, demos): the message stays visible on the outbox page.</summary>
public sealed class DevOutboxSmsSender : ISmsSender
{
    public Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct) => Task.FromResult("dev-outbox");
}

/// <summary>The GSM 03.38 default alphabet (with its extension table): texts in it travel as 7-bit, 160 characters a part.</summary>
public static class Gsm7
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    public static bool Fits(string text) => text.All(c => Basic.Contains(c) || Extension.Contains(c));

    /// <summary>Septets the text takes in GSM 7-bit: extension characters (€, [, ] …) take two.</summary>
    public static int Septets(string text) => text.Sum(c => Extension.Contains(c) ? 2 : 1);
}
