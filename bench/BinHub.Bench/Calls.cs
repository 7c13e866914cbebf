using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using BinHub.Domain;
using BinHub.Testing;
using Microsoft.EntityFrameworkCore;

namespace BinHub.Bench;

/// <summary>
/// Issue 13: an alarm to N households with a landline, through BinHub's call engine (one baresip per channel) to real
/// baresip member phones that answer and press 1. Measured at the phones (when each call came, was answered, heard the
/// message, ended) and in the database (each row's state). See bench/README.md, "calls".
/// </summary>
internal static class Calls
{
    public const string Usage = """
        usage: BinHub.Bench calls [--calls N] [--channels C] [--provider sqlite|postgres] [options]
               BinHub.Bench calls --smoke --provider sqlite|postgres   (N=20, C=4; exit 1 unless lost=0)
          --calls N            households with a verified landline, one call each (default 200, smoke 20)
          --channels C         call channels = baresip engines (Voice:Channels; default 8, smoke 4; at most 16)
          --phones P           member phones the numbers are spread over, number i → phone i mod P (default min(40, N); ≥ 2C)
          --press-after S      seconds after answering that a phone presses 1 (default 2)
          --retry-after S      Voice:RetryAfter for calls not confirmed (default 10)
          --port-base B        the rig's ports B..B+999 (tools/voice/start.sh PORT_BASE; default 17000)
          --pg "conn"          PostgreSQL server to create the bench database in (default BINHUB_BENCH_PG or
                               Host=127.0.0.1;Port=55433;Username=postgres;Database=postgres)
          --timeout S          give up after S seconds of calling (default max(120, 3 N/C (press-after + 1) + 60))
          --strict             exit 1 also when a target is missed (default: only when lost > 0, a phone was in two calls, or timeout)
        """;

    private static void Say(string s) => BenchHost.Say(s);

