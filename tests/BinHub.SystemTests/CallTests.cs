using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Xunit.Abstractions;

namespace BinHub.SystemTests;

/// <summary>
/// Issue 13 end to end: BinHub as its own process on PostgreSQL, its call engine real baresip processes, five landline
/// households whose phones are baresip too (tools/voice/start.sh, ports 17000–17999), Kannel with fakesmsc for the fall-back.
/// Three press 1 after hearing the message, one listens and never presses, one never answers and has a mobile.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class CallTests(SystemFixture fixture, ITestOutputHelper output)
{
    private const int PortBase = 17000;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private const int MaxAttempts = 3;

    // Short: each call reads it twice, and the silent household hears it in three calls.
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["nl"] = "Inbraak bezig in de Kerkstraat. Bel 112.",
        ["fr"] = "Cambriolage en cours rue de l'Église. Appelez le 112.",
        ["de"] = "Einbruch in der Kirchstraße. Rufen Sie 112 an.",
        ["en"] = "Burglary in progress in Church Street. Call 112.",
    };

    [Fact]
    public async Task An_alarm_to_five_landlines_is_confirmed_by_three_heard_three_times_by_one_and_falls_back_to_sms_for_the_one_who_never_answers()
    {
        await using var rig = await VoiceRig.StartAsync(PortBase, 4, "answer-press1", "answer-press1", "answer-press1", "answer-silent", "no-answer");
        var languages = new[] { "nl", "fr", "de", "en", "nl" };
        var mobile = $"+32470{Random.Shared.Next(1000000, 9999999)}";
        var (cs, seeded) = await fixture.FreshAsync("calls", 0);
        var binId = await LandlineBinAsync(cs, rig, languages, mobile);
        var audio = Path.Combine(fixture.RunDir, "voice");
        var settings = Voice(rig, audio, "calls");
        await using var app = BinHubProcess.Start("postgres", cs, fixture.RunDir, settings, "calls");
        await app.WaitHealthyAsync();
        // The phones that confirm press 1 just after the message BinHub rendered in their language (rendered before dialling).
        for (var k = 0; k < 3; k++)
        {
            var language = languages[k];
            rig.Phones[k].PressWhen = () => VoiceRig.Length(Rendered(audio, language)) + TimeSpan.FromMilliseconds(300);
        }
        var marker = $"CALL{Random.Shared.Next(1000, 9999)}";
        fixture.Tail.For(marker);

        var messageId = await SendAsync(app, seeded.Token, binId, marker);
        var alarm = new Alarm(fixture, cs, seeded);
        await alarm.Until(async () => (await RowsAsync(cs, messageId)).Count(r => r.Channel == (int)Channels.Voice && r.Final) == 5
                                      && fixture.Tail.Snapshot(marker).Distinct == 1, TimeSpan.FromMinutes(5),
            "all five calls final and the fall-back SMS at fakesmsc");

        var rows = await RowsAsync(cs, messageId);
        foreach (var r in rows) output.WriteLine($"{r.Recipient} {(Channels)r.Channel} state {(DeliveryState)r.State} call {(CallState?)r.Call} attempts {r.Attempts} {r.Error}");
        var calls = rows.Where(r => r.Channel == (int)Channels.Voice).ToDictionary(r => r.Recipient);
        for (var k = 0; k < 3; k++)
        {
            var row = calls[rig.Phones[k].Number];
            Assert.Equal((DeliveryState.Delivered, CallState.Confirmed, 1), ((DeliveryState)row.State, (CallState?)row.Call, row.Attempts));
            Assert.True(row.Confirmed, "confirmed at is set");
            Assert.Single(rig.Phones[k].Events, e => e.Event.Type == "CALL_ESTABLISHED"); // never called again
        }
        var silent = calls[rig.Phones[3].Number];
        Assert.Equal((DeliveryState.Sent, CallState.AnsweredNotConfirmed, MaxAttempts), ((DeliveryState)silent.State, (CallState?)silent.Call, silent.Attempts));
        Assert.Equal(MaxAttempts, rig.Phones[3].Events.Count(e => e.Event.Type == "CALL_ESTABLISHED"));
        Assert.False(silent.Confirmed);
        var unanswered = calls[rig.Phones[4].Number];
        Assert.Equal((DeliveryState.Failed, CallState.NoAnswer, MaxAttempts), ((DeliveryState)unanswered.State, (CallState?)unanswered.Call, unanswered.Attempts));
        Assert.Equal(MaxAttempts, rig.Phones[4].Events.Count(e => e.Event.Type == "CALL_INCOMING"));
        Assert.Empty(rig.Phones[4].Recordings());
        var sms = Assert.Single(rows, r => r.Channel == (int)Channels.Sms);
        Assert.Equal((mobile, unanswered.Id), (sms.Recipient, sms.FailoverOf));
        Assert.Equal(1, fixture.Tail.Snapshot(marker).Distinct); // the mobile got the alarm by SMS

        // What the phones heard: the message in the household's language, all of it.
        var rendered = Texts.Keys.ToDictionary(l => l, l => Heard.Envelope(Rendered(audio, l)));
        for (var k = 0; k < 4; k++)
        {
            var recordings = rig.Phones[k].Recordings();
            Assert.Equal(k < 3 ? 1 : MaxAttempts, recordings.Count);
            foreach (var recording in recordings)
                HeardAllOfIt(recording, languages[k], rendered, $"phone {k} ({rig.Phones[k].Behaviour}, {languages[k]})");
        }
    }

    [Fact]
    public async Task Calls_cut_off_by_a_crash_of_BinHub_are_placed_again_after_the_restart_and_confirmed_only_by_a_new_1()
    {
        await using var rig = await VoiceRig.StartAsync(PortBase, 2, "answer-press1", "answer-press1");
        var languages = new[] { "nl", "fr" };
        var (cs, seeded) = await fixture.FreshAsync("calls_crash", 0);
        var binId = await LandlineBinAsync(cs, rig, languages, mobile: null);
        var audio = Path.Combine(fixture.RunDir, "voice-crash");
        // Same instance id after the restart (as a supervisor does): it takes its own calls back at once.
        await using var app = BinHubProcess.Start("postgres", cs, fixture.RunDir, Voice(rig, audio, "calls-crash"), "calls-crash");
        await app.WaitHealthyAsync();
        for (var k = 0; k < 2; k++)
        {
            var language = languages[k];
            rig.Phones[k].PressWhen = () => VoiceRig.Length(Rendered(audio, language)) + TimeSpan.FromMilliseconds(300);
        }
        var messageId = await SendAsync(app, seeded.Token, binId, $"CRASH{Random.Shared.Next(1000, 9999)}", households: 2);
        var alarm = new Alarm(fixture, cs, seeded);
        await alarm.Until(async () => (await RowsAsync(cs, messageId)).Count(r => (CallState?)r.Call == CallState.Answered) == 2, TimeSpan.FromMinutes(1),
            "both calls answered");

        await app.KillAsync(); // the members are listening; the 1 they press now reaches nobody
        var killedAt = DateTimeOffset.UtcNow;
        var atKill = await RowsAsync(cs, messageId);
        await app.RestartAsync();
        await alarm.Until(async () => (await RowsAsync(cs, messageId)).All(r => r.Final), TimeSpan.FromMinutes(2), "both calls final after the restart");

        var rows = await RowsAsync(cs, messageId);
        foreach (var r in rows) output.WriteLine($"{r.Recipient} state {(DeliveryState)r.State} call {(CallState?)r.Call} attempts {r.Attempts} {r.Error}");
        Assert.All(atKill, r => Assert.False(r.Confirmed));
        Assert.All(rows, r => Assert.Equal((DeliveryState.Delivered, CallState.Confirmed, 2), ((DeliveryState)r.State, (CallState?)r.Call, r.Attempts)));
        for (var k = 0; k < 2; k++)
        {
            var answers = rig.Phones[k].Events.Where(e => e.Event.Type == "CALL_ESTABLISHED").Select(e => e.At).ToList();
            Assert.Equal(2, answers.Count); // called again: the first call's outcome was lost with the process
            Assert.True(answers[1] > killedAt, "the second call came after the restart");
        }
    }

    private void HeardAllOfIt(string recording, string language, Dictionary<string, double[]> rendered, string who)
    {
        var heard = Heard.Envelope(recording);
        var match = rendered.ToDictionary(kv => kv.Key, kv => Heard.Align(heard, kv.Value));
        var own = match[language];
        var expected = Heard.LoudSeconds(rendered[language]);
        var actual = Heard.LoudSeconds(heard, own.Shift, rendered[language].Length);
        output.WriteLine($"{who}: correlation {string.Join(", ", match.Select(m => $"{m.Key} {m.Value.Correlation:0.00}"))}; " +
                         $"heard {actual:0.00} s of {expected:0.00} s rendered; recording {VoiceRig.Length(recording).TotalSeconds:0.00} s");
        Assert.True(match.All(m => m.Key == language || m.Value.Correlation < own.Correlation - 0.1),
            $"{who}: the recording should match the {language} rendering best");
        Assert.True(own.Correlation > 0.7, $"{who}: correlation with its rendering {own.Correlation:0.00}");
        Assert.InRange(actual, expected * 0.85, expected * 1.15);
    }

    /// <summary>The alarm's call audio BinHub rendered for <paramref name="language"/> (one file per message and language).</summary>
    private static string Rendered(string audioDirectory, string language)
    {
        var files = Directory.Exists(Path.Combine(audioDirectory, "calls"))
            ? Directory.GetFiles(Path.Combine(audioDirectory, "calls"), $"alarm-*-{language}-*.wav") : [];
        return files.Length == 1 ? files[0] : throw new InvalidOperationException($"expected one {language} rendering, found {files.Length}");
    }

    private static Dictionary<string, string> Voice(VoiceRig rig, string audio, string instance)
    {
        var s = Alarm.Settings(instance);
        foreach (var (key, value) in rig.Settings("__")) s[key] = value;
        s["Voice__Provider"] = "Espeak";
        s["Voice__AudioDirectory"] = audio;
        s["Voice__ReconnectMax"] = "00:00:01";
        s["Voice__RetryAfter"] = RetryAfter.ToString();
        s["Voice__MaxAttempts"] = MaxAttempts.ToString();
        s["Voice__RingTimeout"] = "00:00:08";
        return s;
    }

    /// <summary>A BIN whose alarm plan is call first, SMS as fall-back; one household per phone, the last with a mobile too (if given).</summary>
    private static async Task<int> LandlineBinAsync(string cs, VoiceRig rig, string[] languages, string? mobile)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = Seeder.Open("postgres", cs);
        var bin = new Bin
        {
            Name = "BIN Vaste lijn", Type = BinType.Bin, MunicipalityNis = "99901", PoliceZoneNumber = Seeder.Zone, Status = BinStatus.Active,
            CreatedAt = now, UpdatedAt = now, RegistrationNumber = $"BIN-{Seeder.Zone}-L0001", EnteredHouseholds = 5, AreaStreets = "Kerkstraat",
            UrgentChannels = Channels.Voice | Channels.Sms, NonUrgentChannels = Channels.Voice, QuietFrom = null, QuietUntil = null,
        };
        bin.StatusChanges.Add(new BinStatusChange { To = BinStatus.Active, Reason = "system test", At = now });
        db.Bins.Add(bin);
        await db.SaveChangesAsync();
        for (var k = 0; k < rig.Phones.Count; k++)
        {
            var phones = new List<MemberPhone> { new() { Number = rig.Phones[k].Number, IsMobile = false, Verified = true, VerifiedAt = now } };
            if (k == rig.Phones.Count - 1 && mobile is not null) phones.Add(new() { Number = mobile, IsMobile = true, Verified = true, VerifiedAt = now });
            db.Members.Add(new Member
            {
                BinId = bin.Id, Name = $"Household {k}", Street = "Kerkstraat", HouseNumber = (k + 1).ToString(), Language = languages[k],
                State = MemberState.Active, ConsentVersion = "2024-1", ConsentAt = now, CreatedAt = now, UpdatedAt = now,
                UrgentChannels = Channels.Voice, FeedbackChannels = Channels.Voice, Phones = phones,
            });
        }
        await db.SaveChangesAsync();
        return bin.Id;
    }

    private static async Task<long> SendAsync(BinHubProcess app, string token, int binId, string marker, int households = 5)
    {
        using var api = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new { kind = "Alarm", binIds = new[] { binId }, texts = Texts.ToDictionary(kv => kv.Key, kv => $"{kv.Value} {marker}") }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /api/v1/messages answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        Assert.Equal(households, json.RootElement.GetProperty("members").GetInt32());
        return json.RootElement.GetProperty("messageId").GetInt64();
    }

    private sealed record Row(long Id, string Recipient, int Channel, int State, int? Call, int Attempts, bool Confirmed, long? FailoverOf, string? Error)
    {
        public bool Final => (DeliveryState)State is not (DeliveryState.Planned or DeliveryState.Sending);
    }

    private static async Task<List<Row>> RowsAsync(string cs, long messageId)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT "Id", "Recipient", "Channel", "State", "Call", "Attempts", "ConfirmedAt" IS NOT NULL, "FailoverOfId", "LastError"
            FROM "Deliveries" WHERE "MessageId" = @m ORDER BY "Id"
            """, c);
        cmd.Parameters.AddWithValue("m", messageId);
        var rows = new List<Row>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(new Row(r.GetInt64(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.GetInt32(5), r.GetBoolean(6),
                r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8)));
        return rows;
    }
}
