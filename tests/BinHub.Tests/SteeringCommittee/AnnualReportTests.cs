using BinHub.Features;
using BinHub.Features.SteeringCommittee;
using static BinHub.Tests.Support.SteeringWorld;

namespace BinHub.Tests.SteeringCommittee;

/// <summary>Each figure of the annual report from rows of the test's own database (SQLite, or PostgreSQL with BINHUB_TEST_PROVIDER).</summary>
public class AnnualReportTests
{
    private static readonly TestClock Clock = new(On(2026, 3, 2));

    private static async Task<(BinHub.Data.BinHubDb Db, SteeringWorld World)> FreshAsync()
    {
        var db = TestDatabase.Open(await TestDatabase.CreateMigratedAsync());
        return (db, new SteeringWorld(db));
    }

    private static async Task<AnnualReport.Result> ReportAsync(BinHub.Data.BinHubDb db, int year)
    {
        db.ChangeTracker.Clear();
        return Assert.IsType<Outcome<AnnualReport.Result>.Ok>(await AnnualReport.HandleAsync(db, Clock, year, "en", Voice.CallScriptTests.L, default)).Value;
    }

    [Fact]
    public async Task Bin_counts_stand_as_at_31_december_per_region_province_and_zone_with_the_change_from_the_year_before()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var flanders = await world.PlaceAsync("02000");
        var wallonia = await world.PlaceAsync("03000");
        await world.BinAsync(flanders, On(2023, 5, 1));
        await world.BinAsync(flanders, On(2024, 6, 1), BinType.BinZ);
        await world.BinAsync(wallonia, On(2024, 6, 1));
        // Dissolved in 2025: still counted at the end of 2024; a change after the year's end does not rewrite it.
        await world.BinAsync(wallonia, On(2023, 6, 1), later: (BinStatus.Dissolved, On(2025, 2, 1)));
        // Suspended over new year: not active at 31 December 2024.
        await world.BinAsync(flanders, On(2022, 6, 1), later: [(BinStatus.Suspended, On(2024, 11, 1)), (BinStatus.Active, On(2025, 1, 15))]);

        var report = await ReportAsync(db, 2024);

        var fl = report.Bins.Regions.Single(r => r.Code == "02000");
        Assert.Equal((1, 1, 2, 2, 0), (fl.Bin, fl.BinZ, fl.Total, fl.PreviousTotal, fl.Change));
        var wa = report.Bins.Regions.Single(r => r.Code == "03000");
        Assert.Equal((2, 0, 2, 1, 1), (wa.Bin, wa.BinZ, wa.Total, wa.PreviousTotal, wa.Change));
        Assert.Equal((4, 3), (report.Bins.Total.Total, report.Bins.Total.PreviousTotal));
        Assert.Equal(2, report.Bins.Provinces.Single(p => p.Code == wallonia.Province).Total);
        Assert.Equal(1, report.Bins.Zones.Single(z => z.Code == flanders.Zone.ToString()).BinZ);
        Assert.Equal("Region 02000", fl.Name);

