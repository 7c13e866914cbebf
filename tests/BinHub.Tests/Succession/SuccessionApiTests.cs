namespace BinHub.Tests.Succession;

public class SuccessionApiTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    private async Task<(World.Place Place, Bin Bin, World.Person Coordinator)> BinWithCoordinatorAsync()
    {
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, BinStatus.Active);
        var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
        return (place, bin, coordinator);
    }

    private Task<HttpResponseMessage> AnnounceAsync(World.Person coordinator, int binId, DateOnly day, string lang = "en") =>
        app.ClientFor(coordinator.Token, lang).PutAsJsonAsync($"/api/v1/bins/{binId}/coordinator-stop", new { lastDay = day.ToString("yyyy-MM-dd") });

    private async Task<int[]> BoardAsync(World.Person who)
    {
        var page = await app.ClientFor(who.Token).GetFromJsonAsync<JsonElement>("/api/v1/vacancies?pageSize=200");
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("binId").GetInt32()).ToArray();
    }

    [Fact]
    public async Task An_announced_stop_puts_the_bin_on_the_board_of_its_zone_police_the_kenniscentrum_its_coordinator_and_its_members_only()
    {
        var (place, bin, coordinator) = await BinWithCoordinatorAsync();
        var response = await AnnounceAsync(coordinator, bin.Id, app.Today().AddDays(20));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var member = await world.SignedInMemberAsync(app, bin.Id);
        var otherBin = await world.BinAsync(place, BinStatus.Active);
        var memberElsewhere = await world.SignedInMemberAsync(app, otherBin.Id);
        var officerElsewhere = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        var municipality = await world.PersonAsync(Roles.MunicipalityOfficial, nis: place.Nis);

        Assert.Contains(bin.Id, await BoardAsync(officer));
        Assert.Contains(bin.Id, await BoardAsync(national));
        Assert.Contains(bin.Id, await BoardAsync(coordinator));
        Assert.Equal([bin.Id], await BoardAsync(member.Person));
        Assert.DoesNotContain(bin.Id, await BoardAsync(memberElsewhere.Person));
        Assert.DoesNotContain(bin.Id, await BoardAsync(officerElsewhere));
        Assert.DoesNotContain(bin.Id, await BoardAsync(municipality));

        var item = (await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>("/api/v1/vacancies?pageSize=200"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("binId").GetInt32() == bin.Id);
        Assert.Equal("StopAnnounced", item.GetProperty("reason").GetString());
        Assert.Equal(app.Today().AddDays(20).ToString("yyyy-MM-dd"), item.GetProperty("stopsOn").GetString());
        Assert.False(item.GetProperty("needsCoordinator").GetBoolean());

        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/vacancy");
        Assert.True(mine.GetProperty("hasVacancy").GetBoolean());
        Assert.True(mine.GetProperty("mayVolunteer").GetBoolean());

        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == coordinator.User.Id && a.Action == "AnnounceStop" && a.EntityId == bin.Id.ToString()));
    }

    [Fact]
    public async Task An_active_bin_without_any_coordinator_is_on_the_board_and_one_with_a_coordinator_is_not()
    {
        var place = await world.PlaceAsync();
        var empty = await world.BinAsync(place, BinStatus.Active);
        var (_, staffed, _) = await BinWithCoordinatorAsync();
        var draft = await world.BinAsync(place);
        var national = await world.PersonAsync(Roles.KenniscentrumAdmin);
        var board = await BoardAsync(national);
        Assert.Contains(empty.Id, board);
        Assert.DoesNotContain(staffed.Id, board);
        Assert.DoesNotContain(draft.Id, board);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(367)]
    public async Task A_last_day_in_the_past_or_more_than_a_year_ahead_is_refused_in_the_users_language(int days)
    {
        var (_, bin, coordinator) = await BinWithCoordinatorAsync();
        var response = await AnnounceAsync(coordinator, bin.Id, app.Today().AddDays(days), "nl-BE");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("De laatste dag moet tussen", await response.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.Null((await db.BinCoordinators.SingleAsync(c => c.BinId == bin.Id)).StopsOn);
    }

    [Fact]
    public async Task Nobody_but_the_coordinator_announces_their_stop_and_trying_is_audited()
    {
        var (place, bin, _) = await BinWithCoordinatorAsync();
        var otherCoordinator = await world.PersonAsync(Roles.Coordinator, coordinates: (await world.BinAsync(place, BinStatus.Active)).Id);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        foreach (var who in new[] { otherCoordinator, officer })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AnnounceAsync(who, bin.Id, app.Today().AddDays(5))).StatusCode);
            await using var db = app.Db();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.EntityId == bin.Id.ToString() && a.Outcome == "Denied"));
        }
    }

    [Fact]
    public async Task A_withdrawn_announcement_takes_the_bin_off_the_board()
    {
        var (place, bin, coordinator) = await BinWithCoordinatorAsync();
        await AnnounceAsync(coordinator, bin.Id, app.Today().AddDays(3));
        var withdrawn = await app.ClientFor(coordinator.Token).DeleteAsync($"/api/v1/bins/{bin.Id}/coordinator-stop");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        Assert.DoesNotContain(bin.Id, await BoardAsync(officer));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(coordinator.Token).DeleteAsync($"/api/v1/bins/{bin.Id}/coordinator-stop")).StatusCode);
    }

    [Fact]
    public async Task A_member_volunteers_with_a_message_the_police_see_it_and_the_member_can_withdraw()
    {
        var (place, bin, coordinator) = await BinWithCoordinatorAsync();
        await AnnounceAsync(coordinator, bin.Id, app.Today().AddDays(30));
        var member = await world.SignedInMemberAsync(app, bin.Id);
        var client = app.ClientFor(member.Person.Token);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/me/volunteer", new { message = new string('x', 1001) })).StatusCode);
        var offered = await client.PostAsJsonAsync("/api/v1/me/volunteer", new { message = "Ik woon hier al twintig jaar." });
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        // Offering again only changes the message: still one open offer.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/me/volunteer", new { message = "Ik ben 's avonds beschikbaar." })).StatusCode);

        var mine = await client.GetFromJsonAsync<JsonElement>("/api/v1/me/vacancy");
        Assert.Equal("Open", mine.GetProperty("myOffer").GetString());
        Assert.Equal("Ik ben 's avonds beschikbaar.", mine.GetProperty("myMessage").GetString());

        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var list = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}/volunteers");
        var volunteer = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(member.Member.Name, volunteer.GetProperty("name").GetString());
        Assert.True(list.GetProperty("mayDecide").GetBoolean());
        var board = (await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>("/api/v1/vacancies?pageSize=200"))
            .GetProperty("items").EnumerateArray().Single(i => i.GetProperty("binId").GetInt32() == bin.Id);
        Assert.Equal(1, board.GetProperty("openVolunteers").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync("/api/v1/me/volunteer")).StatusCode);
        await using var db = app.Db();
        Assert.Equal(VolunteerState.Withdrawn, (await db.CoordinatorVolunteers.SingleAsync(v => v.BinId == bin.Id)).State);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.Action == "ReadPersonalData" && a.EntityType == "CoordinatorVolunteer"));
        Assert.True(await db.MemberEvents.AnyAsync(e => e.MemberId == member.Member.Id && e.Kind == "VolunteeredAsCoordinator"));
    }

    [Fact]
    public async Task A_member_of_a_bin_that_has_its_coordinator_cannot_volunteer()
    {
        var (_, bin, _) = await BinWithCoordinatorAsync();
        var member = await world.SignedInMemberAsync(app, bin.Id);
        var response = await app.ClientFor(member.Person.Token).PostAsJsonAsync("/api/v1/me/volunteer", new { message = (string?)null });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = app.Db();
        Assert.False(await db.CoordinatorVolunteers.AnyAsync(v => v.BinId == bin.Id));
    }

    [Fact]
    public async Task Staff_cannot_use_the_members_volunteer_endpoint()
    {
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: (await world.PlaceAsync()).Zone);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(officer.Token).PostAsJsonAsync("/api/v1/me/volunteer", new { message = "x" })).StatusCode);
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer)]        // of another zone
    [InlineData(Roles.Coordinator)]          // of another BIN
    [InlineData(Roles.MunicipalityOfficial)]
    [InlineData(Roles.KenniscentrumAdmin)]
    [InlineData(Roles.Member)]               // of the same BIN: volunteers are not public to members
    public async Task Volunteers_are_not_found_outside_the_bin_and_its_zone_with_an_audit_line(string role)
    {
        var (place, bin, _) = await BinWithCoordinatorAsync();
        var who = role switch
        {
            Roles.PoliceOfficer => await world.PersonAsync(role, zone: (await world.PlaceAsync()).Zone),
            Roles.Coordinator => await world.PersonAsync(role, coordinates: (await world.BinAsync(place, BinStatus.Active)).Id),
            Roles.MunicipalityOfficial => await world.PersonAsync(role, nis: place.Nis),
            Roles.Member => (await world.SignedInMemberAsync(app, bin.Id)).Person,
            _ => await world.PersonAsync(role),
        };
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientFor(who.Token).GetAsync($"/api/v1/bins/{bin.Id}/volunteers")).StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == who.User.Id && a.EntityId == bin.Id.ToString() && a.Outcome == "Denied"));
    }

    private async Task<(World.Place Place, Bin Bin, World.Person Officer, SuccessionBuilders.SignedInMember Member, int VolunteerId)> VolunteerAsync(
        string? email = "auto", bool withCoordinator = false)
    {
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var bin = await world.BinAsync(place, BinStatus.Active, officerId: officer.User.Id);
        if (withCoordinator)
        {
            var coordinator = await world.PersonAsync(Roles.Coordinator, coordinates: bin.Id);
            await AnnounceAsync(coordinator, bin.Id, app.Today().AddDays(10));
        }
        var member = await world.SignedInMemberAsync(app, bin.Id, email, language: "fr");
        var offered = await app.ClientFor(member.Person.Token).PostAsJsonAsync("/api/v1/me/volunteer", new { message = "Je veux bien." });
        Assert.Equal(HttpStatusCode.OK, offered.StatusCode);
        return (place, bin, officer, member, (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_mandated_officer_confirms_a_volunteer_who_becomes_a_coordinator_with_an_invitation_and_other_offers_stay_open()
    {
        var (_, bin, officer, member, volunteerId) = await VolunteerAsync();
        var other = await world.SignedInMemberAsync(app, bin.Id);
        await app.ClientFor(other.Person.Token).PostAsJsonAsync("/api/v1/me/volunteer", new { message = "Moi aussi." });
        await using (var db = app.Db())
        {
            var b = await db.Bins.SingleAsync(x => x.Id == bin.Id);
            b.CoordinatorVacantSince = app.Clock.Now.AddDays(-40);
            await db.SaveChangesAsync();
        }

        var response = await app.ClientFor(officer.Token).PostAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/confirmation", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("newAccount").GetBoolean());
        Assert.True(result.GetProperty("isPrimary").GetBoolean());

        await using var check = app.Db();
        var user = await check.Users.SingleAsync(u => u.Email == member.Member.Email);
        Assert.False(user.EmailConfirmed); // they confirm it through the invitation and choose a password
        Assert.True(await check.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == Roles.Coordinator));
        var row = await check.BinCoordinators.SingleAsync(c => c.BinId == bin.Id);
        Assert.Equal(user.Id, row.UserId);
        Assert.True(row.IsPrimary);
        var b2 = await check.Bins.SingleAsync(x => x.Id == bin.Id);
        Assert.Null(b2.CoordinatorVacantSince);
        Assert.Equal(VolunteerState.Confirmed, (await check.CoordinatorVolunteers.SingleAsync(v => v.Id == volunteerId)).State);
        Assert.Equal(VolunteerState.Open, (await check.CoordinatorVolunteers.SingleAsync(v => v.MemberId == other.Member.Id)).State);
        var invitation = await check.Deliveries.SingleAsync(o => o.Recipient == member.Member.Email && o.Kind == "CoordinatorInvitation");
        Assert.Contains("/Account/Confirm?userId=", invitation.Body);
        Assert.Contains("coordinateur", invitation.Subject); // the volunteer's language (fr)
        Assert.True(await check.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.Action == "ConfirmCoordinator" && a.EntityId == volunteerId.ToString()));

        // The new coordinator now sees the BIN in the registry (an API token stands in for the 2FA sign-in).
        var details = await app.ClientFor(officer.Token).GetFromJsonAsync<JsonElement>($"/api/v1/bins/{bin.Id}");
        Assert.False(details.GetProperty("needsCoordinator").GetBoolean());
        Assert.Contains(details.GetProperty("coordinators").EnumerateArray(), c => c.GetProperty("id").GetString() == user.Id);

        // Deciding twice is refused.
        Assert.Equal(HttpStatusCode.BadRequest,
            (await app.ClientFor(officer.Token).PostAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/confirmation", null)).StatusCode);
    }

    [Fact]
    public async Task Confirming_a_volunteer_whose_address_already_has_an_account_reuses_it_and_keeps_the_leaving_coordinator_primary()
    {
        var (_, bin, officer, member, volunteerId) = await VolunteerAsync(withCoordinator: true);
        await using (var db = app.Db())
        {
            var account = await db.Users.SingleAsync(u => u.Id == member.Person.User.Id);
            account.Email = member.Member.Email;
            account.NormalizedEmail = member.Member.Email!.ToUpperInvariant();
            await db.SaveChangesAsync();
        }
        var response = await app.ClientFor(officer.Token).PostAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/confirmation", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("newAccount").GetBoolean());
        Assert.False(result.GetProperty("isPrimary").GetBoolean());
        await using var check = app.Db();
        Assert.Equal(1, await check.Users.CountAsync(u => u.Email == member.Member.Email));
        Assert.True(await check.UserRoles.AnyAsync(r => r.UserId == member.Person.User.Id && r.RoleId == Roles.Coordinator));
        Assert.True(await check.BinCoordinators.AnyAsync(c => c.BinId == bin.Id && c.UserId == member.Person.User.Id && !c.IsPrimary));
    }

    [Fact]
    public async Task A_volunteer_without_an_email_address_cannot_be_confirmed_and_the_officer_is_told_why()
    {
        var (_, bin, officer, _, volunteerId) = await VolunteerAsync(email: null);
        var response = await app.ClientFor(officer.Token).PostAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/confirmation", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no e-mail address", await response.Content.ReadAsStringAsync());
        await using var db = app.Db();
        Assert.False(await db.BinCoordinators.AnyAsync(c => c.BinId == bin.Id));
        Assert.Equal(VolunteerState.Open, (await db.CoordinatorVolunteers.SingleAsync(v => v.Id == volunteerId)).State);
    }

    [Fact]
    public async Task The_officer_declines_with_a_reason_that_reaches_the_member_in_their_language()
    {
        var (_, bin, officer, member, volunteerId) = await VolunteerAsync();
        var client = app.ClientFor(officer.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/decline", new { reason = " " })).StatusCode);
        var declined = await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/decline", new { reason = "Nous avons déjà un candidat." });
        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);

        await using var db = app.Db();
        var offer = await db.CoordinatorVolunteers.SingleAsync(v => v.Id == volunteerId);
        Assert.Equal(VolunteerState.Declined, offer.State);
        Assert.Equal(officer.User.DisplayName, offer.DecidedBy);
        var mail = await db.Deliveries.SingleAsync(o => o.Recipient == member.Member.Email && o.Kind == "VolunteerDeclined");
        Assert.Contains("Nous avons déjà un candidat.", mail.Body);
        Assert.Contains("Merci", mail.Body);
        Assert.False(await db.BinCoordinators.AnyAsync(c => c.BinId == bin.Id));
        var mine = await app.ClientFor(member.Person.Token).GetFromJsonAsync<JsonElement>("/api/v1/me/vacancy");
        Assert.Equal("Declined", mine.GetProperty("myOffer").GetString());
    }

    [Theory]
    [InlineData(Roles.PoliceOfficer)]   // of another zone
    [InlineData(Roles.Coordinator)]     // of the BIN itself: the police decide
    [InlineData(Roles.KenniscentrumAdmin)]
    public async Task Only_the_police_of_the_bin_confirm_or_decline_and_others_get_not_found_with_an_audit_line(string role)
    {
        var (place, bin, _, _, volunteerId) = await VolunteerAsync(withCoordinator: true);
        var who = role switch
        {
            Roles.PoliceOfficer => await world.PersonAsync(role, zone: (await world.PlaceAsync()).Zone),
            Roles.Coordinator => await world.PersonAsync(role, coordinates: bin.Id),
            _ => await world.PersonAsync(role),
        };
        var client = app.ClientFor(who.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/confirmation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"/api/v1/bins/{bin.Id}/volunteers/{volunteerId}/decline", new { reason = "no" })).StatusCode);
        await using var db = app.Db();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserId == who.User.Id && a.EntityId == volunteerId.ToString() && a.Outcome == "Denied"));
        Assert.Equal(VolunteerState.Open, (await db.CoordinatorVolunteers.SingleAsync(v => v.Id == volunteerId)).State);
        Assert.Equal(1, await db.BinCoordinators.CountAsync(c => c.BinId == bin.Id && c.UserId != who.User.Id));
    }
}
