using BinHub.Features.Succession;
using static BinHub.Tests.Support.SteeringWorld;

namespace BinHub.Tests.SteeringCommittee;

public class VacancyHistoryTests
{
    [Fact]
    public async Task The_succession_round_records_each_vacancy_when_it_opens_and_when_it_is_filled_and_a_new_one_after_it()
    {
        await using var db = TestDatabase.Open(await TestDatabase.CreateMigratedAsync());
        var clock = new TestClock(On(2025, 4, 1, 6));
        var world = new SteeringWorld(db);
        var bin = await world.BinAsync(await world.PlaceAsync(), On(2024, 1, 1));
        Task Round() => CoordinatorVacancies.RunAsync(db, clock, Voice.CallScriptTests.L, "https://binhub.test", default);

        await Round();
        var opened = await db.BinVacancies.AsNoTracking().SingleAsync();
        Assert.Equal((bin.Id, clock.Now, (DateTimeOffset?)null), (opened.BinId, opened.OpenedAt, opened.FilledAt));

        var user = new AppUser { UserName = "c@test.invalid", Email = "c@test.invalid", SecurityStamp = "s" };
        db.Users.Add(user);
        db.BinCoordinators.Add(new BinCoordinator { BinId = bin.Id, UserId = user.Id, IsPrimary = true });
        await db.SaveChangesAsync();
        clock.Advance(TimeSpan.FromDays(12));
        await Round();
        Assert.Equal(clock.Now, (await db.BinVacancies.AsNoTracking().SingleAsync()).FilledAt);

        db.BinCoordinators.RemoveRange(db.BinCoordinators);
        await db.SaveChangesAsync();
        clock.Advance(TimeSpan.FromDays(3));
        await Round();
        await Round(); // idempotent: still one open vacancy
        var rows = await db.BinVacancies.AsNoTracking().OrderBy(v => v.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((clock.Now, (DateTimeOffset?)null), (rows[1].OpenedAt, rows[1].FilledAt));
    }
}