        var next = await ReportAsync(db, 2025);
        Assert.Equal((1, 2), (next.Bins.Regions.Single(r => r.Code == "03000").Total, next.Bins.Regions.Single(r => r.Code == "03000").PreviousTotal));
    }

    [Fact]
    public async Task Households_at_year_end_count_members_admitted_by_then_and_not_gone_and_ignore_later_changes()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        var withMembers = await world.BinAsync(place, On(2023, 1, 10), households: 999);
        await world.MemberAsync(withMembers, On(2023, 3, 1));
        await world.MemberAsync(withMembers, On(2024, 3, 1));
        await world.MemberAsync(withMembers, On(2023, 3, 1), left: On(2024, 8, 1)); // gone before the year's end
        await world.MemberAsync(withMembers, On(2024, 3, 1), left: On(2025, 2, 1)); // left later: still there at 31 Dec 2024
        await world.MemberAsync(withMembers, On(2025, 1, 20));                       // joined later
        await world.BinAsync(place, On(2023, 1, 10), households: 40);                // no members: the entered figure
        await world.BinAsync(place, On(2023, 1, 10), households: 70, later: (BinStatus.Dissolved, On(2024, 5, 1)));

        var report = await ReportAsync(db, 2024);

        Assert.Equal(3 + 40, report.Households.AtYearEnd);
        Assert.Equal(2 + 40 + 70, report.Households.PreviousYearEnd); // at the end of 2023: the first and the one who left in 2024
    }

    [Fact]
    public async Task New_stopped_and_suspended_bins_count_the_years_transitions_and_a_resumed_bin_is_not_new()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        await world.BinAsync(place, On(2024, 2, 1));
        await world.BinAsync(place, On(2024, 12, 1), later: (BinStatus.Dissolved, On(2024, 12, 20)));
        await world.BinAsync(place, On(2022, 2, 1), later: [(BinStatus.Suspended, On(2024, 3, 1)), (BinStatus.Active, On(2024, 4, 1))]);
        await world.BinAsync(place, On(2023, 2, 1), later: (BinStatus.Suspended, On(2025, 3, 1)));

        var report = await ReportAsync(db, 2024);

        Assert.Equal(new AnnualReport.Lifecycle(New: 2, Stopped: 1, Suspended: 1), report.Lifecycle);
    }

    [Fact]
    public async Task Charters_signed_renewed_and_lapsed_in_the_year()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        var a = await world.BinAsync(place, On(2024, 2, 1));
        await world.CharterAsync(a, 1, On(2024, 2, 1), On(2027, 2, 1));           // signed
        var b = await world.BinAsync(place, On(2021, 2, 1));
        await world.CharterAsync(b, 1, On(2021, 2, 1), On(2024, 2, 1));           // renewed in time: not lapsed
        await world.CharterAsync(b, 2, On(2024, 1, 20), On(2027, 1, 20));         // renewed
        var c = await world.BinAsync(place, On(2021, 5, 1));
        await world.CharterAsync(c, 1, On(2021, 5, 1), On(2024, 5, 1));           // lapsed …
        await world.CharterAsync(c, 2, On(2024, 7, 1), On(2027, 7, 1));           // … renewed too late (counted as renewed)
        var d = await world.BinAsync(place, On(2022, 5, 1));
        await world.CharterAsync(d, 1, On(2022, 5, 1), On(2025, 5, 1));           // lapses next year: not this one

        var report = await ReportAsync(db, 2024);

        Assert.Equal(new AnnualReport.Charters(Signed: 1, Renewed: 2, Lapsed: 1), report.Charters);
    }

    [Fact]
    public async Task Vacancies_opened_in_the_year_with_median_and_longest_days_open_counting_later_fills_as_still_open()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, On(2020, 1, 10));
        await world.VacancyAsync(bin, On(2024, 1, 10), On(2024, 1, 20));   // 10 days
        await world.VacancyAsync(bin, On(2024, 3, 1), On(2024, 3, 31));    // 30 days
        await world.VacancyAsync(bin, On(2024, 12, 1, 10), On(2025, 3, 1)); // open at the year's end: 30 days to 31 Dec (Brussels)
        await world.VacancyAsync(bin, On(2024, 6, 1), On(2024, 7, 1));     // 30 days
        await world.VacancyAsync(bin, On(2023, 6, 1), On(2024, 2, 1));     // opened the year before: not counted

        var report = await ReportAsync(db, 2024);

        Assert.Equal(new AnnualReport.Vacancies(Opened: 4, Filled: 3, StillOpen: 1, MedianDays: 30, LongestDays: 30), report.Vacancies);
    }

    [Fact]
    public async Task Messages_per_type_and_channel_with_the_delivered_share_leave_out_exercises_and_unsent_messages()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, On(2020, 1, 10));
        await world.MessageAsync(bin, MessageKind.Alarm, On(2024, 4, 1), deliveries:
            [(Channels.Sms, DeliveryState.Delivered), (Channels.Sms, DeliveryState.Sent), (Channels.Sms, DeliveryState.Failed), (Channels.Email, DeliveryState.Sent)]);
        await world.MessageAsync(bin, MessageKind.Alarm, On(2024, 5, 1), deliveries: [(Channels.Sms, DeliveryState.Delivered)]);
        await world.MessageAsync(bin, MessageKind.Prevention, On(2024, 5, 1), deliveries: [(Channels.Web, DeliveryState.Sent), (Channels.Email, DeliveryState.Failed)]);
        await world.MessageAsync(bin, MessageKind.Alarm, On(2024, 6, 1), exercise: true, deliveries: [(Channels.Sms, DeliveryState.Delivered)]);
        await world.MessageAsync(bin, MessageKind.Alarm, On(2024, 6, 1), state: MessageState.Refused, deliveries: [(Channels.Sms, DeliveryState.Delivered)]);
        await world.MessageAsync(bin, MessageKind.Alarm, On(2025, 1, 15), deliveries: [(Channels.Sms, DeliveryState.Delivered)]);

        var report = await ReportAsync(db, 2024);

        Assert.Equal(new[]
        {
            new AnnualReport.MessageRow(MessageKind.Alarm, Channels.Sms, Messages: 2, Deliveries: 4, Delivered: 2),
            new AnnualReport.MessageRow(MessageKind.Alarm, Channels.Email, 1, 1, 1),
            new AnnualReport.MessageRow(MessageKind.Prevention, Channels.Email, 1, 1, 0),
            new AnnualReport.MessageRow(MessageKind.Prevention, Channels.Web, 1, 1, 1),
        }, report.Messages);
        Assert.Equal(0.5, report.Messages[0].DeliveredShare);
    }

    [Fact]
    public async Task Reports_received_in_the_year_and_of_those_handled_by_its_end()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync();
        var bin = await world.BinAsync(place, On(2020, 1, 10));
        await world.ReportAsync(bin, On(2024, 2, 1), On(2024, 2, 2));
        await world.ReportAsync(bin, On(2024, 12, 30), On(2025, 1, 5)); // handled only after the year's end
        await world.ReportAsync(bin, On(2024, 7, 1), null);
        await world.ReportAsync(bin, On(2023, 7, 1), On(2024, 1, 3));   // received the year before

        var report = await ReportAsync(db, 2024);

        Assert.Equal(new AnnualReport.Reports(Received: 3, Handled: 1), report.Reports);
    }

    [Theory]
    [InlineData(2027)]
    [InlineData(1990)]
    public async Task A_year_in_the_future_or_before_the_registry_is_refused_with_a_message(int year)
    {
        await using var db = TestDatabase.Open(await TestDatabase.CreateMigratedAsync());
        var outcome = await AnnualReport.HandleAsync(db, Clock, year, "en", Voice.CallScriptTests.L, default);
        var invalid = Assert.IsType<Outcome<AnnualReport.Result>.Invalid>(outcome);
        Assert.Contains("1991", invalid.Errors["year"][0]);
    }

    [Fact]
    public async Task People_trained_and_volunteers_recruited_come_from_the_years_training_sessions_and_volunteer_statuses()
    {
        var (db, world) = await FreshAsync();
        await using var _ = db;
        var place = await world.PlaceAsync("02000");
        var bin = await world.BinAsync(place, On(2023, 1, 10));
        var academy = new Academy { Name = "Academie", RegionCode = "02000", Town = "Gent", Languages = "nl" };
        var version = new CurriculumVersion { Label = "2024", State = CurriculumState.Current, CreatedAt = On(2024, 1, 1) };
        db.AddRange(academy, version);
        await db.SaveChangesAsync();
        TrainingParticipant Person(string name, TrainingResult result, ParticipantCategory category = ParticipantCategory.AspiringOfficer, string? email = null) =>
            new() { Name = name, Email = email, Category = category, Result = result, AddedAt = On(2024, 1, 1) };
        TrainingSession Session(DateOnly ends, params TrainingParticipant[] people) => new()
        {
            AcademyId = academy.Id, CurriculumVersionId = version.Id, StartsOn = ends.AddDays(-1), EndsOn = ends, Place = "Gent", Trainer = "T", Language = "nl",
            Capacity = 20, CreatedAt = On(2024, 1, 1), Participants = [.. people],
        };
        db.TrainingSessions.AddRange(
            Session(new DateOnly(2024, 3, 5), Person("A", TrainingResult.Passed, email: "a@example.org"), Person("B", TrainingResult.Failed)),
            // A passes again in the year: one person trained. C is a mandated officer.
            Session(new DateOnly(2024, 12, 31), Person("A", TrainingResult.Passed, email: "A@example.org"),
                Person("C", TrainingResult.Passed, ParticipantCategory.MandatedOfficer)),
            Session(new DateOnly(2025, 1, 2), Person("D", TrainingResult.Passed))); // next year's
        var members = Enumerable.Range(1, 3).Select(i => new Member
        {
            BinId = bin.Id, Name = $"V{i}", Street = "Kerkstraat", HouseNumber = $"{100 + i}", ConsentVersion = "t", CreatedAt = On(2023, 2, 1), UpdatedAt = On(2023, 2, 1),
        }).ToArray();
        db.Members.AddRange(members);
        await db.SaveChangesAsync();
        VolunteerStatus Status(Member m, VolunteerRole role, DateTimeOffset started) =>
            new() { MemberId = m.Id, Role = role, MunicipalityNis = place.Nis, RegionCode = "02000", StartedAt = started };
        db.VolunteerStatuses.AddRange(
            Status(members[0], VolunteerRole.Cpa, On(2024, 5, 1)),
            Status(members[0], VolunteerRole.EventHelper, On(2024, 6, 1)), // the same household twice: one volunteer
            Status(members[1], VolunteerRole.Translator, new DateTimeOffset(2024, 12, 31, 22, 30, 0, TimeSpan.Zero)), // 23:30 in Brussels: 2024
            Status(members[2], VolunteerRole.Cpa, new DateTimeOffset(2024, 12, 31, 23, 30, 0, TimeSpan.Zero)));      // 00:30 in Brussels: 2025
        await db.SaveChangesAsync();

        var report = await ReportAsync(db, 2024);

        Assert.Equal((2, 2, 1), (report.Training.Sessions, report.Training.PeopleTrained, report.Training.OfficersTrained));
        var flanders = Assert.Single(report.Volunteers);
        Assert.Equal(("02000", 2, 1), (flanders.RegionCode, flanders.Volunteers, flanders.Cpas));
        var next = await ReportAsync(db, 2025);
        Assert.Equal((1, 1, 0), (next.Training.Sessions, next.Training.PeopleTrained, next.Training.OfficersTrained));
        Assert.Equal((1, 1), (next.Volunteers.Single().Volunteers, next.Volunteers.Single().Cpas));
    }

    [Fact]
    public void The_default_year_is_the_last_complete_one() => Assert.Equal(2025, AnnualReport.DefaultYear(Clock));
}
