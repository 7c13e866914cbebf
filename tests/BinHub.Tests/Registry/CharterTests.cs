using BinHub.Features.Dispatch;
using System.Text.RegularExpressions;
using BinHub.Gateways;
using BinHub.Gateways.Email;
using BinHub.Gateways.Sms;
using BinHub.Gateways.Voice;
using BinHub.Features.Sms;
using Microsoft.Extensions.Logging.Abstractions;

namespace BinHub.Tests.Registry;

public class CharterTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    public static TheoryData<string> Orders => new() { "BPM", "BMP", "PBM", "PMB", "MBP", "MPB" };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Three_approvals_in_any_order_make_the_bin_active_with_a_registration_number(string order)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.AwaitingSignatures);
        var (coordinator, officer, municipality) = await world.PartiesAsync(place, bin.Id);
        var byLetter = new Dictionary<char, (World.Person Who, string Party)>
        {
            ['B'] = (coordinator, "Bin"), ['P'] = (officer, "Police"), ['M'] = (municipality, "Municipality"),
        };

        JsonElement last = default;
        for (var n = 0; n < 3; n++)
        {
            var (who, party) = byLetter[order[n]];
            var response = await app.ClientFor(who.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(n == 2, last.GetProperty("complete").GetBoolean());
            Assert.Equal(n == 2 ? "Active" : "AwaitingSignatures", last.GetProperty("status").GetString());
        }
        var number = last.GetProperty("registrationNumber").GetString()!;
        Assert.Matches(new Regex($"^BIN-{place.Zone}-\\d{{4}}$"), number);

        await using var db = app.Db();
        var saved = await db.Bins.Include(b => b.StatusChanges).Include(b => b.Charters).FirstAsync(b => b.Id == bin.Id);
        Assert.Equal(BinStatus.Active, saved.Status);
        Assert.Equal(app.Clock.Now.AddMonths(36), saved.Charters.Single().ValidUntil);
        Assert.Contains(saved.StatusChanges, s => s.From == BinStatus.AwaitingSignatures && s.To == BinStatus.Active);
    }

    [Fact]
    public async Task Registration_numbers_are_unique_per_zone_and_never_reused_after_dissolution()
    {
        var place = await world.PlaceAsync();
        var numbers = new List<string>();
        for (var n = 0; n < 2; n++)
        {
            var bin = await world.BinAsync(place, BinStatus.AwaitingSignatures);
            var (c, o, m) = await world.PartiesAsync(place, bin.Id);
            await app.ClientFor(c.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Bin" });
            await app.ClientFor(m.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Municipality" });
            var r = await (await app.ClientFor(o.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Police" }))
                .Content.ReadFromJsonAsync<JsonElement>();
            numbers.Add(r.GetProperty("registrationNumber").GetString()!);
            var dissolve = await app.ClientFor(o.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/status", new { to = "Dissolved", reason = "test" });
            Assert.Equal(HttpStatusCode.OK, dissolve.StatusCode);
        }
        Assert.Equal([$"BIN-{place.Zone}-0001", $"BIN-{place.Zone}-0002"], numbers);
    }

    [Fact]
    public async Task A_party_cannot_approve_twice_nor_for_another_party()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.AwaitingSignatures);
        var (coordinator, _, _) = await world.PartiesAsync(place, bin.Id);
        var client = app.ClientFor(coordinator.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Bin" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Bin" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party = "Police" })).StatusCode);
        await using var db = app.Db();
        Assert.Equal(1, await db.CharterApprovals.CountAsync(a => db.Charters.Any(x => x.Id == a.CharterId && x.BinId == bin.Id)));
    }

    public static TheoryData<BinStatus, BinStatus> IllegalTransitions()
    {
        var legal = new HashSet<(BinStatus, BinStatus)>
        {
            (BinStatus.Draft, BinStatus.AwaitingSignatures), (BinStatus.AwaitingSignatures, BinStatus.Draft),
            (BinStatus.Active, BinStatus.Suspended), (BinStatus.Suspended, BinStatus.Active),
            (BinStatus.Draft, BinStatus.Dissolved), (BinStatus.AwaitingSignatures, BinStatus.Dissolved),
            (BinStatus.Active, BinStatus.Dissolved), (BinStatus.Suspended, BinStatus.Dissolved),
        };
        var data = new TheoryData<BinStatus, BinStatus>();
        foreach (var from in Enum.GetValues<BinStatus>())
        foreach (var to in Enum.GetValues<BinStatus>())
            if (!legal.Contains((from, to))) data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public async Task Illegal_transition_is_refused_and_changes_nothing(BinStatus from, BinStatus to)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, from);
        var kc = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var response = await app.ClientFor(kc.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/status", new { to = to.ToString(), reason = "try" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Db();
        Assert.Equal(from, (await db.Bins.FindAsync(bin.Id))!.Status);
    }

    [Fact]
    public async Task Suspending_needs_a_reason_and_the_police_and_is_kept_in_the_history()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var url = $"/api/v1/bins/{bin.Id}/status";

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(coordinator.Token).PostAsJsonAsync(url, new { to = "Suspended", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(officer.Token).PostAsJsonAsync(url, new { to = "Suspended", reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(officer.Token).PostAsJsonAsync(url, new { to = "Suspended", reason = "no coordinator" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(officer.Token).PostAsJsonAsync(url, new { to = "Active", reason = "new coordinator found" })).StatusCode);

        var details = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}");
        var history = details.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()!).ToArray();
        Assert.Equal(["Draft", "AwaitingSignatures", "Active", "Suspended", "Active"], history);
        Assert.Equal("no coordinator", details.GetProperty("history")[3].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Submitting_for_signatures_creates_the_pending_charter()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        var response = await app.ClientFor(coordinator.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/status", new { to = "AwaitingSignatures" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = app.Db();
        var charter = await db.Charters.SingleAsync(c => c.BinId == bin.Id);
        Assert.Equal(1, charter.Version);
        Assert.Null(charter.FullyApprovedAt);
    }

    [Fact]
    public async Task Reminders_are_planned_60_and_30_days_before_lapse_and_sent_when_due()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.AwaitingSignatures);
        var (c, o, m) = await world.PartiesAsync(place, bin.Id);
        await using (var db0 = app.Db())
        {
            (await db0.Bins.FindAsync(bin.Id))!.MandatedOfficerId = o.User.Id;
            await db0.SaveChangesAsync();
        }
        foreach (var (who, party) in new[] { (c, "Bin"), (o, "Police"), (m, "Municipality") })
            await app.ClientFor(who.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party });

        await using var db = app.Db();
        var charter = await db.Charters.SingleAsync(x => x.BinId == bin.Id);
        var planned = await db.Deliveries.Where(x => x.Kind == "CharterReminder" && x.DedupKey!.StartsWith($"charter:{charter.Id}:")).ToListAsync();
        Assert.Equal(6, planned.Count); // 3 parties × 2 reminders
        Assert.Equal(3, planned.Count(x => x.DueAt == charter.ValidUntil!.Value.AddDays(-60)));
        Assert.Equal(3, planned.Count(x => x.DueAt == charter.ValidUntil!.Value.AddDays(-30)));
        Assert.Equal(new[] { c.User.Email, m.User.Email, o.User.Email }.Order(), planned.Select(x => x.Recipient).Distinct().Order());

        var sender = new DevOutboxEmailSender();
        var clock = new TestClock(charter.ValidUntil!.Value.AddDays(-61));
        await TestDispatch.RunAsync(db, sender, new DevOutboxSmsSender(), clock, NullLogger.Instance, default);
        Assert.All(await Reload(), x => Assert.Equal(DeliveryState.Planned, x.State));
        clock.Now = charter.ValidUntil.Value.AddDays(-59);
        await TestDispatch.RunAsync(db, sender, new DevOutboxSmsSender(), clock, NullLogger.Instance, default);
        Assert.Equal(3, (await Reload()).Count(x => x.State == DeliveryState.Sent));
        clock.Now = charter.ValidUntil.Value.AddDays(-29);
        await TestDispatch.RunAsync(db, sender, new DevOutboxSmsSender(), clock, NullLogger.Instance, default);
        Assert.Equal(6, (await Reload()).Count(x => x.State == DeliveryState.Sent && x.Via == "dev-outbox"));

        async Task<List<Delivery>> Reload()
        {
            db.ChangeTracker.Clear();
            return await db.Deliveries.Where(x => x.DedupKey!.StartsWith($"charter:{charter.Id}:")).ToListAsync();
        }
    }

    [Fact]
    public async Task A_lapsed_charter_is_renewed_by_three_new_approvals_keeping_the_registration_number()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active, activeSince: app.Clock.Now.AddMonths(-37));
        var (c, o, m) = await world.PartiesAsync(place, bin.Id);
        var fresh = await world.BinAsync(place, BinStatus.Active);
        var refused = await app.ClientFor(o.Token).PostAsync($"/api/v1/bins/{fresh.Id}/charter/renewal", null);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // still valid for years

        var renewal = await app.ClientFor(c.Token).PostAsync($"/api/v1/bins/{bin.Id}/charter/renewal", null);
        Assert.Equal(HttpStatusCode.OK, renewal.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(c.Token).PostAsync($"/api/v1/bins/{bin.Id}/charter/renewal", null)).StatusCode);
        foreach (var (who, party) in new[] { (m, "Municipality"), (c, "Bin"), (o, "Police") })
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(who.Token).PostAsJsonAsync($"/api/v1/bins/{bin.Id}/charter/approvals", new { party })).StatusCode);

        var details = await app.ClientFor(o.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}");
        Assert.Equal(bin.RegistrationNumber, details.GetProperty("registrationNumber").GetString());
        Assert.Equal(2, details.GetProperty("charter").GetProperty("version").GetInt32());
        Assert.Equal("Valid", details.GetProperty("charter").GetProperty("state").GetString());
        Assert.Equal("Active", details.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_lapsed_charter_is_flagged_in_the_registry()
    {
        var place = await world.PlaceAsync();
        await world.BinAsync(place, BinStatus.Active, "Lapsing BIN", activeSince: app.Clock.Now.AddMonths(-36).AddDays(10));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var client = app.ClientFor(officer.Token);
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}");
        Assert.Equal("ExpiringSoon", before.GetProperty("items")[0].GetProperty("charterState").GetString());
        app.Clock.Advance(TimeSpan.FromDays(11));
        try
        {
            var after = await client.GetFromJsonAsync<JsonElement>($"/api/v1/bins?zone={place.Zone}");
            Assert.Equal("Lapsed", after.GetProperty("items")[0].GetProperty("charterState").GetString());
        }
        finally { app.Clock.Advance(TimeSpan.FromDays(-11)); }
    }

    [Fact]
    public async Task A_failing_smtp_is_retried_with_backoff_and_marked_failed_after_the_last_attempt()
    {
        await using var db = app.Db();
        var key = $"test:{Guid.NewGuid()}";
        db.Deliveries.Add(new Delivery
        {
            Channel = Channels.Email, Recipient = "x@test.invalid", Subject = "s", Body = "b", Kind = "Test", DedupKey = key, CreatedAt = app.Clock.Now, DueAt = app.Clock.Now,
        });
        await db.SaveChangesAsync();
        var clock = new TestClock(app.Clock.Now);
        for (var n = 0; n < DispatchPolicy.Notice.MaxAttempts; n++)
        {
            await TestDispatch.RunAsync(db, new BrokenSender(), new DevOutboxSmsSender(), clock, NullLogger.Instance, default);
            clock.Advance(TimeSpan.FromDays(1));
        }
        db.ChangeTracker.Clear();
        var message = await db.Deliveries.SingleAsync(x => x.DedupKey == key);
        Assert.Equal(DeliveryState.Failed, message.State);
        Assert.Equal(DispatchPolicy.Notice.MaxAttempts, message.Attempts);
        Assert.Contains("refused", message.LastError);
    }

    private sealed class BrokenSender : IEmailSender
    {
        public Task<string> SendAsync(string to, string subject, string body, CancellationToken ct) =>
            throw new InvalidOperationException("SMTP server refused the connection");
    }
}

