using BinHub.Features.Succession;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace BinHub.Tests.Support;

/// <summary>Builders for coordinator succession: members who can sign in, and the daily job run at the test clock's time.</summary>
public static class SuccessionBuilders
{
    public sealed record SignedInMember(Member Member, World.Person Person);

    /// <summary>A household with its own account (role Member) and an API token to act as it.</summary>
    public static async Task<SignedInMember> SignedInMemberAsync(this World world, BinHubApp app, int binId, string? email = "auto",
        MemberState state = MemberState.Active, string language = "nl")
    {
        var person = await world.PersonAsync(Roles.Member, lang: language);
        await using var db = app.Db();
        var member = new Member
        {
            BinId = binId, UserId = person.User.Id, Name = $"Lid {person.User.DisplayName}", Street = "Kerkstraat", HouseNumber = "7",
            Email = email == "auto" ? $"household.{Guid.NewGuid():N}@test.invalid" : email, Language = language, State = state,
            ConsentVersion = "2024-1", ConsentAt = app.Clock.Now, CreatedAt = app.Clock.Now, UpdatedAt = app.Clock.Now,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return new SignedInMember(member, person);
    }

    public static async Task<CoordinatorVacancies.Result> RunVacancyJobAsync(this BinHubApp app)
    {
        await using var db = app.Db();
        return await CoordinatorVacancies.RunAsync(db, app.Clock, app.Services.GetRequiredService<IStringLocalizer<SharedResource>>(),
            "https://binhub.test", default);
    }

    public static DateOnly Today(this BinHubApp app) => Vacancy.Today(app.Clock);
}
