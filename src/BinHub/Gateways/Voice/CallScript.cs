using System.Security.Cryptography;
using System.Text;
using BinHub.Domain;
using BinHub.Infrastructure;
using Microsoft.Extensions.Localization;

namespace BinHub.Gateways.Voice;

/// <summary>What a call is about: a police alarm, its feedback, another BIN message, or the check of a landline.</summary>
public enum CallKind { Alarm, Feedback, Information, Verification }

/// <summary>One spoken sentence or text of a call, and the silence after it.</summary>
public sealed record CallPart(string Text, TimeSpan PauseAfter);

/// <summary>
/// Everything a landline member hears in one call, in the member's language, ready for espeak-ng: every text has been
/// through <see cref="SpeechText.Prepare"/>. <see cref="Key"/> names the rendering (kind, id, language): all members who
/// get the same message in the same language share one audio file.
/// <para>A message call: introduction, the message, "I repeat", the message again, the prompt (press 1 to confirm,
/// 2 to hear it again). A verification call: introduction, "press 1 to receive BIN alarms on this number", the code
/// digit by digit twice (for members who key it on the web page instead), the prompt again. After a 1, the call plays
/// the separate <see cref="ThankYou"/> clip.</para>
/// </summary>
public sealed record CallScript(string Key, CallKind Kind, string Language, IReadOnlyList<CallPart> Parts)
{
    /// <summary>Silence before the first word: the first syllable is not lost while the line settles after answering.</summary>
    public TimeSpan LeadIn { get; init; } = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan AfterIntro = TimeSpan.FromMilliseconds(700);
    public static readonly TimeSpan BetweenReadings = TimeSpan.FromMilliseconds(1200);
    public static readonly TimeSpan AfterRepeat = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan BeforePrompt = TimeSpan.FromMilliseconds(1000);
    public static readonly TimeSpan AfterPrompt = TimeSpan.FromMilliseconds(500);

    /// <summary>The espeak-ng voice for the language: Belgian French, standard Dutch, German and English.</summary>
    public string Voice => EspeakVoiceSender.Voice(Language);

    /// <summary>The whole call as one text (for logs and the outbox record).</summary>
    public string Text => string.Join(" ", Parts.Select(p => p.Text));

    public static CallKind KindOf(MessageKind kind) => kind switch
    {
        MessageKind.Alarm => CallKind.Alarm,
        MessageKind.Feedback => CallKind.Feedback,
        _ => CallKind.Information,
    };

    /// <summary>The call for a message: introduction, the message twice, the prompt.</summary>
    public static CallScript ForMessage(long messageId, CallKind kind, string text, string language, IStringLocalizer L)
    {
        if (kind == CallKind.Verification) throw new ArgumentException("A verification call has its own script: use ForVerification.", nameof(kind));
        var lang = LanguageOf(language);
        string intro, repeat, prompt;
        using (new InLanguage(lang))
        {
            intro = L[$"Call.Intro.{kind}"];
            repeat = L["Call.Repeat"];
            prompt = L["Call.Prompt"];
        }
        var message = SpeechText.Prepare(text, lang);
        return new CallScript($"{kind.ToString().ToLowerInvariant()}-{messageId}-{lang}", kind, lang,
        [
            new(SpeechText.Prepare(intro, lang), AfterIntro),
            new(message, BetweenReadings),
            new(SpeechText.Prepare(repeat, lang), AfterRepeat),
            new(message, BeforePrompt),
            new(SpeechText.Prepare(prompt, lang), AfterPrompt),
        ]);
    }

    /// <summary>
    /// The call that checks a landline: press 1 to receive BIN alarms here, or key the code (read digit by digit, twice)
    /// on the web page. <paramref name="reference"/> names the rendering (e.g. the delivery id): a code is never shared.
    /// </summary>
    public static CallScript ForVerification(string reference, string code, string language, IStringLocalizer L)
    {
        var lang = LanguageOf(language);
        string intro, prompt, codeText;
        using (new InLanguage(lang))
        {
            intro = L["Call.Verify.Intro"];
            prompt = L["Call.Verify.Prompt"];
            codeText = L["Call.Verify.Code", SpeechText.Spell([.. code.Where(char.IsLetterOrDigit).Select(c => c.ToString())])];
        }
        var spokenPrompt = SpeechText.Prepare(prompt, lang);
        return new CallScript($"verify-{Safe(reference)}-{lang}", CallKind.Verification, lang,
        [
            new(SpeechText.Prepare(intro, lang), AfterIntro),
            new(spokenPrompt, BetweenReadings),
            new(SpeechText.Prepare(codeText, lang), BeforePrompt),
            new(spokenPrompt, AfterPrompt),
        ]);
    }

    /// <summary>The short clip played after the member pressed 1: one per kind and language, shared by every call.</summary>
    public static CallScript ThankYou(CallKind kind, string language, IStringLocalizer L)
    {
        var lang = LanguageOf(language);
        string thanks;
        using (new InLanguage(lang)) thanks = kind == CallKind.Verification ? L["Call.Verify.Thanks"] : L["Call.Thanks"];
        return new CallScript($"thanks-{(kind == CallKind.Verification ? "verify" : "message")}-{lang}", kind, lang,
            [new(SpeechText.Prepare(thanks, lang), AfterPrompt)]) { LeadIn = TimeSpan.FromMilliseconds(200) };
    }

    /// <summary>
    /// A short fingerprint of what is said and how: the same key with other words (a corrected text, new translations,
    /// another voice or rate) is another file, never a stale one.
    /// </summary>
    public string Fingerprint(string renderSettings)
    {
        var sb = new StringBuilder(renderSettings).Append('|').Append(Voice).Append('|').Append(LeadIn.TotalMilliseconds);
        foreach (var p in Parts) sb.Append('|').Append(p.Text).Append('|').Append(p.PauseAfter.TotalMilliseconds);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
    }

    private static string LanguageOf(string language) => Languages.IsValid(language) ? language : "nl";

    private static string Safe(string s) => new([.. s.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')]);
}
