using BinHub.Features.Members;
using BinHub.Features.Messages;

namespace BinHub.Tests.Members;

/// <summary>
/// "Reachable" is written three times on purpose — in memory, as an EF expression and as SQL (<see cref="MemberReach"/>) —
/// and means one thing: what the planner sends. One BIN of households in every combination the rule looks at holds the
/// forms together on the provider under test.
/// </summary>
public class MemberReachTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private sealed record TestPhone(bool Mobile, bool Verified, bool Stop = false);

    private static readonly (string Name, TestPhone[] Phones)[] PhoneCases =
    [
        ("no phone", []),
        ("verified mobile", [new(true, true)]),
        ("unverified mobile", [new(true, false)]),
        ("verified mobile, STOP", [new(true, true, Stop: true)]),
        ("unverified mobile, STOP", [new(true, false, Stop: true)]),
        ("verified landline", [new(false, true)]),
        ("unverified landline", [new(false, false)]),
        ("verified landline and mobile", [new(false, true), new(true, true)]),
        ("unverified landline, verified mobile", [new(false, false), new(true, true)]),
        ("verified landline, verified mobile with STOP", [new(false, true), new(true, true, Stop: true)]),
        ("verified landline, unverified mobile", [new(false, true), new(true, false)]),
    ];

    private static readonly (string Name, bool Address, bool Confirmed, bool Paper)[] EmailCases =
    [
        ("no e-mail", false, false, false),
        ("confirmed e-mail", true, true, false),
        ("unconfirmed e-mail", true, false, false),
        ("e-mail on the paper form", true, false, true),
        ("e-mail on the paper form, since confirmed", true, true, true),
        // Not written by any flow today (a changed or erased address loses its stamp), but the table allows it: the forms must still agree.
        ("confirmation stamp without an address", false, true, false),
    ];

    [Fact]
    public async Task The_in_memory_rule_the_query_and_the_alarm_sql_agree_with_what_the_planner_sends_for_every_kind_of_household()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        const Channels every = Channels.Sms | Channels.Voice | Channels.Email | Channels.Web;
        await using (var db = app.Db())
            await db.Bins.Where(b => b.Id == bin.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.UrgentChannels, every));
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var today = new DateOnly(2026, 3, 2); // the test clock: 2 March 2026, 10:00 in Brussels

        // Every phone case × every e-mail case × with and without an account, active; then the fully reachable household in
        // each state in which nothing is sent. Numbers and addresses are unique: the planner's one-delivery-per-recipient
        // rule must not hide a household.
        var n = 0;
        var why = new Dictionary<int, string>();
        async Task AddAsync(string label, TestPhone[] phones, (string Name, bool Address, bool Confirmed, bool Paper) email, bool account,
            MemberState state = MemberState.Active, bool erased = false, DateOnly? pausedFrom = null, DateOnly? pausedUntil = null)
        {
            var i = ++n;
            await using var db = app.Db();
            var now = app.Clock.Now;
            var member = new Member
            {
                BinId = bin.Id, Name = $"Household {i}", Street = "Kerkstraat", HouseNumber = i.ToString(), Language = "nl", State = state,
                Email = email.Address ? $"h{i}@reach.test" : null, EmailVerifiedAt = email.Confirmed ? now.AddDays(-1) : null,
                ConsentVersion = "2024-1", ConsentAt = now.AddDays(-2), ConsentOnPaper = email.Paper,
                UserId = account ? await world.MemberAccountAsync() : null,
                PausedFrom = pausedFrom, PausedUntil = pausedUntil, ErasedAt = erased ? now : null, CreatedAt = now, UpdatedAt = now,
                Phones = phones.Select((p, k) => new MemberPhone
                {
                    Number = p.Mobile ? $"+32476{i:0000}{k:00}" : $"+3292{i:0000}{k:00}", IsMobile = p.Mobile, Verified = p.Verified,
                    VerifiedAt = p.Verified ? now.AddDays(-1) : null, SmsOptOutAt = p.Stop ? now.AddHours(-1) : null,
                }).ToList(),
            };
            db.Members.Add(member);
            await db.SaveChangesAsync();
            why[member.Id] = label;
        }
        foreach (var phones in PhoneCases)
            foreach (var email in EmailCases)
                foreach (var account in new[] { false, true })
                    await AddAsync($"{phones.Name}; {email.Name}; {(account ? "account" : "no account")}", phones.Phones, email, account);
        TestPhone[] all = [new(false, true), new(true, true)];
        var confirmed = EmailCases[1];
        await AddAsync("everything, pending", all, confirmed, true, MemberState.Pending);
        await AddAsync("everything, refused", all, confirmed, true, MemberState.Refused);
        await AddAsync("everything, left", all, confirmed, true, MemberState.Left);
        await AddAsync("everything, erased", all, confirmed, true, MemberState.Active, erased: true);
        await AddAsync("everything, on holiday pause today", all, confirmed, true, pausedFrom: today.AddDays(-2), pausedUntil: today);
        await AddAsync("everything, back from holiday", all, confirmed, true, pausedFrom: today.AddDays(-9), pausedUntil: today.AddDays(-1));

        // The alarm goes out as in service: on PostgreSQL AlarmPlan's INSERT … SELECT writes it, on SQLite the planner.
        var response = await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/messages",
            new { kind = "Alarm", binIds = new[] { bin.Id }, texts = new { nl = "Inbraak bezig in de Kerkstraat. Bel 112 als u iets ziet." } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var messageId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetInt64();

        await using var read = app.Db();
        var members = await read.Members.AsNoTracking().Include(m => m.Phones).Where(m => m.BinId == bin.Id).ToListAsync();
        var message = await read.Messages.SingleAsync(m => m.Id == messageId);
        var bins = await read.Bins.Where(b => b.Id == bin.Id).ToListAsync();
        var planned = (await Planner.PlanAsync(read, message, bins, message.CreatedAt, default)).Select(d => (d.MemberId, d.Channel)).ToHashSet();
        var written = (await read.Deliveries.Where(d => d.MessageId == messageId).Select(d => new { d.MemberId, d.Channel }).ToListAsync())
            .Select(d => (d.MemberId, d.Channel)).ToHashSet();
        var byQuery = new Dictionary<Channels, HashSet<int>>();
        for (var mask = Channels.Sms; mask <= every; mask++) // every non-empty set of channels, as the member list's filter takes them
            byQuery[mask] = (await read.Members.Where(m => m.BinId == bin.Id).Where(MemberReach.ByAny(mask)).Select(m => m.Id).ToListAsync()).ToHashSet();
        var counts = await MemberCounts.ForBinAsync(read, bin.Id, null, today, default);

        var wrong = new List<string>();
        foreach (var m in members)
        {
            var inMemory = MemberReach.Of(m);
            var receives = m.State == MemberState.Active && m.ErasedAt is null && !m.IsPausedOn(today);
            for (var mask = Channels.Sms; mask <= every; mask++)
                if (byQuery[mask].Contains(m.Id) != ((inMemory & mask) != Channels.None))
                    wrong.Add($"{why[m.Id]}: by {mask}, the query says {byQuery[mask].Contains(m.Id)}, in memory {inMemory}");
            foreach (var channel in new[] { Channels.Sms, Channels.Voice, Channels.Email, Channels.Web })
            {
                var reachable = inMemory.HasFlag(channel);
                if (planned.Contains((m.Id, channel)) != (reachable && receives))
                    wrong.Add($"{why[m.Id]}: {channel} reachable={reachable}, receives={receives}, but the planner plans {planned.Contains((m.Id, channel))}");
                if (written.Contains((m.Id, channel)) != planned.Contains((m.Id, channel)))
                    wrong.Add($"{why[m.Id]}: {channel} the planner plans {planned.Contains((m.Id, channel))}, but the alarm wrote {written.Contains((m.Id, channel))}" +
                              (AlarmPlan.Applies(read, message) ? " (AlarmPlan's SQL)" : ""));
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));

        // The BIN's reach figures count the same households: active ones reachable on the channel.
        int Count(Channels c) => members.Count(m => m.State == MemberState.Active && m.ErasedAt is null && MemberReach.Of(m).HasFlag(c));
        Assert.Equal((Count(Channels.Sms), Count(Channels.Voice), Count(Channels.Email)), (counts.BySms, counts.ByVoice, counts.ByEmail));

        // The matrix decides something on every channel: some households reached on it, some not.
        foreach (var channel in new[] { Channels.Sms, Channels.Voice, Channels.Email, Channels.Web })
        {
            Assert.Contains(written, d => d.Channel == channel);
            Assert.Contains(members, m => m.State == MemberState.Active && !MemberReach.Of(m).HasFlag(channel));
        }
    }
}
