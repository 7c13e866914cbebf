using BinHub.Features.Messages;
using BinHub.Features.Dispatch;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using static BinHub.Tests.Support.MessageBuilders;

namespace BinHub.Tests.Messages;

/// <summary>Who gets a message, on which channel and when; who may send what.</summary>
public class MessagePlanningTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(Bin Bin, World.Person Officer, World.Person Coordinator, World.Place Place)> BinAsync(Channels? urgent = null, Channels? nonUrgent = null)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.UrgentChannels, urgent ?? Channels.Sms | Channels.Voice | Channels.Email | Channels.Web)
                .SetProperty(b => b.NonUrgentChannels, nonUrgent ?? Channels.Sms | Channels.Email | Channels.Web));
        return (bin, await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone), await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id), place);
    }

    /// <summary>A prevention message and then an alarm to one BIN, by the same officer; their message ids.</summary>
    private static async Task<(long Prevention, long Alarm)> PreventionThenAlarmAsync(HttpClient client, int binId)
    {
        var prevention = await client.PostAsJsonAsync("/api/v1/messages", new { kind = "Prevention", binIds = new[] { binId }, texts = new { nl = "Sluit uw ramen." } });
        var alarm = await client.PostAsJsonAsync("/api/v1/messages", Alarm(binId));
        return ((await prevention.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64(),
            (await alarm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64());
    }

    private static object Alarm(int binId, string nl = "Inbraak bezig in de Kerkstraat. Bel 112 als u iets ziet.", string? fr = "Cambriolage en cours rue de l'Église. Appelez le 112.") =>
        new { kind = "Alarm", binIds = new[] { binId }, texts = new Dictionary<string, string?> { ["nl"] = nl, ["fr"] = fr } };

    [Fact]
    public async Task An_alarm_is_planned_on_verified_chosen_channels_only_and_skips_stop_pause_and_unverified()
    {
        var (bin, officer, _, _) = await BinAsync();
        var sms = await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile()));
        var optedOut = await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile(), OptedOut: true));
        var unverified = await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile(), Verified: false));
        var landline = await app.HouseholdAsync(bin.Id, language: "fr", phones: new Phone("+3292" + Random.Shared.Next(100000, 999999), Mobile: false));
        var mailOnly = await app.HouseholdAsync(bin.Id, email: $"m{Guid.NewGuid():N}@example.test", account: true);
        var mailUnverified = await app.HouseholdAsync(bin.Id, email: $"u{Guid.NewGuid():N}@example.test", emailVerified: false);
        var today = DateOnly.FromDateTime(app.Clock.Now.UtcDateTime);
        var paused = await app.HouseholdAsync(bin.Id, pausedFrom: today.AddDays(-1), pausedUntil: today.AddDays(5), phones: new Phone(Mobile()));
        var left = await app.HouseholdAsync(bin.Id, state: MemberState.Left, phones: new Phone(Mobile()));

        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var planned = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = planned.GetProperty("messageId").GetInt64();

        await using var db = app.Db();
        var rows = await db.Deliveries.Where(d => d.MessageId == id).ToListAsync();
        string Of(Member m) => string.Join(",", rows.Where(d => d.MemberId == m.Id).Select(d => d.Channel).OrderBy(c => c));
        Assert.Equal("Sms,Voice", Of(sms)); // a mobile also carries voice when there is no landline
        Assert.Equal("Voice", Of(optedOut));            // STOP stops SMS, not the call
        Assert.Equal("", Of(unverified));
        Assert.Equal("Voice", Of(landline));
        Assert.Equal("Email,Web", Of(mailOnly));
        Assert.Equal("", Of(mailUnverified));
        Assert.Equal("", Of(paused));
        Assert.Equal("", Of(left));
        Assert.Equal("fr", rows.Single(d => d.MemberId == landline.Id).Language);
        Assert.All(rows, d => Assert.Equal(DeliveryState.Planned, d.State));
        Assert.Equal(rows.Count(d => d.Channel == Channels.Sms), planned.GetProperty("perChannel").GetProperty("Sms").GetInt32());
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "SendMessage" && a.EntityId == id.ToString() && a.UserId == officer.User.Id));
    }

    [Fact]
    public async Task A_sent_alarm_writes_exactly_the_deliveries_the_rules_plan()
    {
        // On PostgreSQL an alarm is planned by one INSERT … SELECT (AlarmPlan); the C# rules (Planner) are the reference.
        var (bin, officer, _, _) = await BinAsync(urgent: Channels.Sms | Channels.Voice | Channels.Email);
        var local = BinHub.Infrastructure.BrusselsTime.ToBrussels(app.Clock.Now);
        var nowLocal = TimeOnly.FromDateTime(local.DateTime);
        var today = DateOnly.FromDateTime(local.DateTime);
        var shared = Mobile();
        var households = new[]
        {
            await app.HouseholdAsync(bin.Id, phones: [new Phone(Mobile()), new Phone(Mobile())]),
            await app.HouseholdAsync(bin.Id, language: "de", phones: [new Phone(Mobile()), new Phone("+3292" + Random.Shared.Next(100000, 999999), Mobile: false)]),
            await app.HouseholdAsync(bin.Id, language: "fr", email: $"f{Guid.NewGuid():N}@example.test", account: true, phones: new Phone(Mobile(), OptedOut: true)),
            await app.HouseholdAsync(bin.Id, urgent: Channels.Email | Channels.Web, email: $"e{Guid.NewGuid():N}@example.test", phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, noNightAlarms: true, quietFrom: nowLocal.AddHours(-1), quietUntil: nowLocal.AddHours(1),
                email: $"n{Guid.NewGuid():N}@example.test", phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, noNightAlarms: true, quietFrom: nowLocal.AddHours(2), quietUntil: nowLocal.AddHours(3), phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, noNightAlarms: true, phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, pausedFrom: today, pausedUntil: today, phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, pausedFrom: today.AddDays(-3), pausedUntil: today.AddDays(-1), phones: new Phone(Mobile())),
            await app.HouseholdAsync(bin.Id, phones: new Phone(shared)),
            await app.HouseholdAsync(bin.Id, language: "fr", phones: new Phone(shared)),
            await app.HouseholdAsync(bin.Id, state: MemberState.Pending, phones: new Phone(Mobile())),
        };

        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = answer.GetProperty("messageId").GetInt64();

        await using var db = app.Db();
        var message = await db.Messages.SingleAsync(m => m.Id == id);
        var bins = await db.Bins.Where(b => b.Id == bin.Id).ToListAsync();
        static string Key(int? member, Channels c, string recipient, string lang) => $"{member} {c} {recipient} {lang}";
        var expected = (await Planner.PlanAsync(db, message, bins, message.CreatedAt, default)).Select(d => Key(d.MemberId, d.Channel, d.Recipient, d.Language)).Order().ToList();
        var written = (await db.Deliveries.Where(d => d.MessageId == id).ToListAsync()).Select(d => Key(d.MemberId, d.Channel, d.Recipient, d.Language)).Order().ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, written);
        Assert.Single(written, k => k.Contains($" Sms {shared} ")); // two households, one number: one SMS
        Assert.DoesNotContain(written, k => k.StartsWith($"{households[7].Id} ")); // paused today
        Assert.DoesNotContain(written, k => k.StartsWith($"{households[4].Id} Sms")); // no night alarms, in their quiet hours
        Assert.Single(written, k => k.StartsWith($"{households[4].Id} Email"));  // … but the e-mail still goes
        // What the sender is told is counted from what was written (in SQL on PostgreSQL).
        var rows = await db.Deliveries.Where(d => d.MessageId == id).ToListAsync();
        Assert.Equal(rows.Select(d => d.MemberId).Distinct().Count(), answer.GetProperty("members").GetInt32());
        foreach (var channel in new[] { Channels.Sms, Channels.Voice, Channels.Email, Channels.Web })
            Assert.Equal(rows.Count(d => d.Channel == channel), answer.GetProperty("perChannel").GetProperty(channel.ToString()).GetInt32());
    }

    [Fact]
    public async Task The_bins_plan_limits_channels_and_a_member_without_a_text_in_their_language_gets_the_bins_language()
    {
        var (bin, officer, _, _) = await BinAsync(urgent: Channels.Sms | Channels.Web);
        var de = await app.HouseholdAsync(bin.Id, language: "de", email: $"d{Guid.NewGuid():N}@example.test", phones: new Phone(Mobile()));
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        await using var db = app.Db();
        var rows = await db.Deliveries.Where(d => d.MessageId == id && d.MemberId == de.Id).ToListAsync();
        Assert.Equal([Channels.Sms], rows.Select(d => d.Channel)); // no voice, no e-mail in this BIN's plan
        Assert.Equal("nl", rows.Single().Language);
    }

    [Fact]
    public async Task Prevention_waits_for_the_end_of_quiet_hours_but_an_alarm_does_not()
    {
        var (bin, officer, _, _) = await BinAsync();
        // 09:00 UTC is 10:00 in Brussels in March: quiet from 09:00 to 12:00.
        var quiet = await app.HouseholdAsync(bin.Id, quietFrom: new TimeOnly(9, 0), quietUntil: new TimeOnly(12, 0), prevention: Channels.Sms, phones: new Phone(Mobile()));
        var client = app.ClientFor(officer.Token);
        var (pid, aid) = await PreventionThenAlarmAsync(client, bin.Id);
        await using var db = app.Db();
        var later = await db.Deliveries.SingleAsync(d => d.MessageId == pid && d.MemberId == quiet.Id);
        Assert.Equal(new DateTimeOffset(app.Clock.Now.UtcDateTime.Date.AddHours(11), TimeSpan.Zero), later.DueAt); // 12:00 Brussels
        Assert.True((await db.Deliveries.Where(d => d.MessageId == aid && d.MemberId == quiet.Id && d.Channel == Channels.Sms).SingleAsync()).DueAt <= app.Clock.Now);

        await app.DispatchAllAsync(new DevOutboxSmsSender());
        db.ChangeTracker.Clear();
        Assert.Equal(DeliveryState.Sent, (await db.Deliveries.SingleAsync(d => d.MessageId == aid && d.MemberId == quiet.Id && d.Channel == Channels.Sms)).State);
        Assert.Equal(DeliveryState.Planned, (await db.Deliveries.SingleAsync(d => d.Id == later.Id)).State);
        app.Clock.Advance(TimeSpan.FromHours(3));
        await app.DispatchAllAsync(new DevOutboxSmsSender());
        db.ChangeTracker.Clear();
        Assert.Equal(DeliveryState.Sent, (await db.Deliveries.SingleAsync(d => d.Id == later.Id)).State);
    }

    [Fact]
    public async Task A_bins_quiet_hours_hold_back_prevention_for_members_without_their_own_but_never_an_alarm()
    {
        var (bin, officer, _, _) = await BinAsync();
        // The BIN is quiet from an hour ago until an hour from now (Brussels time; the class's clock may have moved).
        var nowLocal = TimeOnly.FromDateTime(BinHub.Infrastructure.BrusselsTime.ToBrussels(app.Clock.Now).DateTime);
        var until = nowLocal.AddHours(1);
        await using (var setup = app.Db())
            await setup.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.QuietFrom, nowLocal.AddHours(-1)).SetProperty(b => b.QuietUntil, until));
        var plain = await app.HouseholdAsync(bin.Id, prevention: Channels.Sms | Channels.Email, email: $"q{Guid.NewGuid():N}@example.test", phones: new Phone(Mobile()));
        // Their own quiet hours (not now) count instead of the BIN's.
        var own = await app.HouseholdAsync(bin.Id, quietFrom: nowLocal.AddHours(2), quietUntil: nowLocal.AddHours(3), prevention: Channels.Sms, phones: new Phone(Mobile()));
        var client = app.ClientFor(officer.Token);
        var (pid, aid) = await PreventionThenAlarmAsync(client, bin.Id);

        await using var db = app.Db();
        Assert.Equal(BinHub.Features.Me.DeliveryRules.NextWallClock(until, app.Clock.Now), (await db.Deliveries.SingleAsync(d => d.MessageId == pid && d.MemberId == plain.Id && d.Channel == Channels.Sms)).DueAt);
        Assert.True((await db.Deliveries.SingleAsync(d => d.MessageId == pid && d.MemberId == plain.Id && d.Channel == Channels.Email)).DueAt <= app.Clock.Now); // silent: now
        Assert.True((await db.Deliveries.SingleAsync(d => d.MessageId == pid && d.MemberId == own.Id)).DueAt <= app.Clock.Now);
        Assert.All(await db.Deliveries.Where(d => d.MessageId == aid && d.Channel == Channels.Sms).ToListAsync(), d => Assert.True(d.DueAt <= app.Clock.Now));
    }

    [Fact]
    public async Task A_coordinator_cannot_send_an_alarm_but_can_send_prevention_to_their_own_bin()
    {
        var (bin, _, coordinator, _) = await BinAsync();
        await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile()));
        var client = app.ClientFor(coordinator.Token);
        var alarm = await client.PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id));
        Assert.Equal(HttpStatusCode.Forbidden, alarm.StatusCode);
        Assert.Contains("only the police", await alarm.Content.ReadAsStringAsync());
        var prevention = await client.PostAsJsonAsync("/api/v1/messages", new { kind = "Prevention", binIds = new[] { bin.Id }, texts = new { nl = "Tip" } });
        Assert.Equal(HttpStatusCode.Accepted, prevention.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.Messages.AnyAsync(m => m.SenderUserId == coordinator.User.Id && m.Kind == MessageKind.Alarm));
    }

    [Fact]
    public async Task A_plan_that_needs_the_officers_approval_keeps_a_coordinators_message_waiting_without_deliveries()
    {
        var (bin, _, coordinator, _) = await BinAsync();
        await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile()));
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.PreventionNeedsOfficerApproval, true));
        var response = await app.ClientFor(coordinator.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Info", binIds = new[] { bin.Id }, texts = new { nl = "Vergadering" } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("AwaitingApproval", body.GetProperty("state").GetString());
        await using var check = app.Db();
        Assert.False(await check.Deliveries.AnyAsync(d => d.MessageId == body.GetProperty("messageId").GetInt64()));
    }

    [Fact]
    public async Task Targets_outside_ones_scope_are_not_found_and_audited_and_nothing_is_written()
    {
        var (bin, _, _, _) = await BinAsync();
        var (otherBin, otherOfficer, otherCoordinator, _) = await BinAsync();
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: (await world.PlaceAsync()).Nis);
        foreach (var who in new[] { otherOfficer, otherCoordinator, municipality })
        {
            var response = await app.ClientFor(who.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Prevention", binIds = new[] { bin.Id }, texts = new { nl = "x" } });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var unknown = await app.ClientFor(otherOfficer.Token).PostAsJsonAsync("/api/v1/messages", Alarm(int.MaxValue));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var foreignZone = await app.ClientFor(otherOfficer.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Alarm", zoneNumber = 1, texts = new { nl = "x" } });
        Assert.Equal(HttpStatusCode.NotFound, foreignZone.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.MessageBins.AnyAsync(m => m.BinId == bin.Id));
        Assert.True(await db.AuditEntries.CountAsync(a => a.Action == "SendMessage" && a.Outcome != "Ok" && a.UserId == otherOfficer.User.Id) >= 3);
    }

    [Theory]
    [InlineData("", "Write the message")]
    [InlineData("TOO_LONG", "at most 1000")]
    public async Task Empty_or_overlong_texts_are_refused_and_nothing_is_sent(string text, string expected)
    {
        var (bin, officer, _, _) = await BinAsync();
        var body = text == "TOO_LONG" ? new string('a', 1001) : text;
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages", new { kind = "Alarm", binIds = new[] { bin.Id }, texts = new { nl = body } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.False(await db.MessageBins.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task The_preview_warns_about_a_stale_fact_long_sms_and_a_named_person_and_writes_nothing()
    {
        var (bin, officer, _, _) = await BinAsync();
        await app.HouseholdAsync(bin.Id, phones: new Phone(Mobile()));
        var text = "Verdachte persoon genaamd Jan in de straat. " + new string('x', 300);
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages/preview", new
        {
            kind = "Alarm", binIds = new[] { bin.Id }, texts = new { nl = text, fr = "Personne suspecte 🚨" }, occurredAt = app.Clock.Now.AddMinutes(-40),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        var warnings = string.Join(" | ", preview.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("40 minutes ago", warnings);
        Assert.Contains("3 SMS parts", warnings);
        Assert.Contains("name a person", warnings);
        var fr = preview.GetProperty("sms").EnumerateArray().Single(s => s.GetProperty("language").GetString() == "fr");
        Assert.Equal("UCS-2", fr.GetProperty("encoding").GetString());
        Assert.Equal(1, preview.GetProperty("members").GetInt32());
        await using var db = app.Db();
        Assert.False(await db.MessageBins.AnyAsync(m => m.BinId == bin.Id));
    }

    [Fact]
    public async Task Feedback_follows_an_alarm_and_an_alarm_without_feedback_reminds_its_officer_once_after_a_day()
    {
        var (bin, officer, _, _) = await BinAsync();
        var client = app.ClientFor(officer.Token);
        var a1 = (await (await client.PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        var a2 = (await (await client.PostAsJsonAsync("/api/v1/messages", Alarm(bin.Id))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        var feedback = await client.PostAsJsonAsync("/api/v1/messages", new { kind = "Feedback", binIds = new[] { bin.Id }, feedbackForId = a1, texts = new { nl = "Verdachte opgepakt." } });
        Assert.Equal(HttpStatusCode.Accepted, feedback.StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.DispatchAllAsync(new DevOutboxSmsSender());
        await app.DispatchAllAsync(new DevOutboxSmsSender());
        await using var db = app.Db();
        Assert.Equal(1, await db.Deliveries.CountAsync(m => m.Kind == "FeedbackReminder" && m.DedupKey == $"feedback-reminder:{a2}"));
        Assert.False(await db.Deliveries.AnyAsync(m => m.DedupKey == $"feedback-reminder:{a1}"));
    }

    [Fact]
    public async Task The_api_takes_the_documented_type_field_and_refuses_a_message_without_a_type()
    {
        var (bin, officer, _, _) = await BinAsync();
        var client = app.ClientFor(officer.Token);
        var typed = await client.PostAsJsonAsync("/api/v1/messages", new { type = "Prevention", binIds = new[] { bin.Id }, texts = new { nl = "Tip" }, reportId = (int?)null });
        Assert.Equal(HttpStatusCode.Accepted, typed.StatusCode);
        var id = (await typed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();
        await using (var db = app.Db()) Assert.Equal(MessageKind.Prevention, (await db.Messages.SingleAsync(m => m.Id == id)).Kind);
        var untyped = await client.PostAsJsonAsync("/api/v1/messages", new { binIds = new[] { bin.Id }, texts = new { nl = "Tip" } });
        Assert.Equal(HttpStatusCode.BadRequest, untyped.StatusCode);
    }
}
