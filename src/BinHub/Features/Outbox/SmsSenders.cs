using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace BinHub.Features.Outbox;

/// <summary>What a delivery report refers to: a service message of the outbox, or a delivery of a message to members.</summary>
public enum SmsRef { Outbox, Delivery }

/// <summary>The SMS edge. <paramref name="reference"/> comes back in delivery reports (an outbox or a delivery id).</summary>
public interface ISmsSender
{
    Task<string> SendAsync(string toE164, string text, long reference, CancellationToken ct, SmsRef kind = SmsRef.Outbox);
}

/// <summary>
/// A gateway that takes one text for many numbers in one request (Kannel: several recipients in <c>to</c>). Its delivery
/// reports name the message and the number, so each comes back to its own delivery.
/// </summary>
public interface ISmsBatchSender
{
    Task<string> SendManyAsync(IReadOnlyList<string> toE164, string text, long messageId, CancellationToken ct);
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
/// Kannel's sendsms HTTP API. Asks for delivery reports (all five for outbox messages, final ones for deliveries) on a URL carrying the shared secret and
/// the outbox id; texts outside the GSM 7-bit alphabet go as UCS-2; long texts are concatenated by Kannel.
/// HTTP 202 = accepted; 503 = queue full (backpressure, retry later); other 4xx = refused for good.
/// </summary>
public sealed class KannelSmsSender(HttpClient http, KannelOptions options) : ISmsSender, ISmsBatchSender
{
    public Task<string> SendAsync(string toE164, string text, long reference, CancellationToken ct, SmsRef kind = SmsRef.Outbox)
    {
        var path = kind == SmsRef.Delivery ? "/delivery" : "";
        var dlr = $"{options.PublicBaseUrl.TrimEnd('/')}/api/v1/sms/dlr/{Uri.EscapeDataString(options.InboundSecret)}{path}?ref={reference}&type=%d";
        return SendAsync(toE164, text, dlr, ct, kind == SmsRef.Delivery ? DeliveryMask : "31");
    }

    /// <summary>One request for all the numbers (space-separated); Kannel fills in %p, the number, in each delivery report.</summary>
    public Task<string> SendManyAsync(IReadOnlyList<string> toE164, string text, long messageId, CancellationToken ct)
    {
        var dlr = $"{options.PublicBaseUrl.TrimEnd('/')}/api/v1/sms/dlr/{Uri.EscapeDataString(options.InboundSecret)}/delivery?message={messageId}&to=%p&type=%d";
        return SendAsync(string.Join(' ', toE164), text, dlr, ct, DeliveryMask);
    }

    /// <summary>
    /// Deliveries ask only for final reports (1 delivered, 2 failed, 16 rejected): "accepted" and "buffered" change nothing
    /// for them, and each report is a callback Kannel makes one at a time. Outbox messages (codes) keep all five (31).
    /// </summary>
    private const string DeliveryMask = "19";

    private async Task<string> SendAsync(string to, string text, string dlr, CancellationToken ct, string mask)
    {
        var toE164 = to;
        var query = new Dictionary<string, string>
        {
            ["username"] = options.Username, ["password"] = options.Password, ["from"] = options.From, ["to"] = toE164,
            ["text"] = text, ["charset"] = "UTF-8", ["coding"] = Gsm7.Fits(text) ? "0" : "2",
            ["dlr-mask"] = mask, ["dlr-url"] = dlr,
        };
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
    public Task<string> SendAsync(string toE164, string text, long reference, CancellationToken ct, SmsRef kind = SmsRef.Outbox) => Task.FromResult("dev-outbox");
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
