using System.Net;
using System.Net.Mail;

namespace BinHub.Gateways.Email;

/// <summary>The e-mail edge. Returns where the message went ("smtp", "dev-outbox").</summary>
public interface IEmailSender
{
    Task<string> SendAsync(string to, string subject, string body, CancellationToken ct);
}

public sealed class SmtpOptions
{
    /// <summary>Email:Smtp:Host, Port, EnableSsl, User, Password; the sender is Email:From.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool EnableSsl { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "BinHub <no-reply@binhub.invalid>";
}

/// <summary>Sends through the configured SMTP server (Smtp:Host, Port, EnableSsl, User, Password, From).</summary>
public sealed class SmtpEmailSender(SmtpOptions options) : IEmailSender
{
    public async Task<string> SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        using var client = new SmtpClient(options.Host, options.Port) { EnableSsl = options.EnableSsl };
        if (!string.IsNullOrEmpty(options.User)) client.Credentials = new NetworkCredential(options.User, options.Password);
        using var message = new MailMessage { From = new MailAddress(options.From), Subject = subject, Body = body, BodyEncoding = System.Text.Encoding.UTF8, SubjectEncoding = System.Text.Encoding.UTF8 };
        message.To.Add(to);
        // Plain text first (what every reader shows), an HTML alternative with clickable links for mail apps that prefer it.
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(Html(body), System.Text.Encoding.UTF8, "text/html"));
        await client.SendMailAsync(message, ct);
        return "smtp";
    }

    /// <summary>The same text as simple, accessible HTML: paragraphs, line breaks and links; everything else encoded.</summary>
    public static string Html(string text)
    {
        var paragraphs = text.Replace("\r\n", "\n").Split("\n\n").Select(p =>
        {
            var encoded = WebUtility.HtmlEncode(p).Replace("\n", "<br>");
            encoded = System.Text.RegularExpressions.Regex.Replace(encoded, @"https?://[^\s<]+", m => $"<a href=\"{m.Value}\">{m.Value}</a>");
            return $"<p>{encoded}</p>";
        });
        return $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{string.Concat(paragraphs)}</body></html>";
    }
}

/// <summary>
/// With no SMTP server configured (development, demos) messages stay in the outbox table, marked as
/// delivered to the dev outbox, where the Outbox page shows exactly what would have been sent.
/// </summary>
public sealed class DevOutboxEmailSender : IEmailSender
{
    public Task<string> SendAsync(string to, string subject, string body, CancellationToken ct) => Task.FromResult("dev-outbox");
}
