using BinHub.Features.Training;

namespace BinHub.Tests.Training;

/// <summary>The registry's answers: trained officers per zone, and the annual report's training figures.</summary>
public class TrainingRegistryTests(BinHubApp app) : IClassFixture<BinHubApp>
{
    private readonly World world = new(app);

    [Fact]
    public async Task A_zone_lists_its_mandated_and_other_officers_with_the_version_of_their_valid_certificate()
    {
        var place = await world.PlaceAsync();
        var mandated = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var colleague = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var revoked = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        await world.BinAsync(place, BinStatus.Active, officerId: mandated.User.Id);
        var version = await app.CurrentVersionAsync();
        var session = await app.SessionAsync((await app.AcademyAsync()).Id);
        await app.CertificateAsync((await app.ParticipantAsync(session.Id, userId: mandated.User.Id, result: TrainingResult.Passed)).Id);
        var gone = await app.CertificateAsync((await app.ParticipantAsync(session.Id, userId: revoked.User.Id, result: TrainingResult.Passed)).Id);
        await using (var db = app.Db()) await db.TrainingCertificates.Where(c => c.Id == gone.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, app.Clock.Now));

        var page = await app.ClientFor(colleague.Token).GetFromJsonAsync<JsonElement>("/api/v1/training/zones");
        var zone = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(place.Zone, zone.GetProperty("number").GetInt32());
        Assert.Equal(1, zone.GetProperty("trainedOfficers").GetInt32());
        var officers = zone.GetProperty("officers").EnumerateArray().ToDictionary(o => o.GetProperty("userId").GetString()!);
        Assert.Equal(version.Label, officers[mandated.User.Id].GetProperty("curriculumVersion").GetString());
        Assert.True(officers[mandated.User.Id].GetProperty("mandatedForBin").GetBoolean());
        Assert.Equal(JsonValueKind.Null, officers[colleague.User.Id].GetProperty("curriculumVersion").ValueKind);
        Assert.Equal(JsonValueKind.Null, officers[revoked.User.Id].GetProperty("curriculumVersion").ValueKind);
    }

    [Fact]
    public async Task An_officer_asking_for_another_zone_gets_not_found_audited()
    {
        var mine = await world.PlaceAsync();
        var other = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: mine.Zone);
        var response = await app.ClientFor(officer.Token).GetAsync($"/api/v1/training/zones?zone={other.Zone}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await using var db = app.Db();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.UserId == officer.User.Id && a.Action == "ReadTrainedZones" && a.Outcome == "Denied"));
    }

    [Fact]
    public async Task The_kenniscentrum_lists_the_zones_without_any_trained_officer()
    {
        var trained = await world.PlaceAsync();
        var untrained = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: trained.Zone);
        await world.PersonAsync(Roles.PoliceOfficer, zone: untrained.Zone);
        var session = await app.SessionAsync((await app.AcademyAsync()).Id);
        await app.CertificateAsync((await app.ParticipantAsync(session.Id, userId: officer.User.Id, result: TrainingResult.Passed)).Id);
        var centre = await world.PersonAsync(Roles.KenniscentrumAdmin);

        var page = await app.ClientFor(centre.Token).GetFromJsonAsync<JsonElement>("/api/v1/training/zones?untrainedOnly=true&pageSize=500");
        var numbers = page.GetProperty("items").EnumerateArray().Select(z => z.GetProperty("number").GetInt32()).ToList();
        Assert.Contains(untrained.Zone, numbers);
        Assert.DoesNotContain(trained.Zone, numbers);
        Assert.Equal(page.GetProperty("total").GetInt32(), page.GetProperty("zonesWithoutTrained").GetInt32());
    }

    [Fact]
    public async Task Training_figures_count_sessions_ending_in_the_year_and_each_person_who_passed_once()
    {
        var year = 2031; // a year no other test schedules in
        var place = await world.PlaceAsync();
        var officer = await world.PersonAsync(Roles.PoliceOfficer, zone: place.Zone);
        var academy = await app.AcademyAsync();
        var first = await app.SessionAsync(academy.Id, startsOn: new DateOnly(year, 3, 1));
        var second = await app.SessionAsync(academy.Id, startsOn: new DateOnly(year, 12, 31)); // ends on 1 January: next year's
        var third = await app.SessionAsync(academy.Id, startsOn: new DateOnly(year, 10, 1));
        await app.ParticipantAsync(first.Id, userId: officer.User.Id, result: TrainingResult.Passed);
        await app.ParticipantAsync(third.Id, userId: officer.User.Id, result: TrainingResult.Passed); // the same officer again
        await app.ParticipantAsync(first.Id, name: "Aspirant A", email: "a@example.test", result: TrainingResult.Passed);
        await app.ParticipantAsync(third.Id, name: "Aspirant A", email: "A@example.test", result: TrainingResult.Passed);
        await app.ParticipantAsync(first.Id, name: "Mandated without account", category: ParticipantCategory.MandatedOfficer, result: TrainingResult.Passed);
        await app.ParticipantAsync(first.Id, name: "Failed", result: TrainingResult.Failed);
        await app.ParticipantAsync(second.Id, name: "Next year", result: TrainingResult.Passed);

        await using var db = app.Db();
        Assert.Equal(new TrainingFigures.Year(2, 3, 2), await TrainingFigures.ForYearAsync(db, year, default));
        Assert.Equal(new TrainingFigures.Year(1, 1, 0), await TrainingFigures.ForYearAsync(db, year + 1, default));
    }
}

public class TrainingDemoTests
{
    [Fact]
    public async Task The_demo_seeds_the_police_schools_and_one_current_curriculum_once()
    {
        await using var db = TestDatabase.Open(await TestDatabase.CreateMigratedAsync());
        var clock = new TestClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await TrainingDemo.SeedAsync(db, clock, default);
        await TrainingDemo.SeedAsync(db, clock, default); // a second start changes nothing

        Assert.Equal(TrainingDemo.Schools.Length, await db.Academies.CountAsync());
        Assert.Contains(await db.Academies.Select(a => a.Town).ToListAsync(), t => t == "Jurbise");
        var current = await db.CurriculumVersions.Include(v => v.Modules).SingleAsync();
        Assert.Equal(CurriculumState.Current, current.State);
        Assert.Equal(["fr", "nl"], current.Modules.Select(m => m.Language).Distinct().Order());
    }
}
