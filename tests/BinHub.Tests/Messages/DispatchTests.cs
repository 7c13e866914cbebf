using System.Collections.Concurrent;
using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>The SMS edge as a unit-test fake: records every hand-over, can fail chosen numbers or hold every call.</summary>
public sealed class RecordingSms : ISmsSender
{
    public ConcurrentBag<string> Sent { get; } = [];
    public HashSet<string> Refuse { get; } = [];
    public TimeSpan Delay { get; init; }

    /// <summary>The texts in the order they were handed over, with their number.</summary>
    public ConcurrentQueue<(string To, string Text)> Handed { get; } = [];

    public async Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
        if (toE164.Any(Refuse.Contains)) throw new SmsGatewayException("gateway answered 403: refused", permanent: true);
        foreach (var to in toE164)
        {
            Sent.Add(to);
            Handed.Enqueue((to, text));
        }
        return "recording";
    }
}

public class DispatchTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(Bin Bin, World.Person Officer)> BinAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Sms | Channels.Voice | Channels.Email | Channels.Web));
        return (bin, await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone));
    }

    private async Task<long> AlarmAsync(World.Person officer, int binId, string nl = "Inbraak bezig, bel 112.", string? fr = null)
    {
        var texts = new Dictionary<string, string> { ["nl"] = nl };
        if (fr is not null) texts["fr"] = fr;
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Alarm", binIds = new[] { binId }, texts });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
    }

    [Fact]
    public async Task An_alarm_sms_refused_for_good_fails_over_to_the_members_email()
    {
        var (bin, officer) = await BinAsync();
        var mobile = Mobile();
        var email = $"f{Guid.NewGuid():N}@example.test";
        var member = await app.HouseholdAsync(bin.Id, email: email, urgent: Channels.Sms | Channels.Email, phones: new Phone(mobile));
        await using (var db = app.Db()) // the member chose SMS only for alarms, with e-mail as a verified fallback channel
            await db.Members.Where(m => m.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.UrgentChannels, Channels.Sms | Channels.Email));
        var id = await AlarmAsync(officer, bin.Id);
        await using (var db = app.Db()) // e-mail is planned already; fail-over must not plan it twice
            Assert.Equal(1, await db.Deliveries.CountAsync(d => d.MessageId == id && d.Channel == Channels.Email));

        var sms = new RecordingSms { Refuse = { mobile } };
        await app.DispatchAllAsync(sms);
        await using var check = app.Db();
        var rows = await check.Deliveries.Where(d => d.MessageId == id).ToListAsync();
        Assert.Equal(DeliveryState.Failed, rows.Single(d => d.Channel == Channels.Sms).State);
        Assert.Contains("refused", rows.Single(d => d.Channel == Channels.Sms).LastError);
        Assert.Equal(DeliveryState.Sent, rows.Single(d => d.Channel == Channels.Email).State);
    }

    [Fact]
    public async Task A_failed_sms_with_no_other_channel_planned_yet_gets_one_on_the_next_channel()
    {
        var (bin, officer) = await BinAsync();
        var mobile = Mobile();
        var member = await app.HouseholdAsync(bin.Id, account: true, urgent: Channels.Sms | Channels.Web, phones: new Phone(mobile));
        var id = await AlarmAsync(officer, bin.Id);
        await using (var db = app.Db()) // only SMS planned: take the web delivery away to see fail-over create it
            await db.Deliveries.Where(d => d.MessageId == id && d.Channel == Channels.Web).ExecuteDeleteAsync();
        await app.DispatchAllAsync(new RecordingSms { Refuse = { mobile } });
        await using var check = app.Db();
        var web = await check.Deliveries.SingleAsync(d => d.MessageId == id && d.Channel == Channels.Web && d.MemberId == member.Id);
        Assert.NotNull(web.FailoverOfId);
        Assert.Equal(DeliveryState.Sent, web.State);
    }

    [Fact]
    public async Task A_gateway_that_answers_503_is_retried_with_backoff_and_nothing_is_marked_failed()
    {
        var (bin, officer) = await BinAsync();
        var mobile = Mobile();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(mobile));
        var id = await AlarmAsync(officer, bin.Id);
        var busy = new BusySms();
        await app.DispatchAllAsync(busy);
        await using var db = app.Db();
        var d = await db.Deliveries.SingleAsync(x => x.MessageId == id);
        Assert.Equal(DeliveryState.Planned, d.State);
        Assert.True(d.DueAt > app.Clock.Now);
        Assert.Contains("503", d.LastError);
        // The dashboard says so: waiting to retry, not failed.
        var waiting = await BinHub.Features.Messages.GetMessage.ProgressAsync(db, id, default);
        Assert.Equal((1, 1, 0), (waiting!.Total.Planned, waiting.Total.Retrying, waiting.Total.Failed));
        Assert.False(waiting.Finished);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var ok = new RecordingSms();
        await app.DispatchAllAsync(ok);
        db.ChangeTracker.Clear();
        Assert.Equal(DeliveryState.Sent, (await db.Deliveries.SingleAsync(x => x.Id == d.Id)).State);
        Assert.Equal([mobile], ok.Sent.Where(n => n == mobile));
        Assert.Equal(0, (await BinHub.Features.Messages.GetMessage.ProgressAsync(db, id, default))!.Total.Retrying);
    }

    [Fact]
    public async Task A_full_sms_gateway_holds_back_what_exceeds_its_room_for_a_later_round_without_failing_it()
    {
        var (bin, officer) = await BinAsync();
        var numbers = Enumerable.Range(0, 8).Select(_ => Mobile()).Distinct().ToList();
        foreach (var n in numbers) await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(n));
        var id = await AlarmAsync(officer, bin.Id);
        var sms = new RecordingSms();
        await app.DispatchAllAsync(sms, smsRoom: new FixedRoom(5)); // room for five that does not drain: the sixth SMS must wait
        Assert.Equal(5, sms.Sent.Count(numbers.Contains));
        await using var db = app.Db();
        var waiting = await db.Deliveries.Where(d => d.MessageId == id && d.State == DeliveryState.Planned).ToListAsync();
        Assert.Equal(numbers.Count - 5, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(0, d.Attempts)); // never claimed, so no attempt spent
        Assert.False(await db.Deliveries.AnyAsync(d => d.MessageId == id && d.State == DeliveryState.Failed));
    }

    [Fact]
    public async Task A_forged_delivery_report_without_the_secret_changes_nothing()
    {
        var (bin, officer) = await BinAsync();
        await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(Mobile()));
        var id = await AlarmAsync(officer, bin.Id);
        await app.DispatchAllAsync(new RecordingSms());
        long delivery;
        await using (var db = app.Db()) delivery = (await db.Deliveries.SingleAsync(d => d.MessageId == id)).Id;
        var forged = await app.ClientFor(null).GetAsync($"/api/v1/sms/dlr/not-the-secret-0000000000/delivery?ref={delivery}&type=2");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        await using var check = app.Db();
        Assert.Equal(DeliveryState.Sent, (await check.Deliveries.SingleAsync(d => d.Id == delivery)).State);
    }

    [Fact]
    public async Task Batched_delivery_reports_are_matched_by_message_and_number_and_a_final_state_is_never_overwritten()
    {
        var (bin, officer) = await BinAsync();
        var (ok, lost) = (Mobile(), Mobile());
        await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(ok));
        await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(lost));
        var id = await AlarmAsync(officer, bin.Id);
        await app.DispatchAllAsync(new RecordingSms());
        await using var db = app.Db();

        var changed = await DeliveryReportApplier.ApplyAsync(db, app.Clock,
            [new(null, id, ok, DeliveryReport.Delivered), new(null, id, lost, DeliveryReport.RejectedBySmsc)], default);
        Assert.Equal([id], changed);
        // Kannel may deliver a late report out of order: "failed" stays failed.
        Assert.Empty(await DeliveryReportApplier.ApplyAsync(db, app.Clock, [new(null, id, lost, DeliveryReport.Delivered)], default));

        var rows = await db.Deliveries.Where(d => d.MessageId == id).ToDictionaryAsync(d => d.Recipient);
        Assert.Equal(DeliveryState.Delivered, rows[ok].State);
        Assert.Equal(DeliveryState.Failed, rows[lost].State);
        Assert.Equal("delivery report: RejectedBySmsc", rows[lost].LastError);
    }

    private sealed class BusySms : ISmsSender
    {
        public Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct) =>
            throw new SmsGatewayException("gateway answered 503: queue full", permanent: false);
    }

    [Fact]
    public async Task Voice_deliveries_get_telephony_audio_per_language_and_stay_audio_ready_not_sent()
    {
        var (bin, officer) = await BinAsync();
        await app.HouseholdAsync(bin.Id, "nl", urgent: Channels.Voice, phones: new Phone("+3293" + Random.Shared.Next(100000, 999999), Mobile: false));
        await app.HouseholdAsync(bin.Id, "fr", urgent: Channels.Voice, phones: new Phone("+3293" + Random.Shared.Next(100000, 999999), Mobile: false));
        var id = await AlarmAsync(officer, bin.Id, fr: "Cambriolage en cours, appelez le 112.");
        var dir = Directory.CreateTempSubdirectory("binhub-voice-").FullName;
        await app.DispatchAllAsync(new RecordingSms(), voice: new EspeakVoiceSender(new VoiceOptions { AudioDirectory = dir }));
        await using var db = app.Db();
        var rows = await db.Deliveries.Where(d => d.MessageId == id).ToListAsync();
        Assert.All(rows, d => Assert.Equal(DeliveryState.AudioReady, d.State));
        Assert.All(rows, d => Assert.Contains("call pending", d.LastError));
        foreach (var lang in new[] { "nl", "fr" })
        {
            var path = Path.Combine(dir, $"message-{id}-{lang}.wav");
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(8000, BitConverter.ToInt32(bytes, 24)); // sample rate: telephony
            Assert.InRange(EspeakVoiceSender.WavDuration(path).TotalSeconds, 1.0, 30.0);
        }
    }

    [Fact]
    public async Task Email_deliveries_reach_a_real_smtp_server_in_the_members_language_with_the_emergency_numbers()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var (bin, officer) = await BinAsync();
        var email = $"de{Guid.NewGuid():N}@example.test";
        await app.HouseholdAsync(bin.Id, "de", email: email, urgent: Channels.Email);
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new
        {
            kind = "Alarm", binIds = new[] { bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Inbraak", ["de"] = "Einbruch in der Kirchstrasse" },
        });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        await app.DispatchAllAsync(new RecordingSms(), new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, From = "BinHub <no-reply@binhub.test>" }));
        var mail = smtp.Messages().Single(m => m.Contains(email, StringComparison.OrdinalIgnoreCase));
        var decoded = MailText.Of(mail);
        Assert.Contains("text/html", mail); // an HTML alternative beside the plain text
        Assert.Contains("Einbruch in der Kirchstrasse", decoded);
        Assert.Contains("112", decoded);
        await using var db = app.Db();
        Assert.Equal(DeliveryState.Sent, (await db.Deliveries.SingleAsync(d => d.MessageId == id)).State);
    }

    [Fact]
    public async Task A_dispatcher_that_dies_mid_batch_leaves_nothing_lost_and_duplicates_only_within_the_chunk_in_flight()
    {
        var (bin, officer) = await BinAsync();
        var numbers = Enumerable.Range(0, 120).Select(i => $"+32479{Random.Shared.Next(10, 99)}{i:0000}").Distinct().ToList();
        foreach (var n in numbers) await app.HouseholdAsync(bin.Id, urgent: Channels.Sms, phones: new Phone(n));
        var id = await AlarmAsync(officer, bin.Id);
        var options = new DispatchOptions { BatchSize = 40, Concurrency = 4 };

        // The first dispatcher dies after handing 25 messages to the gateway, in the middle of its first batch of 40.
        var first = new RecordingSms();
        using var crash = new CancellationTokenSource();
        var dying = new CrashAfter(first, 25, crash);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.DispatchAllAsync(dying, options: options, ct: crash.Token));
        await using (var db = app.Db()) // left claimed: the unsent rest of the batch, plus at most one chunk handed over but not recorded
            Assert.InRange(await db.Deliveries.CountAsync(d => d.MessageId == id && d.State == DeliveryState.Sending), 40 - 25, 40 - 25 + options.Concurrency);

        // Another dispatcher (or the same after a restart) takes over once the lease has run out.
        app.Clock.Advance(options.Lease + TimeSpan.FromSeconds(1));
        var second = new RecordingSms();
        await app.DispatchAllAsync(second, options: options);
        await using var check = app.Db();
        Assert.All(await check.Deliveries.Where(d => d.MessageId == id).ToListAsync(), d => Assert.Equal(DeliveryState.Sent, d.State));
        var all = first.Sent.Concat(second.Sent).Where(numbers.Contains).ToList();
        Assert.Equal(numbers.Count, all.Distinct().Count());                       // nothing lost
        Assert.InRange(all.Count - numbers.Count, 0, options.Concurrency);        // duplicates only inside the chunk in flight
    }

    /// <summary>Hands over <paramref name="limit"/> messages, then the process "dies": every later call is cancelled.</summary>
    private sealed class CrashAfter(RecordingSms inner, int limit, CancellationTokenSource crash) : ISmsSender
    {
        private int calls;

        public async Task<string> SendAsync(IReadOnlyList<string> toE164, string text, string? reportUrl, CancellationToken ct)
        {
            if (Interlocked.Increment(ref calls) > limit)
            {
                await crash.CancelAsync();
                ct.ThrowIfCancellationRequested();
                throw new OperationCanceledException(crash.Token);
            }
            return await inner.SendAsync(toE164, text, reportUrl, ct);
        }
    }

    /// <summary>A gateway with room for so many SMS that never drains: what a test hands over beyond it must wait.</summary>
    public sealed class FixedRoom(int room) : ISmsRoom
    {
        private int left = room;
        public int Room() => Math.Max(0, Volatile.Read(ref left));
        public void Handed(int count) => Interlocked.Add(ref left, -count);
        public Task WaitForRoomAsync(int atLeast, CancellationToken ct) => Task.CompletedTask;
    }
}