    public static async Task<int> RunAsync(CallsOptions o)
    {
        var repo = BenchHost.RepoRoot();
        var stamp = BenchHost.Stamp();
        var runDir = Path.Combine(repo, "bench", ".runs", $"{stamp}-calls-{o.Provider}-{o.Calls}");
        Directory.CreateDirectory(runDir);
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancel.Cancel(); });
        VoiceRig? rig = null;
        BinHubProcess? binhub = null;
        try
        {
            Say($"preparing a fresh {o.Provider} database: {o.Calls} households with a landline…");
            var cs = await Seeder.FreshDatabaseAsync(o.Provider, o.PgBase, runDir, $"binhub_bench_calls_{o.Calls}");
            var seeded = await Seeder.SeedCallsAsync(o.Provider, cs, o.Calls);
            Say($"seeded {o.Calls} households in {seeded.Bins.Count} BIN(s) in {seeded.Took.TotalSeconds:0.0} s");

            Say($"starting the call engine ({o.Channels} channels) and {o.Phones} member phones on ports {o.PortBase}…");
            rig = await VoiceRig.StartAsync(o.PortBase, o.Channels, Enumerable.Repeat("answer-press1", o.Phones).ToArray());
            foreach (var phone in rig.Phones) phone.PressAfter = TimeSpan.FromSeconds(o.PressAfter);
            var settings = Settings(o, rig, seeded.Numbers);
            binhub = BinHubProcess.Start(o.Provider, cs, runDir, settings);
            await binhub.WaitHealthyAsync(cancel.Token);
            Say($"BinHub up on {binhub.BaseUrl} (pid {binhub.Process.Id})");
            using var api = binhub.Client();
            await PreviewAsync(api, seeded, cancel.Token); // a BinHub in service has answered requests before

            var result = await RunAlarmAsync(o, seeded, rig, api, binhub, cs, cancel.Token);
            result = result with
            {
                Seeding = seeded.Took.TotalSeconds, Commit = BenchHost.Git(repo, "rev-parse", "--short", "HEAD"), Date = DateTime.UtcNow.ToString("O"),
                Settings = settings.Where(kv => !kv.Key.StartsWith("Voice__Dial__", StringComparison.Ordinal)).ToDictionary(),
            };
            result.Print();
            var dir = Environment.GetEnvironmentVariable("BINHUB_BENCH_RESULTS") is { Length: > 0 } r ? r : Path.Combine(repo, "bench", "results");
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, $"calls-{o.Provider}-{o.Calls}x{o.Channels}-{stamp}.json");
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, new JsonSerializerOptions
            {
                WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // NaN: nothing to measure
            }) + "\n");
            Say($"written {Path.GetRelativePath(repo, file)}");
            Console.WriteLine(result.Line);
            if (result.Lost != 0 || result.TimedOut || result.Overlaps != 0) return 1;
            return o.Strict && !result.TargetsMet ? 1 : 0;
        }
        catch (OperationCanceledException)
        {
            Say("cancelled");
            return 130;
        }
        finally
        {
            if (binhub is not null) await binhub.DisposeAsync();
            if (rig is not null)
            {
                await rig.DisposeAsync();
                Say("stopped the call engine and the phones");
            }
        }
    }

    /// <summary>
    /// What BinHub is told (env form): the rig's engines (<c>Voice:Calls</c>, <c>Channels</c>, <c>ControlPort</c>, caller id,
    /// a short <c>CallAudioDirectory</c>), every member's landline mapped to a phone (<c>Voice:Dial:&lt;number&gt;</c>), a short
    /// <c>Voice:RetryAfter</c>; SMS to the dev outbox (no Kannel: the households have no mobile).
    /// </summary>
    public static Dictionary<string, string> Settings(CallsOptions o, VoiceRig rig, IReadOnlyList<string> numbers)
    {
        var s = rig.Settings("__", dial: false);
        s["Sms__Provider"] = "DevOutbox";
        s["Voice__RetryAfter"] = o.RetryAfter.ToString("c", CultureInfo.InvariantCulture);
        for (var i = 0; i < numbers.Count; i++) s[$"Voice__Dial__{numbers[i]}"] = rig.Phones[PhoneOf(i, o.Phones)].Uri;
        return s;
    }

    /// <summary>Household i (0-based, number <see cref="Seeder.Landline"/>(i + 1)) rings phone i mod P.</summary>
    private static int PhoneOf(int i, int phones) => i % phones;

    private static async Task PreviewAsync(HttpClient api, Seeder.CallsSeeded seeded, CancellationToken ct)
    {
        using var warm = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages/preview")
        {
            Content = JsonContent.Create(new { kind = "Alarm", binIds = new[] { seeded.Bins[0] }, texts = new Dictionary<string, string> { ["nl"] = "Voorbeeld." } }),
        };
        warm.Headers.Authorization = new("Bearer", seeded.Token);
        using var warmed = await api.SendAsync(warm, ct);
        if (!warmed.IsSuccessStatusCode) throw new InvalidOperationException($"the warm-up preview answered {(int)warmed.StatusCode}: {await warmed.Content.ReadAsStringAsync(ct)}");
    }

    private static bool Final(DeliveryState s) => s is DeliveryState.Delivered or DeliveryState.Sent or DeliveryState.Failed;

    private static async Task<CallsResult> RunAlarmAsync(CallsOptions o, Seeder.CallsSeeded seeded, VoiceRig rig, HttpClient api, BinHubProcess binhub, string cs,
        CancellationToken ct)
    {
        var pid = binhub.Process.Id;
        var cpu0 = ProcStats.Cpu(pid);
        Say($"POST /api/v1/messages: alarm to zone {seeded.Zone} ({o.Calls} households, a landline each)…");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/messages")
        {
            Content = JsonContent.Create(new
            {
                kind = "Alarm", zoneNumber = seeded.Zone,
                texts = new Dictionary<string, string> { ["nl"] = "Inbraak bezig in de Kerkstraat. Blijf binnen en bel 112 als u iets verdachts ziet." },
            }),
        };
        request.Headers.Authorization = new("Bearer", seeded.Token);
        var sent = DateTimeOffset.UtcNow;
        using var response = await api.SendAsync(request, ct);
        var answered = DateTimeOffset.UtcNow;
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"POST /api/v1/messages answered {(int)response.StatusCode}: {body}");
        long messageId;
        using (var json = JsonDocument.Parse(body)) messageId = json.RootElement.GetProperty("messageId").GetInt64();

        // Followed in the database until no call is waiting or running (every row Delivered, Sent or Failed).
        var timedOut = false;
        var lastProgress = DateTimeOffset.UtcNow;
        var lastSignature = "";
        var nextSay = DateTimeOffset.MinValue;
        var planned = 0;
        while (true)
        {
            Dictionary<DeliveryState, int> counts;
            await using (var db = Seeder.Open(o.Provider, cs))
                counts = await db.Deliveries.AsNoTracking().Where(d => d.MessageId == messageId && d.Channel == Channels.Voice)
                    .GroupBy(d => d.State).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
            planned = counts.Values.Sum();
            var open = counts.Where(kv => !Final(kv.Key)).Sum(kv => kv.Value);
            var phoneCalls = rig.Phones.Sum(p => p.Events.Count(e => e.Event.Type == "CALL_CLOSED"));
            var now = DateTimeOffset.UtcNow;
            if (now >= nextSay)
            {
                Say($"calls ended at the phones {phoneCalls}; rows {string.Join(", ", counts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value}"))}");
                nextSay = now.AddSeconds(5);
            }
            if (open == 0 && planned > 0) break;
            var signature = $"{phoneCalls}/{open}";
            if (signature != lastSignature) (lastSignature, lastProgress) = (signature, now);
            if (now - lastProgress > TimeSpan.FromSeconds(60) || now - answered > o.Timeout)
            {
                timedOut = true;
                Say("no progress for 60 s or timeout reached: stopping the measurement");
                break;
            }
            if (binhub.Process.HasExited) throw new InvalidOperationException($"BinHub exited ({binhub.Process.ExitCode}) during the run");
            await Task.Delay(250, ct);
        }
        var cpu1 = ProcStats.Cpu(pid);
        await Task.Delay(1000, ct); // the phones' last CALL_CLOSED and recordings

        List<Delivery> rows;
        await using (var db = Seeder.Open(o.Provider, cs))
            rows = await db.Deliveries.AsNoTracking().Where(d => d.MessageId == messageId).ToListAsync(ct);
        return Measure(o, rig, rows, sent, answered, cpu1.User + cpu1.Sys - cpu0.User - cpu0.Sys, ProcStats.PeakRssMb(pid) ?? 0, timedOut);
    }

    private static CallsResult Measure(CallsOptions o, VoiceRig rig, List<Delivery> rows, DateTimeOffset sent, DateTimeOffset answered, double cpuS, double peakRssMb, bool timedOut)
    {
        var leadIn = Directory.Exists(rig.Options().CallAudioDirectory)
            ? Directory.GetFiles(rig.Options().CallAudioDirectory!, "*.wav").Select(CallTimeline.Onset).Where(x => x is not null).Select(x => x!.Value.Onset).DefaultIfEmpty(0.5).Max()
            : 0.5;
        var calls = CallTimeline.MeasureAudio(CallTimeline.Collect(rig.Phones), rig.Phones, leadIn);
        var end = calls.Select(c => c.Closed ?? c.Start).DefaultIfEmpty(answered).Max();
        var (utilisation, windowS, busyS) = CallTimeline.Utilisation(calls, o.Channels);
        var ended = calls.Where(c => c.Closed is not null).ToList();
        var runS = ended.Count > 0 ? (ended.Max(c => c.Closed!.Value) - calls.Min(c => c.Start)).TotalSeconds : 0;
        var durations = ended.Select(c => (c.Closed!.Value - c.Start).TotalSeconds).Order().ToList();
        var audio = calls.Where(c => c.AnswerToAudioMs is not null).Select(c => c.AnswerToAudioMs!.Value).Order().ToList();
        var rtp = calls.Where(c => c is { RtpAt: not null, Established: not null }).Select(c => (c.RtpAt!.Value - c.Established!.Value).TotalMilliseconds).Order().ToList();

        // Every answered row must have an answered call at its phone within 2 s (the row's AnsweredAt is BinHub's clock, the
        // same machine's): a row confirmed without a call would be a fake.
        var voice = rows.Where(r => r.Channel == Channels.Voice).ToList();
        var byPhone = calls.Where(c => c.Established is not null).GroupBy(c => c.Phone).ToDictionary(g => g.Key, g => g.ToList());
        var index = Enumerable.Range(1, o.Calls).ToDictionary(Seeder.Landline, i => i - 1);
        var unmatched = voice.Count(r => r is { Call: CallState.Confirmed, AnsweredAt: null });
        var answerLag = new List<double>();
        foreach (var row in voice.Where(r => r.AnsweredAt is not null))
        {
            var list = index.TryGetValue(row.Recipient, out var i) ? byPhone.GetValueOrDefault(PhoneOf(i, o.Phones)) : null;
            var match = list?.Where(c => Math.Abs((c.Established!.Value - row.AnsweredAt!.Value).TotalSeconds) < 2)
                .OrderBy(c => Math.Abs((c.Established!.Value - row.AnsweredAt!.Value).TotalSeconds)).FirstOrDefault();
            if (list is null || match is null) { unmatched++; continue; }
            list.Remove(match);
            answerLag.Add((row.AnsweredAt!.Value - match.Established!.Value).TotalMilliseconds);
        }
        var notFinal = voice.Count(r => !Final(r.State));
        var confirmed = voice.Count(r => r is { State: DeliveryState.Delivered, Call: CallState.Confirmed, ConfirmedAt: not null });
        var missingRows = Math.Max(0, o.Calls - voice.Count);
        var lost = notFinal + unmatched + missingRows;
        var p95 = CallTimeline.Percentile(audio, 0.95);
        answerLag.Sort();
        return new CallsResult(o.Calls, o.Channels, o.Phones, o.PressAfter, o.Provider, voice.Count, rows.Count - voice.Count,
            (answered - sent).TotalMilliseconds, calls.Count > 0 ? (calls.Min(c => c.Start) - answered).TotalMilliseconds : null,
            calls.Count, ended.Count, runS, runS > 0 ? ended.Count / runS * 60 : 0, windowS, busyS, utilisation,
            CallTimeline.MaxConcurrent(calls, end), CallTimeline.Overlaps(calls),
            durations.Count > 0 ? durations.Average() : 0, CallTimeline.Percentile(durations, 0.5),
            leadIn * 1000, audio.Count, CallTimeline.Percentile(audio, 0.5), p95, audio.Count > 0 ? audio[^1] : double.NaN,
            CallTimeline.Percentile(rtp, 0.5), CallTimeline.Percentile(rtp, 0.95), rtp.Count > 0 ? rtp[^1] : double.NaN,
            CallTimeline.Percentile(answerLag, 0.5), confirmed, voice.Count(r => r.Attempts > 1), voice.Count(r => r.State == DeliveryState.Failed),
            notFinal, unmatched, missingRows, lost,
            voice.GroupBy(r => $"{r.State}/{r.Call?.ToString() ?? "-"}").ToDictionary(g => g.Key, g => g.Count()),
            cpuS, ended.Count > 0 ? cpuS * 1000 / ended.Count : 0, peakRssMb,
            utilisation >= 0.9, audio.Count > 0 && p95 < 300, timedOut);
    }
}
