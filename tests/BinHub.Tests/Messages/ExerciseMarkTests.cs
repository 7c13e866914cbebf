using System.Collections.Concurrent;
using BinHub.Features.Messages;
using BinHub.Gateways.Email;
using BinHub.Gateways.Voice;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>An exercise reaches members marked as one, on every channel, in the language of the text they get.</summary>
public class ExerciseMarkTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private sealed class RecordingEmail : IEmailSender
    {
        public ConcurrentQueue<(string To, string Subject, string Body)> Sent { get; } = [];
        public Task<string> SendAsync(string to, string subject, string body, CancellationToken ct)
        {
            Sent.Enqueue((to, subject, body));
            return Task.FromResult("recording");
        }
    }

    private sealed class RecordingVoice : IVoiceSender
    {
        public ConcurrentQueue<(string Text, string Language)> Rendered { get; } = [];
        public Task<VoiceRendering> RenderAsync(long messageId, string text, string language, CancellationToken ct) => Record(text, language);
        public Task<VoiceRendering> RenderTelephonyAsync(string key, string text, string language, CancellationToken ct) => Record(text, language);
        private Task<VoiceRendering> Record(string text, string language)
        {
            Rendered.Enqueue((text, language));
            return Task.FromResult(new VoiceRendering("recording", null, TimeSpan.FromSeconds(3)));
        }
    }

    private static readonly Dictionary<string, string> Texts = new()
    {
        ["nl"] = "Inbraak bezig in de Kerkstraat.", ["fr"] = "Cambriolage en cours rue de l'Église.",
        ["de"] = "Einbruch in der Kirchstrasse.", ["en"] = "Burglary in progress in Kerkstraat.",
    };

    private async Task<(int BinId, string Token)> BinAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Sms | Channels.Voice | Channels.Email | Channels.Web));
        return (bin.Id, (await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone)).Token);
    }

    private async Task<long> AlarmAsync(string token, int binId, bool exercise)
    {
        var response = await app.ClientFor(token).PostAsJsonAsync("/api/v1/messages", new { kind = "Alarm", binIds = new[] { binId }, isExercise = exercise, texts = Texts });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exercise_starts_with_its_mark_in_the_members_language_by_sms_email_voice_and_web_and_a_real_alarm_does_not(bool exercise)
    {
        var (binId, token) = await BinAsync();
        var mobile = Mobile();
        var email = $"fr{Guid.NewGuid():N}@example.test";
        await app.HouseholdAsync(binId, "nl", urgent: Channels.Sms, phones: new Phone(mobile));
        await app.HouseholdAsync(binId, "fr", email: email, urgent: Channels.Email);
        await app.HouseholdAsync(binId, "de", urgent: Channels.Voice, phones: new Phone("+3293" + Random.Shared.Next(100000, 999999), Mobile: false));
        var web = await app.HouseholdAsync(binId, "en", account: true, urgent: Channels.Web);
        var id = await AlarmAsync(token, binId, exercise);
        var (sms, mail, voice) = (new RecordingSms(), new RecordingEmail(), new RecordingVoice());

        await app.DispatchAllAsync(sms, mail, voice);

        string Expected(string mark, string lang) => exercise ? $"{mark} {Texts[lang]}" : Texts[lang];
        Assert.Equal(Expected("OEFENING:", "nl"), sms.Handed.Single(h => h.To == mobile).Text);
        var (_, subject, body) = mail.Sent.Single(m => m.To == email);
        Assert.StartsWith(Expected("EXERCICE :", "fr"), body);
        Assert.Equal(exercise, subject.StartsWith("EXERCICE :", StringComparison.Ordinal));
        Assert.Equal(Expected("ÜBUNG:", "de"), voice.Rendered.Single(r => r.Language == "de").Text);
        await using var db = app.Db();
        var inbox = await WebInbox.RowsAsync(db.Deliveries.Where(d => d.MessageId == id && d.MemberId == web.Id && d.Channel == Channels.Web), default);
        Assert.Equal(Expected("EXERCISE:", "en"), Assert.Single(inbox).Item.Text);
    }

    [Fact]
    public async Task The_sms_length_the_sender_is_shown_counts_the_exercise_mark()
    {
        var (binId, token) = await BinAsync();
        // 155 GSM characters: one SMS on its own, two once "OEFENING: " goes in front.
        var text = new string('a', 155);
        async Task<JsonElement> PreviewAsync(bool exercise)
        {
            var response = await app.ClientFor(token).PostAsJsonAsync("/api/v1/messages/preview",
                new { kind = "Alarm", binIds = new[] { binId }, isExercise = exercise, texts = new Dictionary<string, string> { ["nl"] = text } });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sms").EnumerateArray()
                .Single(s => s.GetProperty("language").GetString() == "nl");
        }

        var drill = await PreviewAsync(exercise: true);
        var real = await PreviewAsync(exercise: false);

        Assert.Equal((155 + "OEFENING: ".Length, 2), (drill.GetProperty("length").GetInt32(), drill.GetProperty("segments").GetInt32()));
        Assert.Equal((155, 1), (real.GetProperty("length").GetInt32(), real.GetProperty("segments").GetInt32()));
    }
}
