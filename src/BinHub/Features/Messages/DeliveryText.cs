using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BinHub.Features.Messages;

/// <summary>
/// The text a member gets of a message, on every channel (SMS, e-mail, web inbox and history, the voice call's script):
/// an exercise (<see cref="Message.IsExercise"/>, CAP status Test) starts with a mark in the text's own language
/// ("OEFENING:", "EXERCICE :", "ÜBUNG:", "EXERCISE:"), so nobody acts on a drill as on a real incident, whatever the sender
/// wrote. One place, so no channel can forget it; the composer's SMS count and the sender's warnings measure the same text.
/// </summary>
public static class DeliveryText
{
    // The dispatcher and the inbox have no request (and no localizer) at hand: the same resources, read as the app reads them.
    private static readonly IStringLocalizer Strings = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    public static string For(Message m, string lang) => Marked(m.TextFor(lang), lang, m.IsExercise);

    public static string Marked(string text, string lang, bool isExercise) => isExercise ? $"{Mark(lang)} {text}" : text;

    /// <summary>The exercise mark in one language (nl, fr, de, en).</summary>
    public static string Mark(string lang)
    {
        using var _ = new InLanguage(lang);
        return Strings["Message.ExerciseMark"].Value;
    }
}
