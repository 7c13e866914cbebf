using System.Text.RegularExpressions;
using BinHub.Features.Dispatch;
using BinHub.Features.Messages;
using BinHub.Features.Phones;
using BinHub.Gateways.Voice;
using BinHub.Tests.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static BinHub.Tests.Support.HistoryBuilders;

namespace BinHub.Tests.Me;

/// <summary>The member's history of what they received (/Me/History, GET /api/v1/me/history): every channel, its outcome, the calls.</summary>
public class MyHistoryTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private static string Landline() => "+3250" + Random.Shared.Next(100000, 999999);

    private async Task<(Bin Bin, MeBuilders.Household Home, string Landline, string Mobile)> SetUpAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var (landline, mobile) = (Landline(), MessageBuilders.Mobile());
        var home = await app.HouseholdAsync(world, bin.Id, name: "Jan Janssens", language: "nl", phones: [(landline, false, true), (mobile, true, true)]);
        return (bin, home, landline, mobile);
    }

    private static async Task<JsonElement> HistoryAsync(HttpClient client, string query = "") =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/me/history" + query);

    private static JsonElement OnlyLine(JsonElement item) => Assert.Single(item.GetProperty("lines").EnumerateArray());

    /// <summary>The household's three messages: a confirmed call, a call heard three times without 1, then a delivered SMS.</summary>
    private async Task<(long Confirmed, long Heard, long Sms)> ThreeMessagesAsync(int memberId, string landline, string mobile)
    {
        var confirmed = await app.ReceivedAsync(memberId, MessageKind.Alarm, "Inbraak bezig in de Kerkstraat", lines: ConfirmedCall(landline));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var heard = await app.ReceivedAsync(memberId, MessageKind.Prevention, "Sluit uw ramen en deuren", lines: HeardWithout1(landline, calls: 3));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var sms = await app.ReceivedAsync(memberId, MessageKind.Info, "Buurtfeest zaterdag", lines: SmsTo(mobile));
        return (confirmed, heard, sms);
    }

    [Fact]
    public async Task The_history_shows_a_confirmed_call_a_call_heard_three_times_without_1_and_a_delivered_sms_newest_first()
    {
        var (_, home, landline, mobile) = await SetUpAsync();
        var (confirmed, heard, sms) = await ThreeMessagesAsync(home.MemberId, landline, mobile);

        var history = await HistoryAsync(app.ClientFor(home.Person.Token));

        Assert.Equal(3, history.GetProperty("total").GetInt32());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([sms, heard, confirmed], items.Select(i => i.GetProperty("messageId").GetInt64()));
        Assert.Equal(["Info", "Prevention", "Alarm"], items.Select(i => i.GetProperty("kind").GetString()));

        var text = OnlyLine(items[0]);
        Assert.Equal(("Sms", "Delivered", JsonValueKind.Null), (text.GetProperty("channel").GetString(), text.GetProperty("status").GetString(),
            text.GetProperty("call").ValueKind));
        Assert.Equal(PhoneNumber.Mask(mobile), text.GetProperty("to").GetString());

        var heardCall = OnlyLine(items[1]);
        Assert.Equal(("Voice", "Sent"), (heardCall.GetProperty("channel").GetString(), heardCall.GetProperty("status").GetString()));
        Assert.Equal("AnsweredNotConfirmed", heardCall.GetProperty("call").GetProperty("state").GetString());
        Assert.Equal(3, heardCall.GetProperty("call").GetProperty("calls").GetInt32());
        Assert.Equal(JsonValueKind.Null, heardCall.GetProperty("call").GetProperty("confirmedAt").ValueKind);

        var confirmedCall = OnlyLine(items[2]);
        Assert.Equal(("Voice", "Delivered"), (confirmedCall.GetProperty("channel").GetString(), confirmedCall.GetProperty("status").GetString()));
        Assert.Equal("Confirmed", confirmedCall.GetProperty("call").GetProperty("state").GetString());
        Assert.Equal(1, confirmedCall.GetProperty("call").GetProperty("calls").GetInt32());
        Assert.Equal(app.Clock.Now.AddHours(-2).AddSeconds(45), confirmedCall.GetProperty("call").GetProperty("confirmedAt").GetDateTimeOffset());
        Assert.Equal(PhoneNumber.Mask(landline), confirmedCall.GetProperty("to").GetString());

        // Only the last 2 digits of either number are on screen (the one masking rule, PhoneNumber.Masked).
        var raw = history.GetRawText();
        Assert.DoesNotContain(landline[..^3], raw);
        Assert.DoesNotContain(mobile[..^3], raw);
    }

    [Fact]
    public async Task The_history_page_shows_each_outcome_and_call_in_the_members_language_in_an_accessible_table()
    {
        var (_, home, landline, mobile) = await SetUpAsync();
        await ThreeMessagesAsync(home.MemberId, landline, mobile);
        var client = app.ClientFor(home.Person.Token, "nl-BE");

        Assert.Contains("href=\"/Me/History\"", await client.GetStringAsync("/Me"));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/History"));

        Assert.Contains("<h1>Mijn berichtgeschiedenis</h1>", html);
        Assert.Contains("<caption class=\"hint\">Ontvangen berichten, nieuwste eerst", html);
        Assert.Equal(5, Regex.Count(html, "<th scope=\"col\">"));
        Assert.Equal(3, Regex.Count(html, "<th scope=\"rowgroup\""));
        Assert.Contains("Bevestigd (1 gedrukt)", html);
        Assert.Contains("1 gedrukt op", html);
        Assert.Contains("1 oproep gedaan", html);
        Assert.Contains("Opgenomen, niet bevestigd", html);
        Assert.Contains("3 oproepen gedaan", html);
        Assert.Contains("Afgeleverd", html);
        Assert.Contains("Verstuurd", html);
        Assert.Contains("Politiealarm", html);
        Assert.Contains("Spraakoproep", html);
        Assert.Contains(PhoneNumber.Mask(landline), html);
        Assert.DoesNotContain(landline[..^3], html);
        Assert.DoesNotContain(mobile[..^3], html);
        // Newest first: the SMS of the info message before the alarm's call.
        Assert.True(html.IndexOf("Buurtfeest zaterdag", StringComparison.Ordinal) < html.IndexOf("Inbraak bezig", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_placed_by_the_sending_engine_show_in_the_history_with_their_state_and_how_many_calls_were_made()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, Channels.Voice | Channels.Web));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var (presses1, listens) = (Landline(), Landline());
        var first = await app.HouseholdAsync(world, bin.Id, name: "Presses One", language: "nl", email: null, phones: [(presses1, false, true)]);
        var second = await app.HouseholdAsync(world, bin.Id, name: "Only Listens", language: "nl", email: null, phones: [(listens, false, true)]);
        var alarm = await app.SendAsync(officer.Token, UiBuilders.Alarm(bin.Id));
        var gateway = new ScriptedCalls().Answers(presses1, CallOutcome.Confirmed)
            .Answers(listens, CallOutcome.AnsweredNotConfirmed, CallOutcome.AnsweredNotConfirmed, CallOutcome.AnsweredNotConfirmed, CallOutcome.Confirmed);
        var retry = new CallRetryOptions { RetryAfter = TimeSpan.FromMinutes(5), MaxAttempts = 3 };
        var calls = new CallDispatcher(app.Services.GetRequiredService<IServiceScopeFactory>(), gateway, app.Clock,
            app.Services.GetRequiredService<DispatchSignal>(), new DispatchOptions(), retry, NullLogger<CallDispatcher>.Instance);
        for (var round = 0; round < 4; round++)
        {
            await calls.RoundAsync(default);
            app.Clock.Advance(retry.RetryAfter + TimeSpan.FromSeconds(1));
        }
        await app.DispatchAllAsync(); // the web inbox rows

        var mine = (await HistoryAsync(app.ClientFor(first.Person.Token))).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("messageId").GetInt64() == alarm);
        var call = mine.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("channel").GetString() == "Voice");
        Assert.Equal(("Delivered", "Confirmed", 1), (call.GetProperty("status").GetString(), call.GetProperty("call").GetProperty("state").GetString(),
            call.GetProperty("call").GetProperty("calls").GetInt32()));
        Assert.NotEqual(JsonValueKind.Null, call.GetProperty("call").GetProperty("confirmedAt").ValueKind);
        var web = mine.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("channel").GetString() == "Web");
        Assert.Equal("Sent", web.GetProperty("status").GetString());

        var theirs = (await HistoryAsync(app.ClientFor(second.Person.Token))).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("messageId").GetInt64() == alarm);
        var heard = theirs.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("channel").GetString() == "Voice");
        Assert.Equal(gateway.Placed.Count(p => p.To == listens), heard.GetProperty("call").GetProperty("calls").GetInt32());
        Assert.Equal(("Sent", "AnsweredNotConfirmed", 3), (heard.GetProperty("status").GetString(), heard.GetProperty("call").GetProperty("state").GetString(),
            heard.GetProperty("call").GetProperty("calls").GetInt32()));
        Assert.Equal(JsonValueKind.Null, heard.GetProperty("call").GetProperty("confirmedAt").ValueKind);
    }

    [Fact]
    public async Task The_history_is_paged_twenty_messages_at_a_time_newest_first_and_a_page_below_1_is_refused_in_the_members_language()
    {
        var (_, home, _, mobile) = await SetUpAsync();
        var ids = new List<long>();
        for (var n = 1; n <= 23; n++)
        {
            ids.Add(await app.ReceivedAsync(home.MemberId, MessageKind.Info, $"Bericht nummer {n}", lines: SmsTo(mobile)));
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        ids.Reverse();
        var client = app.ClientFor(home.Person.Token, "nl-BE");

        var first = await HistoryAsync(client);
        Assert.Equal((23, 1, 20, 2), (first.GetProperty("total").GetInt32(), first.GetProperty("pageNumber").GetInt32(), first.GetProperty("pageSize").GetInt32(),
            first.GetProperty("lastPage").GetInt32()));
        Assert.Equal(ids.Take(20), first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId").GetInt64()));
        var second = await HistoryAsync(client, "?page=2");
        Assert.Equal(ids.Skip(20), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId").GetInt64()));
        Assert.Equal(2, (await HistoryAsync(client, "?page=9")).GetProperty("pageNumber").GetInt32()); // beyond the last: the last

        var refused = await client.GetAsync("/api/v1/me/history?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Kies een pagina van 1 tot", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("page")[0].GetString());

        var page2 = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/History?p=2"));
        Assert.Contains("Pagina 2 van 2", page2);
        Assert.Contains("href=\"?p=1\"", page2);
        Assert.Contains("Bericht nummer 1<", page2);
        Assert.DoesNotContain("Bericht nummer 23", page2);
        var page0 = WebUtility.HtmlDecode(await client.GetStringAsync("/Me/History?p=0"));
        Assert.Contains("Kies een pagina van 1 tot", page0);
        Assert.DoesNotContain("Bericht nummer", page0);
    }

    [Fact]
    public async Task A_member_never_sees_another_households_deliveries_not_even_of_the_same_alarm_nor_by_naming_them()
    {
        var (bin, home, landline, _) = await SetUpAsync();
        var neighbour = await app.HouseholdAsync(world, bin.Id, name: "Paul Peeters", phones: [("+32471000999", true, true)]);
        var elsewhere = await world.BinAsync(await world.PlaceAsync(), BinStatus.Active);
        var stranger = await app.HouseholdAsync(world, elsewhere.Id, name: "Ann Stranger", phones: [("+32472000888", true, true)]);
        var shared = await app.ReceivedAsync(MessageKind.Alarm, "Inbraak bezig", "nl",
            (home.MemberId, ConfirmedCall(landline)), (neighbour.MemberId, SmsTo("+32471000999")), (neighbour.MemberId, WebTo(neighbour.Person.User.Id)));
        var theirsOnly = await app.ReceivedAsync(neighbour.MemberId, MessageKind.Prevention, "Alleen voor Paul", lines: SmsTo("+32471000999"));
        var foreign = await app.ReceivedAsync(stranger.MemberId, MessageKind.Alarm, "Elders in het land", lines: SmsTo("+32472000888"));
        var client = app.ClientFor(home.Person.Token);

        // Naming the other households changes nothing: the route acts on the caller's own household only.
        foreach (var query in new[] { "", $"?memberId={neighbour.MemberId}", $"?memberId={stranger.MemberId}&page=1" })
        {
            var history = await HistoryAsync(client, query);
            var item = Assert.Single(history.GetProperty("items").EnumerateArray());
            Assert.Equal(shared, item.GetProperty("messageId").GetInt64());
            Assert.Equal("Voice", OnlyLine(item).GetProperty("channel").GetString());
            Assert.Equal(PhoneNumber.Mask(landline), OnlyLine(item).GetProperty("to").GetString());
            Assert.Equal(1, history.GetProperty("total").GetInt32());
        }
        var html = await client.GetStringAsync($"/Me/History?memberId={neighbour.MemberId}");
        Assert.DoesNotContain("Alleen voor Paul", html);
        Assert.DoesNotContain("Elders in het land", html);

        // And the neighbour sees their own lines of the shared alarm, not this household's call.
        var theirs = await HistoryAsync(app.ClientFor(neighbour.Person.Token));
        Assert.Equal([theirsOnly, shared], theirs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId").GetInt64()));
        Assert.Equal(["Sms", "Web"], theirs.GetProperty("items")[1].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("channel").GetString()));
        Assert.DoesNotContain(foreign.ToString(), theirs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("messageId").GetInt64().ToString()));
    }

    [Fact]
    public async Task Reading_the_history_is_audited_without_the_members_name()
    {
        var (_, home, _, mobile) = await SetUpAsync();
        await app.ReceivedAsync(home.MemberId, MessageKind.Info, "Buurtfeest", lines: SmsTo(mobile));
        await HistoryAsync(app.ClientFor(home.Person.Token));
        await app.ClientFor(home.Person.Token).GetStringAsync("/Me/History");

        await using var db = app.Db();
        var audit = await db.AuditEntries.Where(a => a.UserId == home.Person.User.Id && a.Action == "ReadPersonalData").ToListAsync();
        Assert.Equal(2, audit.Count);
        Assert.All(audit, a => Assert.Equal((nameof(Member), home.MemberId.ToString()), (a.EntityType, a.EntityId)));
        Assert.All(audit, a => Assert.Contains("history", a.Details));
        Assert.All(audit, a => Assert.DoesNotContain("Jan", a.UserName));
    }

    [Fact]
    public async Task Other_roles_are_refused_and_an_account_without_a_household_gets_not_found_on_record()
    {
        var (bin, _, _, _) = await SetUpAsync();
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(coordinator.Token).GetAsync("/api/v1/me/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(coordinator.Token).GetAsync("/Me/History")).StatusCode);

        var lone = await world.PersonAsync(Roles.Member);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(lone.Token).GetAsync("/api/v1/me/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(lone.Token).GetAsync("/Me/History")).StatusCode);
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == lone.User.Id && a.Action == "ReadHistory" && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task A_call_not_placed_yet_and_an_alarm_that_fell_back_to_sms_say_so()
    {
        var (_, home, landline, mobile) = await SetUpAsync();
        var failedCall = new Line(Channels.Voice, landline, DeliveryState.Failed, CallState.NoAnswer, Attempts: 3);
        var alarm = await app.ReceivedAsync(home.MemberId, MessageKind.Alarm, "Inbraak", lines: failedCall);
        long callRow;
        await using (var db = app.Db())
            callRow = await db.Deliveries.Where(d => d.MessageId == alarm).Select(d => d.Id).SingleAsync();
        await using (var db = app.Db())
        {
            db.Deliveries.Add(new Delivery
            {
                MessageId = alarm, MemberId = home.MemberId, Kind = "Alarm", Channel = Channels.Sms, Recipient = mobile, Language = "nl",
                State = DeliveryState.Planned, DueAt = app.Clock.Now, FailoverOfId = callRow,
            });
            await db.SaveChangesAsync();
        }
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.ReceivedAsync(home.MemberId, MessageKind.Prevention, "Nog te bellen", lines: new Line(Channels.Voice, landline, DeliveryState.AudioReady, Attempts: 1));

        var items = (await HistoryAsync(app.ClientFor(home.Person.Token))).GetProperty("items");
        var notCalled = OnlyLine(items[0]);
        Assert.Equal(("Waiting", JsonValueKind.Null), (notCalled.GetProperty("status").GetString(), notCalled.GetProperty("call").ValueKind));
        var lines = items[1].GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal([("Voice", "Failed", false), ("Sms", "Waiting", true)], // the fallback after the channel it replaces
            lines.Select(l => (l.GetProperty("channel").GetString(), l.GetProperty("status").GetString(), l.GetProperty("fallback").GetBoolean())));
        Assert.Equal(("NoAnswer", 3), (lines[0].GetProperty("call").GetProperty("state").GetString(), lines[0].GetProperty("call").GetProperty("calls").GetInt32()));

        var html = WebUtility.HtmlDecode(await app.ClientFor(home.Person.Token, "fr-BE").GetStringAsync("/Me/History"));
        Assert.Contains("Pas encore appelé", html);
        Assert.Contains("à la place d'un canal qui a échoué", html);
        Assert.Contains("Pas de réponse", html);
        Assert.Contains("3 appels passés", html);
    }
}
