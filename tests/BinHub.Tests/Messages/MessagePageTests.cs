using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.DependencyInjection;

namespace BinHub.Tests.Messages;

/// <summary>The composer, the delivery dashboard, the audio, the approval of a coordinator's message and the member's web inbox.</summary>
public class MessagePageTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static Dictionary<string, string> Fields(int binId, string kind = "Alarm", string nl = "Inbraak bezig in de Kerkstraat, blijf binnen",
        string fr = "Cambriolage en cours, restez à l'intérieur") => new()
    {
        ["Input.Kind"] = kind, ["Input.BinIds"] = binId.ToString(), ["Input.TextNl"] = nl, ["Input.TextFr"] = fr, ["Input.TextDe"] = "", ["Input.TextEn"] = "",
    };

    private async Task<int> MessagesInZoneAsync(int zone)
    {
        await using var db = app.Db();
        return await db.Messages.CountAsync(m => m.ZoneNumber == zone);
    }

    private async Task<bool> DeniedAsync(string userId, string entityId)
    {
        await using var db = app.Db();
        return await db.AuditEntries.AnyAsync(a => a.UserId == userId && a.EntityId == entityId && a.Outcome == "Denied");
    }

    [Fact]
    public async Task The_preview_shows_whom_and_how_it_reaches_and_writes_nothing()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var fields = Fields(s.Bin.Id, nl: "Inbraak bezig, een man genaamd Pieters met een blauwe jas, richting station. " + new string('x', 400));
        fields["Input.OccurredAt"] = Pages.Messages.ComposeModel.Local(app.Clock.GetUtcNow().AddMinutes(-40));
        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Preview", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(html.Contains("Reaches 2 members in 1 BIN."), html[html.IndexOf("<main")..]);
        Assert.Contains("SMS: 2", html); // two SMS deliveries
        Assert.Contains("GSM-7", html);
        Assert.Contains("40 minutes ago", html); // stale fact
        Assert.Contains("seems to name a person", html);
        Assert.Contains("SMS parts", html); // above two parts
        Assert.Contains("Send now", html); // the confirmation step
        Assert.Equal(0, await MessagesInZoneAsync(s.Place.Zone));
        await using var db = app.Db();
        Assert.False(await db.Deliveries.AnyAsync(d => d.MemberId == s.Jan.MemberId));
    }

    [Fact]
    public async Task Sending_writes_one_message_and_one_delivery_per_member_and_channel_then_opens_its_dashboard()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Officer.Token);
        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", Fields(s.Bin.Id));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = app.Db();
        var message = await db.Messages.SingleAsync(m => m.ZoneNumber == s.Place.Zone);
        Assert.Equal($"/Messages/Details/{message.Id}", response.Headers.Location!.OriginalString);
        Assert.Equal(MessageKind.Alarm, message.Kind);
        var deliveries = await db.Deliveries.Where(d => d.MessageId == message.Id).ToListAsync();
        Assert.Equal(2, deliveries.Count(d => d.Channel == Channels.Sms));
        Assert.Equal(2, deliveries.Count(d => d.Channel == Channels.Web));
        Assert.Equal("fr", deliveries.Single(d => d.MemberId == s.Marie.MemberId && d.Channel == Channels.Web).Language);

        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location.OriginalString));
        Assert.Contains($"Message #{message.Id}", dashboard);
        Assert.Contains("Handled: 0 of 4", dashboard);
        Assert.Contains("<progress", dashboard);
        Assert.Contains("Send the feedback for this alarm", dashboard);

        await app.DispatchRoundAsync();
        dashboard = WebUtility.HtmlDecode(await client.GetStringAsync($"/Messages/Details/{message.Id}"));
        Assert.Contains("Handled: 4 of 4", dashboard);
    }

    [Fact]
    public async Task A_coordinator_is_not_offered_alarms_and_a_forged_alarm_is_refused_without_writing()
    {
        var s = await app.MessagingSetupAsync(world);
        var client = app.ClientFor(s.Coordinator.Token);
        var page = await client.GetStringAsync("/Messages/Compose");
        Assert.DoesNotContain("id=\"kind-Alarm\"", page);
        Assert.Contains("id=\"kind-Prevention\"", page);

        var response = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", Fields(s.Bin.Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The same refusal as the API gives (SenderRules), not a page-only wording.
        Assert.Contains("The BIN's communication plan lets only the police send alarms and feedback.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(0, await MessagesInZoneAsync(s.Place.Zone));

        var prevention = await Forms.PostAsync(client, "/Messages/Compose", "/Messages/Compose?handler=Send", Fields(s.Bin.Id, "Prevention"));
        Assert.Equal(HttpStatusCode.Redirect, prevention.StatusCode);
        Assert.Equal(1, await MessagesInZoneAsync(s.Place.Zone));
    }

    [Fact]
    public async Task A_template_is_filled_from_the_report_and_a_foreign_report_is_not_found()
    {
        var s = await app.MessagingSetupAsync(world);
        var reportId = await app.ReportAsync(s.Jan.Person.Token);
        var html = WebUtility.HtmlDecode(await app.ClientFor(s.Officer.Token).GetStringAsync($"/Messages/Compose?reportId={reportId}&template=vehicle"));

        Assert.Contains("verdacht voertuig in de Kerkstraat", html);
        Assert.Contains("nummerplaat 1-ABC-123", html);
        Assert.Contains("véhicule suspect Kerkstraat", html);
        Assert.Contains("{vehicle}", html); // the report gave no vehicle: the placeholder stays for the officer to fill in
        Assert.Matches("id=\"kind-Alarm\"[^>]*checked", html);
        Assert.Contains($"name=\"Input.ReportId\" value=\"{reportId}\"", html);
        Assert.Matches($"id=\"bin-{s.Bin.Id}\"[^>]*checked", html);

        var elsewhere = await world.PlaceAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/Messages/Compose?reportId={reportId}")).StatusCode);
        Assert.True(await DeniedAsync(stranger.User.Id, reportId.ToString()));
    }

    [Fact]
    public async Task The_feedback_link_fills_the_resolved_template_from_the_alarms_report_and_sending_it_closes_the_alarm()
    {
        var s = await app.MessagingSetupAsync(world);
        var reportId = await app.ReportAsync(s.Jan.Person.Token);
        var alarmId = await app.SendAsync(s.Officer.Token, new
        {
            kind = "Alarm", binIds = new[] { s.Bin.Id }, reportId, texts = new Dictionary<string, string> { ["nl"] = "Verdacht voertuig in de Kerkstraat" },
        });
        var client = app.ClientFor(s.Officer.Token);
        var dashboard = WebUtility.HtmlDecode(await client.GetStringAsync($"/Messages/Details/{alarmId}"));
        var link = $"/Messages/Compose?kind=Feedback&feedbackFor={alarmId}&template=resolved";
        Assert.Contains(link, dashboard);

        var compose = WebUtility.HtmlDecode(await client.GetStringAsync(link));
        Assert.Contains("de situatie van het alarm in de Kerkstraat is opgelost", compose);
        Assert.Matches("id=\"kind-Feedback\"[^>]*checked", compose);
        Assert.Matches($"<option value=\"{alarmId}\" selected", compose);

        var fields = Fields(s.Bin.Id, "Feedback", nl: "De situatie is opgelost", fr: "La situation est résolue");
        fields["Input.FeedbackForId"] = alarmId.ToString();
        var sent = await Forms.PostAsync(client, link, "/Messages/Compose?handler=Send", fields);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await using var db = app.Db();
        Assert.NotNull((await db.Messages.SingleAsync(m => m.Id == alarmId)).FeedbackSentAt);
        Assert.DoesNotContain("still waiting for feedback", WebUtility.HtmlDecode(await client.GetStringAsync("/Messages")));
    }

    [Fact]
    public async Task The_dashboard_is_not_found_for_another_zone_a_municipality_and_a_member_and_each_refusal_is_audited()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        var elsewhere = await world.PlaceAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: s.Place.Nis);

        foreach (var who in new[] { stranger, municipality, s.Jan.Person })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(who.Token).GetAsync($"/Messages/Details/{id}")).StatusCode);
            Assert.True(await DeniedAsync(who.User.Id, id.ToString()));
        }
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(s.Coordinator.Token).GetAsync($"/Messages/Details/{id}")).StatusCode);
        var list = WebUtility.HtmlDecode(await app.ClientFor(s.Officer.Token).GetStringAsync("/Messages"));
        Assert.Contains($"#{id}", list);
        Assert.Matches(@"\d+ alarms? (is|are) still waiting for feedback", list);
        Assert.DoesNotContain($"#{id}<", WebUtility.HtmlDecode(await app.ClientFor(stranger.Token).GetStringAsync("/Messages")));
    }

    [Fact]
    public async Task The_dashboards_current_counts_are_served_as_the_live_pushes_carry_them_to_those_who_may_see_the_message_only()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await app.DispatchRoundAsync();
        var url = $"/Messages/Details/{id}?handler=Progress";

        var progress = await app.ClientFor(s.Officer.Token).GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(id, progress.GetProperty("id").GetInt64());
        Assert.Equal(2, progress.GetProperty("perChannel").GetProperty("Sms").GetProperty("sent").GetInt32());
        Assert.Equal(4, progress.GetProperty("total").GetProperty("total").GetInt32());
        Assert.Equal(0, progress.GetProperty("calls").GetProperty(nameof(CallState.Ringing)).GetInt32());
        Assert.Equal(JsonValueKind.String, progress.GetProperty("state").ValueKind); // enums by name, as pushed
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(s.Coordinator.Token).GetAsync(url)).StatusCode);

        var elsewhere = await world.PlaceAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: s.Place.Nis);
        foreach (var who in new[] { stranger, municipality, s.Jan.Person })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(who.Token).GetAsync(url)).StatusCode);
            Assert.True(await DeniedAsync(who.User.Id, id.ToString()));
        }
    }

    [Fact]
    public async Task The_voice_audio_is_served_to_those_who_may_see_the_message_only()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        var voice = app.Services.GetRequiredService<VoiceOptions>();
        var path = Features.Messages.MessageAudio.PathOf(voice, id, "nl");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] wav = [.. "RIFF"u8.ToArray(), .. new byte[60]];
        await File.WriteAllBytesAsync(path, wav);
        try
        {
            var mine = await app.ClientFor(s.Officer.Token).GetAsync($"/api/v1/messages/{id}/audio/nl");
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
            Assert.Equal("audio/wav", mine.Content.Headers.ContentType!.MediaType);
            Assert.Equal(wav, await mine.Content.ReadAsByteArrayAsync());
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(s.Coordinator.Token).GetAsync($"/api/v1/messages/{id}/audio/nl")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(s.Officer.Token).GetAsync($"/api/v1/messages/{id}/audio/fr")).StatusCode); // not rendered

            var elsewhere = await world.PlaceAsync();
            var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
            var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: s.Place.Nis);
            foreach (var who in new[] { stranger, municipality })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(who.Token).GetAsync($"/api/v1/messages/{id}/audio/nl")).StatusCode);
                Assert.True(await DeniedAsync(who.User.Id, id.ToString()));
            }
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_coordinators_message_waits_for_the_zones_officer_who_approves_it_and_its_deliveries_are_planned_then()
    {
        var s = await app.MessagingSetupAsync(world, approvalNeeded: true);
        var id = await app.SendAsync(s.Coordinator.Token, new
        {
            kind = "Prevention", binIds = new[] { s.Bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Sluit uw ramen bij vertrek" },
        });
        await using (var db = app.Db())
        {
            Assert.Equal(MessageState.AwaitingApproval, (await db.Messages.SingleAsync(m => m.Id == id)).State);
            Assert.False(await db.Deliveries.AnyAsync(d => d.MessageId == id));
        }
        var elsewhere = await world.PlaceAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: elsewhere.Zone);
        foreach (var who in new[] { stranger, s.Coordinator })
        {
            var refused = await app.ClientFor(who.Token).PostAsJsonAsync($"/api/v1/messages/{id}/approval", new { approve = true });
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.True(await DeniedAsync(who.User.Id, id.ToString()));
        }
        var page = WebUtility.HtmlDecode(await app.ClientFor(s.Officer.Token).GetStringAsync($"/Messages/Details/{id}"));
        Assert.Contains("Approve and send", page);
        Assert.DoesNotContain("Approve and send", await app.ClientFor(s.Coordinator.Token).GetStringAsync($"/Messages/Details/{id}"));

        var approved = await Forms.PostAsync(app.ClientFor(s.Officer.Token), $"/Messages/Details/{id}", $"/Messages/Details/{id}?handler=Approve", []);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        await using (var db = app.Db())
        {
            var message = await db.Messages.SingleAsync(m => m.Id == id);
            Assert.Equal(MessageState.Dispatching, message.State);
            Assert.NotNull(message.ApprovedAt);
            Assert.Equal(2, await db.Deliveries.CountAsync(d => d.MessageId == id && d.Channel == Channels.Web));
        }
        var again = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/messages/{id}/approval", new { approve = false, reason = "late" });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Refusing_asks_for_a_reason_and_a_confirmation_then_tells_the_coordinator_and_sends_nothing()
    {
        var s = await app.MessagingSetupAsync(world, approvalNeeded: true);
        var id = await app.SendAsync(s.Coordinator.Token, new
        {
            kind = "Info", binIds = new[] { s.Bin.Id }, texts = new Dictionary<string, string> { ["nl"] = "Buurtfeest zaterdag" },
        });
        var client = app.ClientFor(s.Officer.Token);
        var url = $"/Messages/Details/{id}";
        var noReason = await app.ClientFor(s.Officer.Token).PostAsJsonAsync($"/api/v1/messages/{id}/approval", new { approve = false });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var unconfirmed = await Forms.PostAsync(client, url, $"{url}?handler=Refuse", new() { ["reason"] = "Not a police matter" });
        Assert.Contains("tick the box to confirm", WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync()));
        await using (var db = app.Db()) Assert.Equal(MessageState.AwaitingApproval, (await db.Messages.SingleAsync(m => m.Id == id)).State);

        var refused = await Forms.PostAsync(client, url, $"{url}?handler=Refuse", new() { ["reason"] = "Not a police matter", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        await using (var db = app.Db())
        {
            Assert.Equal(MessageState.Refused, (await db.Messages.SingleAsync(m => m.Id == id)).State);
            Assert.False(await db.Deliveries.AnyAsync(d => d.MessageId == id));
            var mail = await db.Deliveries.SingleAsync(o => o.DedupKey == $"message-refused:{id}");
            Assert.Equal(s.Coordinator.User.Email, mail.Recipient);
            Assert.Contains("Not a police matter", mail.Body);
        }
        Assert.Contains("Not a police matter", WebUtility.HtmlDecode(await app.ClientFor(s.Coordinator.Token).GetStringAsync(url)));
    }

    [Fact]
    public async Task The_dev_outbox_lists_the_deliveries_of_every_channel_with_the_voice_audio()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await using (var db = app.Db())
        {
            db.Deliveries.Add(new Delivery
            {
                MessageId = id, MemberId = s.Jan.MemberId, Channel = Channels.Voice, Recipient = "+3250123456", Language = "nl",
                State = DeliveryState.AudioReady, DueAt = app.Clock.GetUtcNow(), LastError = "audio ready (3.0 s), call pending",
            });
            await db.SaveChangesAsync();
        }
        var admin = await world.PersonAsync(Roles.Admin);
        var html = WebUtility.HtmlDecode(await app.ClientFor(admin.Token).GetStringAsync("/Admin/Outbox"));
        Assert.Contains($"/Messages/Details/{id}", html);
        Assert.Contains($"/api/v1/messages/{id}/audio/nl", html);
        Assert.Contains("Audio ready, call pending", html);
        Assert.Contains("Web inbox", html);
    }

    [Fact]
    public async Task A_members_inbox_shows_their_own_messages_in_their_language_and_opening_one_marks_it_read()
    {
        var s = await app.MessagingSetupAsync(world);
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        var marie = app.ClientFor(s.Marie.Person.Token);
        var before = await marie.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        Assert.Equal(0, before.GetProperty("total").GetInt32()); // not dispatched yet

        await app.DispatchRoundAsync();
        var inbox = await marie.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        var item = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal("Cambriolage en cours rue de l'Église", item.GetProperty("text").GetString());
        Assert.Equal(id, item.GetProperty("messageId").GetInt64());
        Assert.Equal(1, inbox.GetProperty("unread").GetInt32());

        var page = WebUtility.HtmlDecode(await marie.GetStringAsync("/Me/Inbox"));
        Assert.Contains("Cambriolage en cours rue de l'Église", page);
        Assert.DoesNotContain("Inbraak bezig", page);
        Assert.Contains("1 message, 1 unread", page); // singular nouns, not "1 message(s)"
        Assert.Contains("1 message, 1 non lu", WebUtility.HtmlDecode(await app.ClientFor(s.Marie.Person.Token, "fr").GetStringAsync("/Me/Inbox")));

        var deliveryId = item.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await marie.GetAsync($"/Me/Inbox/{deliveryId}")).StatusCode);
        await using (var db = app.Db()) Assert.NotNull((await db.Deliveries.SingleAsync(d => d.Id == deliveryId)).ReadAt);
        Assert.Equal(0, (await marie.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox")).GetProperty("unread").GetInt32());

        // Jan cannot open Marie's delivery: not found, audited.
        var jan = app.ClientFor(s.Jan.Person.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await jan.GetAsync($"/Me/Inbox/{deliveryId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jan.PostAsync($"/api/v1/me/inbox/{deliveryId}/read", null)).StatusCode);
        Assert.True(await DeniedAsync(s.Jan.Person.User.Id, deliveryId.ToString()));
        var janInbox = await jan.GetFromJsonAsync<JsonElement>("/api/v1/me/inbox");
        Assert.Equal("Inbraak bezig in de Kerkstraat", Assert.Single(janInbox.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(s.Officer.Token).GetAsync("/api/v1/me/inbox")).StatusCode);
    }
}
