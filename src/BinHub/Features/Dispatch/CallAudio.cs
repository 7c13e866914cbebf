using BinHub.Domain;
using BinHub.Features.Messages;
using BinHub.Gateways.Voice;
using Microsoft.Extensions.Localization;

namespace BinHub.Features.Dispatch;

/// <summary>
/// The audio a call plays (<see cref="CallScript"/>): for a message, an introduction, the message twice and "press 1 to
/// confirm, 2 to hear it again", rendered once per message, kind and language and shared by every landline that gets it;
/// for a landline verification, "press 1 to receive BIN alarms on this number" and the code read twice; after a 1, the
/// thank-you clip.
/// </summary>
public static class CallPlan
{
    public static async Task<string> RenderAsync(ICallAudio audio, IStringLocalizer L, Delivery d, CancellationToken ct)
    {
        var script = d.Message is { } m
            ? CallScript.ForMessage(m.Id, CallScript.KindOf(m.Kind), DeliveryText.For(m, d.Language), d.Language, L)
            : d.Kind == "CodeVerifyPhone" && d.Subject is { Length: > 0 } code
                ? CallScript.ForVerification(d.Id.ToString(), code, d.Language, L)
                : throw new InvalidOperationException($"no call script for a {d.Kind} row");
        var rendered = await audio.RenderAsync(script, ct);
        return rendered.AudioPath ?? throw new InvalidOperationException("no audio renderer is configured (espeak-ng not installed)");
    }

    /// <summary>
    /// The short clip after a 1 ("thank you, your confirmation is noted"), shared by every call of that kind and language;
    /// null when it cannot be rendered — the call is still placed and simply hangs up after the 1.
    /// </summary>
    public static async Task<string?> ThanksAsync(ICallAudio audio, IStringLocalizer L, Delivery d, ILogger log, CancellationToken ct)
    {
        var kind = d.Message is { } m ? CallScript.KindOf(m.Kind) : CallKind.Verification;
        try { return (await audio.RenderAsync(CallScript.ThankYou(kind, d.Language, L), ct)).AudioPath; }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("No thank-you clip in {Language}: {Reason}", d.Language, e.Message);
            return null;
        }
    }
}
