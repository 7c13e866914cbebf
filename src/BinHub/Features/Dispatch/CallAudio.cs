using BinHub.Domain;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Dispatch;

/// <summary>
/// The audio a call plays, rendered once per message, language and kind and shared by every landline that gets it: the
/// message's text twice (a service message, e.g. a verification code, carries its own spoken text).
/// </summary>
public static class CallAudio
{
    public static async Task<string> RenderAsync(IVoiceSender voice, IStringLocalizer L, Delivery d, CancellationToken ct)
    {
        var text = d.Body ?? (d.Message is { } m ? m.Text(d.Language) ?? m.Text(m.LanguageFor(d.Language, d.Language)) ?? "" : "");
        var key = d.MessageId is { } id ? $"call-{id}-{d.Language}" : $"call-d{d.Id}";
        var rendered = await voice.RenderTelephonyAsync(key, $"{text} … {text}", d.Language, ct);
        return rendered.AudioPath ?? throw new InvalidOperationException("no audio renderer is configured (Voice:Provider)");
    }
}
