namespace BinHub.Tests.Me;

public class MeApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(Bin Bin, MeBuilders.Household Home, HttpClient Client)> SetUpAsync(bool emailVerified = false,
        params (string Number, bool Mobile, bool Verified)[] phones)
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, emailVerified: emailVerified,
            phones: phones.Length > 0 ? phones : [("+32470123456", true, false)]);
        return (bin, home, app.ClientFor(home.Person.Token));
    }

    [Fact]
    public async Task A_member_sees_their_own_household_and_the_read_is_audited_without_their_name()
    {
        var (bin, home, client) = await SetUpAsync();
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("Jeanne Dubois", me.GetProperty("name").GetString());
        Assert.Equal(bin.Name, me.GetProperty("binName").GetString());
        Assert.Equal("unverified-sms", me.GetProperty("phones")[0].GetProperty("verificationState").GetString());
        await using var db = app.Db();
        var audit = await db.AuditEntries.SingleAsync(a => a.UserId == home.Person.User.Id && a.Action == "ReadPersonalData");
        Assert.Equal(home.MemberId.ToString(), audit.EntityId);
        Assert.DoesNotContain("Jeanne", audit.UserName);
    }

    [Theory]
    [InlineData(Roles.Coordinator)]
    [InlineData(Roles.PoliceOfficer)]
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task Other_roles_have_no_own_space(string role)
    {
        var (bin, _, _) = await SetUpAsync();
        var other = await world.PersonAsync(role, coordinates: role == Roles.Coordinator ? bin.Id : null);
        var client = app.ClientFor(other.Token);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/me/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_member_account_without_a_household_gets_not_found_and_an_audit_line()
    {
        var lone = await world.PersonAsync(Roles.Member);
        var client = app.ClientFor(lone.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/me/preferences", new { urgent = new[] { "Web" }, language = "nl" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/me")).StatusCode);
        await using var db = app.Db();
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.UserId == lone.User.Id && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task A_member_cannot_remove_another_households_phone()
    {
        var (bin, home, client) = await SetUpAsync(phones: [("+32470123456", true, true), ("+3291234567", false, true)]);
        var neighbour = await app.HouseholdAsync(world, bin.Id, name: "Paul Peeters", phones: [("+32471000000", true, true), ("+32472000000", true, true)]);
        var theirPhone = (await app.MemberAsync(neighbour.MemberId)).Phones[0].Id;
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/me/phones/{theirPhone}")).StatusCode);
        Assert.Equal(2, (await app.MemberAsync(neighbour.MemberId)).Phones.Count);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == home.Person.User.Id && a.EntityId == theirPhone.ToString() && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task Changing_the_email_unverifies_it_and_leaves_a_history_line_without_the_address()
    {
        var (_, home, client) = await SetUpAsync(emailVerified: true);
        var response = await client.PutAsJsonAsync("/api/v1/me", new
        {
            name = "Jeanne Dubois-Martin", street = "dorpsstraat", houseNumber = "3B", email = "new@example.test", language = "nl",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var m = await app.MemberAsync(home.MemberId);
        Assert.Equal(("Jeanne Dubois-Martin", "Dorpsstraat", "3B", "new@example.test", "nl"), (m.Name, m.Street, m.HouseNumber, m.Email, m.Language));
        Assert.Null(m.EmailVerifiedAt);
        await using var db = app.Db();
        var line = await db.MemberEvents.SingleAsync(e => e.MemberId == home.MemberId && e.Kind == "EmailChanged");
        Assert.DoesNotContain("new@", line.Details);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == home.Person.User.Id && a.Action == "Update" && a.EntityId == home.MemberId.ToString()));
    }

    [Fact]
    public async Task A_street_outside_the_bin_is_refused_and_nothing_changes()
    {
        var (_, home, client) = await SetUpAsync();
        var response = await client.PutAsJsonAsync("/api/v1/me", new { name = "Jeanne", street = "Rue de Paris", houseNumber = "1", language = "fr" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Street", await response.Content.ReadAsStringAsync());
        Assert.Equal("Kerkstraat", (await app.MemberAsync(home.MemberId)).Street);
    }

    [Fact]
    public async Task A_channel_the_member_cannot_be_reached_on_is_refused_and_nothing_is_written()
    {
        var (_, home, client) = await SetUpAsync(); // unverified mobile, unverified e-mail
        await using (var db = app.Db())
            await db.Members.Where(m => m.Id == home.MemberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.UrgentChannels, Channels.Web)
                .SetProperty(m => m.PreventionChannels, Channels.Web));
        var response = await client.PutAsJsonAsync("/api/v1/me/preferences", new
        {
            urgent = new[] { "Web", "Sms" }, feedback = new[] { "Web" }, prevention = new[] { "Email" }, language = "fr", quietFrom = "22:00:00", quietUntil = "07:00:00",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("Urgent", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("Prevention", out _));
        var m = await app.MemberAsync(home.MemberId);
        Assert.Equal((Channels.Web, Channels.Web, (TimeOnly?)null), (m.UrgentChannels, m.PreventionChannels, m.QuietFrom));
    }

    [Fact]
    public async Task Verified_channels_quiet_hours_and_a_pause_are_saved_and_the_pause_dates_stay_out_of_history_and_audit()
    {
        var (_, home, client) = await SetUpAsync(emailVerified: true, phones: [("+32470123456", true, true)]);
        var response = await client.PutAsJsonAsync("/api/v1/me/preferences", new
        {
            urgent = new[] { "Sms", "Voice" }, feedback = new[] { "Email" }, prevention = Array.Empty<string>(), quietFrom = "22:30:00", quietUntil = "06:45:00",
            noNightAlarms = true, pausedFrom = "2026-07-01", pausedUntil = "2026-07-21", language = "de",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var m = await app.MemberAsync(home.MemberId);
        Assert.Equal(Channels.Sms | Channels.Voice, m.UrgentChannels);
        Assert.Equal(Channels.None, m.PreventionChannels);
        Assert.Equal((new TimeOnly(22, 30), new TimeOnly(6, 45), true), (m.QuietFrom!.Value, m.QuietUntil!.Value, m.NoNightAlarms));
        Assert.Equal((new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 21), "de"), (m.PausedFrom!.Value, m.PausedUntil!.Value, m.Language));
        var prefs = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/preferences");
        Assert.Equal(4, prefs.GetProperty("reachable").GetArrayLength());
        await using var db = app.Db();
        var lines = await db.MemberEvents.Where(e => e.MemberId == home.MemberId).Select(e => e.Details).ToListAsync();
        Assert.Contains(lines, l => l!.Contains("urgent=Sms, Voice"));
        var audits = await db.AuditEntries.Where(a => a.UserId == home.Person.User.Id).Select(a => a.Details ?? "").ToListAsync();
        Assert.DoesNotContain(lines.Concat(audits), l => l!.Contains("2026-07") || l.Contains("07-01"));
    }

    public static TheoryData<string, object> BadPreferences => new()
    {
        { "no urgent channel", new { urgent = Array.Empty<string>(), language = "nl" } },
        { "quiet start only", new { urgent = new[] { "Web" }, quietFrom = "22:00:00", language = "nl" } },
        { "quiet start equals end", new { urgent = new[] { "Web" }, quietFrom = "22:00:00", quietUntil = "22:00:00", language = "nl" } },
        { "pause end only", new { urgent = new[] { "Web" }, pausedUntil = "2026-04-01", language = "nl" } },
        { "pause ends before it starts", new { urgent = new[] { "Web" }, pausedFrom = "2026-04-10", pausedUntil = "2026-04-01", language = "nl" } },
        { "pause over", new { urgent = new[] { "Web" }, pausedFrom = "2026-02-01", pausedUntil = "2026-02-10", language = "nl" } },
        { "pause over a year", new { urgent = new[] { "Web" }, pausedFrom = "2026-04-01", pausedUntil = "2027-04-01", language = "nl" } },
        { "unknown language", new { urgent = new[] { "Web" }, language = "xx" } },
    };

    [Theory]
    [MemberData(nameof(BadPreferences))]
    public async Task Bad_preferences_are_refused_with_a_reason_and_nothing_is_written(string what, object body)
    {
        var (_, home, client) = await SetUpAsync();
        var before = await app.MemberAsync(home.MemberId);
        var response = await client.PutAsJsonAsync("/api/v1/me/preferences", body);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        var after = await app.MemberAsync(home.MemberId);
        Assert.Equal((before.UrgentChannels, before.QuietFrom, before.PausedUntil, before.Language), (after.UrgentChannels, after.QuietFrom, after.PausedUntil, after.Language));
    }

    [Fact]
    public async Task A_household_adds_phones_up_to_five_and_each_starts_unverified()
    {
        var (_, home, client) = await SetUpAsync();
        var added = await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "0471 23 45 67" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var phone = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("+32471234567", phone.GetProperty("number").GetString());
        Assert.False(phone.GetProperty("verified").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "+32 471 23 45 67" })).StatusCode); // same number
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "0412" })).StatusCode);
        foreach (var n in new[] { "09 123 45 67", "0472 00 00 01", "0472 00 00 02" })
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/me/phones", new { number = n })).StatusCode);
        var sixth = await client.PostAsJsonAsync("/api/v1/me/phones", new { number = "0472 00 00 03" });
        Assert.Equal(HttpStatusCode.BadRequest, sixth.StatusCode);
        Assert.Equal(5, (await app.MemberAsync(home.MemberId)).Phones.Count);
    }

    [Theory]
    [InlineData("+33 1 23 45 67 89", "de", "„+33 1 23 45 67 89“ ist keine belgische Nummer")]
    [InlineData("0031 20 123 4567", "nl", "is geen Belgisch nummer")]
    [InlineData("0800 12 345", "fr", "est un numéro gratuit, surtaxé ou à coût partagé")]
    [InlineData("070 22 33 44", "en", "free-phone, premium or shared-cost")]
    public async Task A_foreign_or_service_number_is_refused_with_the_reason_in_the_members_language(string number, string lang, string expected)
    {
        var (_, home, _) = await SetUpAsync();
        var before = (await app.MemberAsync(home.MemberId)).Phones.Count;

        var response = await app.ClientFor(home.Person.Token, lang).PostAsJsonAsync("/api/v1/me/phones", new { number });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await app.MemberAsync(home.MemberId)).Phones.Count); // nothing stored, no code sent, nobody called
        await using var db = app.Db();
        Assert.False(await db.VerificationCodes.AnyAsync(c => c.MemberId == home.MemberId && c.Channel == OutboxChannel.Voice));
    }

    [Fact]
    public async Task The_last_way_to_reach_a_household_cannot_be_removed()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, email: null, phones: [("+32470123456", true, true)]);
        var client = app.ClientFor(home.Person.Token);
        var id = (await app.MemberAsync(home.MemberId)).Phones[0].Id;
        var response = await client.DeleteAsync($"/api/v1/me/phones/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("last way", await response.Content.ReadAsStringAsync());
        Assert.Single((await app.MemberAsync(home.MemberId)).Phones);
    }

    [Fact]
    public async Task The_only_phone_carrying_urgent_alarms_cannot_be_removed_but_a_second_one_can()
    {
        var (_, home, client) = await SetUpAsync(phones: [("+32470123456", true, true), ("+32471000000", true, false)]);
        var phones = (await app.MemberAsync(home.MemberId)).Phones.OrderBy(p => p.Id).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync($"/api/v1/me/phones/{phones[0].Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/me/phones/{phones[1].Id}")).StatusCode);
        Assert.Single((await app.MemberAsync(home.MemberId)).Phones);
    }

    [Fact]
    public async Task The_export_holds_the_households_data_history_and_messages_without_secrets_and_is_audited()
    {
        var (bin, home, client) = await SetUpAsync();
        await using (var db = app.Db())
        {
            db.MemberEvents.Add(new MemberEvent { MemberId = home.MemberId, Kind = "Joined", At = app.Clock.Now });
            db.VerificationCodes.Add(new VerificationCode
            {
                MemberId = home.MemberId, Purpose = CodePurpose.VerifyPhone, Channel = OutboxChannel.Sms, Target = "+32470123456",
                SecretHash = "SECRETHASH0123456789", CreatedAt = app.Clock.Now, ExpiresAt = app.Clock.Now.AddMinutes(10),
            });
            db.Deliveries.Add(new Delivery
            {
                Channel = Channels.Sms, Recipient = "+32470123456", Subject = "", Body = "Welkom bij het BIN", Kind = "Test",
                DedupKey = $"export-test-{home.MemberId}", CreatedAt = app.Clock.Now, DueAt = app.Clock.Now,
            });
            db.CoordinatorVolunteers.Add(new CoordinatorVolunteer { BinId = bin.Id, MemberId = home.MemberId, Message = "Ik help graag", CreatedAt = app.Clock.Now });
            await db.SaveChangesAsync();
        }
        var response = await client.GetAsync("/api/v1/me/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var text = await response.Content.ReadAsStringAsync();
        var export = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Jeanne Dubois", export.GetProperty("household").GetProperty("name").GetString());
        Assert.Equal("+32470123456", export.GetProperty("phones")[0].GetProperty("number").GetString());
        Assert.Equal("online", export.GetProperty("consent").GetProperty("how").GetString());
        Assert.Equal("2024-1", export.GetProperty("consent").GetProperty("version").GetString());
        Assert.Contains(export.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "Joined");
        Assert.Equal("Welkom bij het BIN", export.GetProperty("messages")[0].GetProperty("body").GetString());
        Assert.Equal("Ik help graag", export.GetProperty("volunteerOffers")[0].GetProperty("message").GetString());
        Assert.Equal(1, export.GetProperty("verifications").GetArrayLength());
        Assert.DoesNotContain("SECRETHASH", text);
        Assert.Contains("Sms", export.GetProperty("preferences").GetProperty("urgent").EnumerateArray().Select(c => c.GetString()));
        await using var check = app.Db();
        Assert.True(await check.AuditEntries.AnyAsync(a => a.UserId == home.Person.User.Id && a.Action == "ExportPersonalData" && a.EntityId == home.MemberId.ToString()));
    }

    [Fact]
    public async Task Erasing_removes_every_trace_of_identity_keeps_the_row_and_says_why()
    {
        // Numbers and addresses no other test uses, so "nowhere left" can be checked across the whole database.
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var home = await app.HouseholdAsync(world, bin.Id, name: "Erika Erasmus", email: "erika.erasmus@example.test", emailVerified: true,
            phones: [("+32479990001", true, true)]);
        var client = app.ClientFor(home.Person.Token);
        var userId = home.Person.User.Id;
        await using (var db = app.Db())
        {
            db.Deliveries.Add(new Delivery
            {
                Channel = Channels.Sms, Recipient = "+32479990001", Subject = "", Body = "pending", Kind = "Test", DedupKey = $"erase-p-{home.MemberId}",
                CreatedAt = app.Clock.Now, DueAt = app.Clock.Now,
            });
            db.Deliveries.Add(new Delivery
            {
                Channel = Channels.Email, Recipient = "erika.erasmus@example.test", Subject = "s", Body = "sent", Kind = "Test", DedupKey = $"erase-s-{home.MemberId}",
                CreatedAt = app.Clock.Now, DueAt = app.Clock.Now, State = DeliveryState.Sent, SentAt = app.Clock.Now,
            });
            db.VerificationCodes.Add(new VerificationCode
            {
                MemberId = home.MemberId, Target = "+32479990001", SecretHash = "h", CreatedAt = app.Clock.Now, ExpiresAt = app.Clock.Now.AddMinutes(10),
            });
            db.MemberSessions.Add(new MemberSession { Id = Guid.NewGuid().ToString(), UserId = userId, CreatedAt = app.Clock.Now, LastSeenAt = app.Clock.Now });
            await db.SaveChangesAsync();
        }

        var response = await client.DeleteAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("police", result.GetProperty("reason").GetString()); // the client asked in English
        Assert.True(result.GetProperty("kept").GetArrayLength() > 0);

        await using var check = app.Db();
        var m = await check.Members.Include(x => x.Phones).SingleAsync(x => x.Id == home.MemberId);
        Assert.Equal(("—", "", "", (string?)null, (string?)null, MemberState.Left), (m.Name, m.Street, m.HouseNumber, m.Email, m.UserId, m.State));
        Assert.NotNull(m.ErasedAt);
        Assert.Empty(m.Phones);
        Assert.Equal(bin.Id, m.BinId);
        Assert.False(await check.Members.AnyAsync(x => x.Name.Contains("Erasmus") || (x.Email != null && x.Email.Contains("erasmus"))));
        Assert.False(await check.MemberPhones.AnyAsync(p => p.Number == "+32479990001"));
        Assert.False(await check.Users.AnyAsync(u => u.Id == userId));
        Assert.False(await check.VerificationCodes.AnyAsync(v => v.MemberId == home.MemberId));
        Assert.False(await check.MemberSessions.AnyAsync(s => s.UserId == userId));
        Assert.False(await check.Deliveries.AnyAsync(o => o.Recipient == "+32479990001" || o.Recipient == "erika.erasmus@example.test"));
        var pending = await check.Deliveries.SingleAsync(o => o.DedupKey == $"erase-p-{home.MemberId}");
        Assert.Equal((DeliveryState.Failed, "recipient erased"), (pending.State, pending.LastError));
        Assert.Equal(DeliveryState.Sent, (await check.Deliveries.SingleAsync(o => o.DedupKey == $"erase-s-{home.MemberId}")).State);
        Assert.True(await check.MemberEvents.AnyAsync(e => e.MemberId == home.MemberId && e.Kind == "Erased"));
        var audits = await check.AuditEntries.Where(a => a.UserId == userId).ToListAsync();
        Assert.Contains(audits, a => a.Action == "ErasePersonalData" && a.EntityId == home.MemberId.ToString());
        Assert.DoesNotContain(audits, a => (a.UserName + a.Details).Contains("Erasmus") || (a.UserName + a.Details).Contains("+32479990001"));

        // The account is gone: the token no longer signs anyone in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Leaving_needs_a_confirmation_then_ends_membership_and_sign_in_and_confirms_in_the_members_language()
    {
        var (bin, home, client) = await SetUpAsync(phones: [("+32470123456", true, true)]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/me/leave", new { confirm = false })).StatusCode);
        Assert.Equal(MemberState.Active, (await app.MemberAsync(home.MemberId)).State);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/me/leave", new { confirm = true })).StatusCode);
        var m = await app.MemberAsync(home.MemberId);
        Assert.Equal(MemberState.Left, m.State);
        Assert.Equal(app.Clock.Now, m.LeftAt);
        Assert.Equal("Jeanne Dubois", m.Name); // leaving is not erasing
        await using var db = app.Db();
        var messages = await db.Deliveries.Where(o => o.Kind == "MemberLeft" && (o.Recipient == "+32470123456" || o.Recipient == "jeanne@example.test")).ToListAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, o => Assert.Contains($"vous avez quitté {bin.Name}", o.Body));
        Assert.True(await db.MemberEvents.AnyAsync(e => e.MemberId == home.MemberId && e.Kind == "Left"));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == home.Person.User.Id && a.Action == "LeaveBin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task The_me_endpoints_are_in_the_openapi_document()
    {
        var doc = await app.ClientFor(null).GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/v1/me", "/api/v1/me/preferences", "/api/v1/me/export", "/api/v1/me/phones", "/api/v1/me/leave" })
            Assert.Contains($"\"{path}\"", doc);
    }
}
