using BinHub.Gateways.Voice;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BinHub.Tests.Voice;

public class CallScriptTests
{
    /// <summary>The application's own resources, as the app resolves them.</summary>
    public static readonly IStringLocalizer L = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(SharedResource));

    [Theory]
    [InlineData("nl", "Dit is een bericht van uw buurtinformatienetwerk", "Ik herhaal", "Druk op 1 om te bevestigen, op 2 om het opnieuw te horen.")]
    [InlineData("fr", "Ceci est un message de votre partenariat local de prévention", "Je répète", "Appuyez sur 1 pour confirmer, sur 2 pour l'entendre à nouveau.")]
    [InlineData("de", "Dies ist eine Nachricht Ihres Bürgerinformationsnetzwerks", "Ich wiederhole", "Drücken Sie die 1 zum Bestätigen")]
    [InlineData("en", "This is a message from your neighbourhood information network", "I repeat", "Press 1 to confirm, or 2 to hear the message again.")]
    public void An_alarm_call_is_the_introduction_the_message_twice_and_the_prompt_in_the_members_language(string lang, string intro, string repeat, string prompt)
    {
        var script = CallScript.ForMessage(42, CallKind.Alarm, "Inbraak om 14u05, wagen 1-ABC-234.", lang, L);
        Assert.Equal($"alarm-42-{lang}", script.Key);
        Assert.Equal(5, script.Parts.Count);
        Assert.Contains(intro, script.Parts[0].Text);
        Assert.Contains(lang == "en" ? "1, Eh B C, 2 3 4" : "1, A B C, 2 3 4", script.Parts[1].Text);
        Assert.Equal(script.Parts[1].Text, script.Parts[3].Text);
        Assert.Contains(repeat, script.Parts[2].Text);
        Assert.Contains(prompt, script.Parts[4].Text);
        Assert.True(script.Parts[1].PauseAfter >= TimeSpan.FromSeconds(1), "a short pause between the two readings");
    }

    [Fact]
    public void A_feedback_call_says_it_follows_up_an_alarm()
    {
        var nl = CallScript.ForMessage(7, CallKind.Feedback, "De daders zijn opgepakt.", "nl", L);
        Assert.Equal("feedback-7-nl", nl.Key);
        Assert.Contains("opvolging", nl.Parts[0].Text);
        Assert.Contains("suivi", CallScript.ForMessage(7, CallKind.Feedback, "Les auteurs ont été arrêtés.", "fr", L).Parts[0].Text);
        Assert.Equal(CallKind.Feedback, CallScript.KindOf(MessageKind.Feedback));
        Assert.Equal(CallKind.Information, CallScript.KindOf(MessageKind.Prevention));
    }

    [Theory]
    [InlineData("nl", "Dit is BinHub", "Druk op 1 om bin-alarmen op dit nummer te ontvangen.", "4, 8, 1, 5, 2, 6")]
    [InlineData("fr", "Ici BinHub", "Appuyez sur 1 pour recevoir les alertes du P L P à ce numéro.", "4, 8, 1, 5, 2, 6")]
    [InlineData("de", "Hier ist BinHub", "Drücken Sie die 1, um bin-Alarme auf dieser Nummer zu erhalten.", "4, 8, 1, 5, 2, 6")]
    [InlineData("en", "This is BinHub", "Press 1 to receive bin alarms on this number.", "4, 8, 1, 5, 2, 6")]
    public void A_verification_call_asks_for_1_and_reads_the_code_digit_by_digit(string lang, string intro, string prompt, string code)
    {
        var script = CallScript.ForVerification("delivery-99", "481526", lang, L);
        Assert.Equal($"verify-delivery-99-{lang}", script.Key);
        Assert.Contains(intro, script.Parts[0].Text);
        Assert.Equal(prompt, script.Parts[1].Text);
        var codePart = script.Parts[2].Text;
        Assert.Equal(2, codePart.Split(code).Length - 1); // the code, twice
        Assert.Equal(prompt, script.Parts[^1].Text); // the call ends on what to do
    }

    [Theory]
    [InlineData("nl", "Dank u")]
    [InlineData("fr", "Merci")]
    [InlineData("de", "Vielen Dank")]
    [InlineData("en", "Thank you")]
    public void The_thank_you_after_a_confirmation_is_a_separate_clip_per_language(string lang, string thanks)
    {
        var message = CallScript.ThankYou(CallKind.Alarm, lang, L);
        var verify = CallScript.ThankYou(CallKind.Verification, lang, L);
        Assert.Equal($"thanks-message-{lang}", message.Key);
        Assert.Equal($"thanks-verify-{lang}", verify.Key);
        Assert.StartsWith(thanks, message.Parts.Single().Text);
        Assert.StartsWith(thanks, verify.Parts.Single().Text);
        Assert.NotEqual(message.Text, verify.Text);
    }

    [Fact]
    public void Each_language_has_its_espeak_voice()
    {
        Assert.Equal("nl", CallScript.ForMessage(1, CallKind.Alarm, "x", "nl", L).Voice);
        Assert.Equal("fr-be", CallScript.ForMessage(1, CallKind.Alarm, "x", "fr", L).Voice);
        Assert.Equal("de", CallScript.ForMessage(1, CallKind.Alarm, "x", "de", L).Voice);
        Assert.Equal("en", CallScript.ForMessage(1, CallKind.Alarm, "x", "en", L).Voice);
    }

    [Fact]
    public void Another_text_under_the_same_key_has_another_fingerprint()
    {
        var a = CallScript.ForMessage(1, CallKind.Alarm, "Inbraak in de Kerkstraat.", "nl", L);
        var b = CallScript.ForMessage(1, CallKind.Alarm, "Inbraak in de Dorpsstraat.", "nl", L);
        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Fingerprint(""), b.Fingerprint(""));
        Assert.Equal(a.Fingerprint(""), CallScript.ForMessage(1, CallKind.Alarm, "Inbraak in de Kerkstraat.", "nl", L).Fingerprint(""));
    }
}
