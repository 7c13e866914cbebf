using System.Text.RegularExpressions;
using BinHub.Features.Messages;

namespace BinHub.Tests.Messages;

/// <summary>
/// After a message, the dashboard names the households it reached on no channel — including those it planned nothing for,
/// who appeared nowhere before — with their numbers, for those who may see the BIN's members.
/// </summary>
public class UnreachedTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    /// <summary>A household added on paper: no account (so no web inbox), only what is given here.</summary>
    private async Task<int> PaperHouseholdAsync(int binId, string name, string? email = null, params (string Number, bool Mobile, bool Verified)[] phones)
    {
        await using var db = app.Db();
        var now = app.Clock.Now;
        var member = new Member
        {
            BinId = binId, Name = name, Street = "Kerkstraat", HouseNumber = "7", Email = email, EmailVerifiedAt = email is null ? null : now,
            Language = "nl", State = MemberState.Active, ConsentVersion = "2024-1", ConsentAt = now, ConsentOnPaper = true, CreatedAt = now, UpdatedAt = now,
            Phones = phones.Select(p => new MemberPhone { Number = p.Number, IsMobile = p.Mobile, Verified = p.Verified, VerifiedAt = p.Verified ? now : null }).ToList(),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    private static string Landline() => $"+3292{Random.Shared.Next(100000, 999999)}";

    private async Task<(UiBuilders.Setup S, long Id, string Landline, int Mailed)> AlarmAsync()
    {
        var s = await app.MessagingSetupAsync(world);
        var landline = Landline();
        await PaperHouseholdAsync(s.Bin.Id, "Albert Vaste Lijn", phones: (landline, false, false));
        var mailed = await PaperHouseholdAsync(s.Bin.Id, "Bea Mail", email: $"bea{Random.Shared.Next()}@example.test");
        var id = await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id));
        await using var db = app.Db();
        // Bea's e-mail arrived; every delivery to Jan failed.
        await db.Deliveries.Where(d => d.MessageId == id && d.MemberId == mailed).ExecuteUpdateAsync(x => x.SetProperty(d => d.State, DeliveryState.Delivered));
        await db.Deliveries.Where(d => d.MessageId == id && d.MemberId == s.Jan.MemberId).ExecuteUpdateAsync(x => x.SetProperty(d => d.State, DeliveryState.Failed));
        return (s, id, landline, mailed);
    }

    [Fact]
    public async Task A_member_with_only_an_unverified_landline_is_listed_with_the_number_for_the_coordinator_and_reading_it_is_audited()
    {
        var (s, id, landline, mailed) = await AlarmAsync();

        var view = await app.ClientFor(s.Coordinator.Token).GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");

        var unreached = view.GetProperty("notReached");
        var names = unreached.GetProperty("households").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!);
        Assert.Equal(2, unreached.GetProperty("count").GetInt32()); // Albert (nothing planned) and Jan (all failed); Marie is still pending
        Assert.Equal([landline], names["Albert Vaste Lijn"].GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
        Assert.True(names.ContainsKey("Jan Peeters"));
        Assert.False(names.ContainsKey("Bea Mail"));
        Assert.DoesNotContain(names.Values, h => h.GetProperty("memberId").GetInt32() == mailed);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == s.Coordinator.User.Id && a.Action == "ReadPersonalData" && a.EntityId == id.ToString()
            && a.Details!.Contains("unreached")));
    }

    [Fact]
    public async Task The_dashboard_page_and_its_progress_request_list_the_unreached_with_their_numbers()
    {
        var (s, id, landline, _) = await AlarmAsync();
        var officer = app.ClientFor(s.Officer.Token);

        var html = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Messages/Details/{id}"));
        var section = html[html.IndexOf("id=\"unreached\"", StringComparison.Ordinal)..];
        Assert.Contains("Albert Vaste Lijn", section);
        Assert.Contains($"href=\"tel:{landline}\"", section);
        Assert.DoesNotContain("Bea Mail", section);

        var progress = await officer.GetFromJsonAsync<JsonElement>($"/Messages/Details/{id}?handler=Progress");
        var households = progress.GetProperty("notReached").GetProperty("households").EnumerateArray().ToList();
        Assert.Contains(households, h => h.GetProperty("name").GetString() == "Albert Vaste Lijn"
            && h.GetProperty("phones").EnumerateArray().Single().GetString() == landline);
    }

    [Fact]
    public async Task An_officer_of_another_zone_gets_404_and_no_names()
    {
        var (_, id, _, _) = await AlarmAsync();
        var stranger = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);

        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/api/v1/messages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/Messages/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(stranger.Token).GetAsync($"/Messages/Details/{id}?handler=Progress")).StatusCode);
    }

    [Fact]
    public async Task The_national_view_counts_the_unreached_without_names_or_numbers()
    {
        var (_, id, _, _) = await AlarmAsync();
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);

        var view = await app.ClientFor(national.Token).GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}");

        Assert.Equal(2, view.GetProperty("notReached").GetProperty("count").GetInt32());
        Assert.Empty(view.GetProperty("notReached").GetProperty("households").EnumerateArray());
    }

    /// <summary>An alarm to a BIN with <paramref name="n"/> households that have only an unverified landline: all of them unreached.</summary>
    private async Task<(UiBuilders.Setup S, long Id)> ManyUnreachedAsync(int n)
    {
        var s = await app.MessagingSetupAsync(world);
        await using (var db = app.Db())
        {
            var now = app.Clock.Now;
            db.Members.AddRange(Enumerable.Range(1, n).Select(i => new Member
            {
                BinId = s.Bin.Id, Name = $"Huis {i:000}", Street = "Kerkstraat", HouseNumber = i.ToString(), Language = "nl", State = MemberState.Active,
                ConsentVersion = "2024-1", ConsentAt = now, ConsentOnPaper = true, CreatedAt = now, UpdatedAt = now,
                Phones = [new MemberPhone { Number = $"+3292{i:000000}", IsMobile = false }],
            }));
            await db.SaveChangesAsync();
        }
        return (s, await app.SendAsync(s.Officer.Token, UiBuilders.Alarm(s.Bin.Id)));
    }

    private static List<string> Names(JsonElement notReached) =>
        notReached.GetProperty("households").EnumerateArray().Select(h => h.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task Many_unreached_are_counted_in_full_and_listed_a_page_at_a_time_in_name_order_through_the_api()
    {
        var (s, id) = await ManyUnreachedAsync(Unreached.PageSize + 10);
        var officer = app.ClientFor(s.Officer.Token);

        var first = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}")).GetProperty("notReached");
        var second = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}?unreachedPage=2")).GetProperty("notReached");
        var beyond = (await officer.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}?unreachedPage=9")).GetProperty("notReached");

        Assert.Equal((Unreached.PageSize + 10, 1, 2), (first.GetProperty("count").GetInt32(), first.GetProperty("page").GetInt32(), first.GetProperty("pages").GetInt32()));
        Assert.Equal(Unreached.PageSize, Names(first).Count);
        Assert.Equal((2, 10), (second.GetProperty("page").GetInt32(), Names(second).Count));
        var expected = Enumerable.Range(1, Unreached.PageSize + 10).Select(i => $"Huis {i:000}").ToList();
        Assert.Equal(expected, Names(first).Concat(Names(second)));
        // A page past the end is the last one, not an empty list that looks like "nobody left to phone".
        Assert.Equal(2, beyond.GetProperty("page").GetInt32());
        Assert.Equal(Names(second), Names(beyond));
    }

    [Fact]
    public async Task The_dashboard_shows_the_count_and_one_page_of_the_unreached_with_links_to_the_others()
    {
        var (s, id) = await ManyUnreachedAsync(Unreached.PageSize + 10);
        var officer = app.ClientFor(s.Officer.Token);

        var first = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Messages/Details/{id}"));
        var second = WebUtility.HtmlDecode(await officer.GetStringAsync($"/Messages/Details/{id}?unreachedPage=2"));

        var section = first[first.IndexOf("id=\"unreached\"", StringComparison.Ordinal)..];
        Assert.Contains($"{Unreached.PageSize + 10} households to phone", section);
        Assert.Equal(Unreached.PageSize, Regex.Count(section, "href=\"tel:"));
        Assert.Contains("Huis 001", section);
        Assert.DoesNotContain($"Huis {Unreached.PageSize + 1:000}", section);
        Assert.Contains("Page 1 of 2", section);
        Assert.Contains($"href=\"/Messages/Details/{id}?unreachedPage=2#unreached\"", section);
        var rest = second[second.IndexOf("id=\"unreached\"", StringComparison.Ordinal)..];
        Assert.Equal(10, Regex.Count(rest, "href=\"tel:"));
        Assert.Contains($"Huis {Unreached.PageSize + 10:000}", rest);
        Assert.Contains($"href=\"/Messages/Details/{id}?unreachedPage=1#unreached\"", rest);
    }

    [Fact]
    public async Task A_failed_list_cut_at_its_limit_says_how_many_failed_deliveries_it_leaves_out()
    {
        var (s, id) = await ManyUnreachedAsync(3);
        await using (var db = app.Db())
        {
            var member = await db.Members.FirstAsync(m => m.BinId == s.Bin.Id);
            var now = app.Clock.Now;
            db.Deliveries.AddRange(Enumerable.Range(0, GetMessage.FailedListed + 1).Select(i => new Delivery
            {
                MessageId = id, MemberId = member.Id, Channel = Channels.Sms, Recipient = $"+3247{i:0000000}", Language = "nl",
                State = DeliveryState.Failed, DueAt = now, LastError = "rejected",
            }));
            await db.SaveChangesAsync();
        }
        var html = WebUtility.HtmlDecode(await app.ClientFor(s.Officer.Token).GetStringAsync($"/Messages/Details/{id}"));
        var total = Regex.Match(html, "<p class=\"hint\" id=\"failed-cut\">Only the first (\\d+) of (\\d+) failed deliveries").Groups;
        Assert.Equal(GetMessage.FailedListed.ToString(), total[1].Value);
        Assert.True(int.Parse(total[2].Value) > GetMessage.FailedListed);
    }
}
